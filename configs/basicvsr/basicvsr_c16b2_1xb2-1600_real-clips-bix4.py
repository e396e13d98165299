# Baseline for configs/s2svr/s2svr_c16b2_1xb2-2400_real-clips-bix4.py: MMagic's BasicVSR as in
# basicvsr_c16b2_1xb2-800_real-clips-bix4.py for twice the iterations (the same CPU time as the
# 2400-iteration S2SVR run at the measured one-core speeds, 1.8 s vs 1.2 s per iteration).
_base_ = ['./basicvsr_c16b2_1xb2-800_real-clips-bix4.py']
experiment_name = 'basicvsr_c16b2_1xb2-1600_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1600
train_cfg = dict(max_iters=max_iters, val_interval=400)
param_scheduler = dict(periods=[max_iters])

# Baseline for configs/s2svr/s2svr_c16b2_1xb2-1200_real-clips-blur.py: MMagic's BasicVSR++ as in
# basicvsr-pp_c16n2_1xb2-30_real-clips-blur.py for 100 iterations, about the CPU time of the
# 1200-iteration S2SVR run (BasicVSR++ takes about 25 s of CPU per iteration on mmcv's CPU
# deformable conv; the README gives both measured times).
_base_ = ['./basicvsr-pp_c16n2_1xb2-30_real-clips-blur.py']
experiment_name = 'basicvsr-pp_c16n2_1xb2-100_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 100
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=10), checkpoint=dict(interval=max_iters))

# The x4 recipe of s2svr_c16b2_1xb2-1200_real-clips-bix4.py with twice the channels (C=32),
# for about the same CPU time as s2svr_c16b2_1xb2-2400_real-clips-bix4.py (one core,
# OMP_NUM_THREADS=1). Validation on the held-out clips (tree, carphone), Y channel.
_base_ = ['./s2svr_c16b2_1xb2-1200_real-clips-bix4.py']
experiment_name = 's2svr_c32b2_1xb2-1000_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1000
model = dict(generator=dict(mid_channels=32), train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=250)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=250))

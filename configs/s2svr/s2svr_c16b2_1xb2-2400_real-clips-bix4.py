# The x4 recipe of s2svr_c16b2_1xb2-1200_real-clips-bix4.py trained twice as long (2400
# iterations, cosine over 2400): about 50 min on one core (OMP_NUM_THREADS=1). Validation on the
# held-out clips (tree, carphone), Y channel, every 600 iterations.
_base_ = ['./s2svr_c16b2_1xb2-1200_real-clips-bix4.py']
experiment_name = 's2svr_c16b2_1xb2-2400_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 2400
model = dict(train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=600)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=600))

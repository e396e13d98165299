# The shipped default x4 VSR model (s2svr_mm/weights/sr.pth): the 1200-iteration CPU run
# (s2svr_c16b2_1xb2-1200_real-clips-bix4.py) trained for 1200 more iterations (a warm restart
# of the cosine schedule at lr 5e-4), because 1200 iterations gain only 0.5 dB over bicubic
# on the held-out clips. Everything else as that config (flow net frozen throughout). Both
# stages together: about 50 min on one core, 25 min on two.
_base_ = ['./s2svr_c16b2_1xb2-1200_real-clips-bix4.py']
experiment_name = 's2svr_c16b2_1xb2-1200ft_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'
load_from = 'work_dirs/s2svr_c16b2_1xb2-1200_real-clips-bix4/iter_1200.pth'

max_iters = 1200
model = dict(train_cfg=dict(fix_iter=max_iters))
optim_wrapper = dict(optimizer=dict(lr=5e-4))
train_cfg = dict(max_iters=max_iters, val_interval=600)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=600))

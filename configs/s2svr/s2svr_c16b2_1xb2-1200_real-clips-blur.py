# Deblurring at the whole CPU budget of issue #6: the recipe of
# s2svr_c16b2_1xb2-300_real-clips-blur.py for 1200 iterations, with the flows estimated at half
# the input size (flow_downsample=2, as s2svr_c16b2_1xb2-1200_real-clips-hevc-qp37.py). About
# 50 min on one core (OMP_NUM_THREADS=1). Validation on the held-out clips (tree, carphone), RGB
# as GoPro. Measured: 32.13 dB at 300 and 600 iterations, level with the blurred input, so the
# run was stopped at 850 and no deblur.pth ships (docs/results.md).
_base_ = ['./s2svr_c16b2_1xb2-300_real-clips-blur.py']
experiment_name = 's2svr_c16b2_1xb2-1200_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1200
model = dict(generator=dict(flow_downsample=2), train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=300)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=300))

# Compressed-video enhancement at the whole CPU budget of issue #6: the recipe of
# s2svr_c16b2_1xb2-300_real-clips-hevc-qp37.py for 1200 iterations, with the flows estimated at
# half the input size (flow_downsample=2, the feature grid of downsample=2), which takes an
# iteration from 3.35 s to 2.39 s on one core (a one-off profile of the training step). About
# 50 min on one core (OMP_NUM_THREADS=1).
# Validation on the held-out clips (tree, carphone), Y channel (MFQEv2). Measured: 48 CPU-minutes,
# 28.43 dB, level with the 300-iteration model (docs/results.md), so decompress.pth stays that one.
_base_ = ['./s2svr_c16b2_1xb2-300_real-clips-hevc-qp37.py']
experiment_name = 's2svr_c16b2_1xb2-1200_real-clips-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1200
model = dict(generator=dict(flow_downsample=2), train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=300)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=300))

# The shipped compressed-video recipe (s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py, 20
# CPU-minutes) for the whole 2 CPU-hours of issue #17: 1,600 iterations instead of 400, the same
# cosine schedule stretched. Why: the README named "longer training" as the HEVC lever, and
# 400 iterations used a sixth of the budget; 1,600 at the 4.5 s measured beside a second run are
# about 120 minutes (129 measured). Measured: docs/results.md, "Issue 17: HEVC for the whole 2
# CPU-hours": -0.00 dB held out; not shipped.
_base_ = ['./s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1600
model = dict(train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=400)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=400))

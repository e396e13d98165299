# Issue #17: the shipped x4 recipe (s2svr_c16b2_1xb1-4500_motion-seqs-real-clips-long-bix4_flow-
# student-up2.py: motion sequences plus every frame of the real training clips, C=16, 2 blocks,
# 2 layers, zero-initialised head, MSE, the frozen distilled PWC-Lite student on the LQ frames
# upsampled x2) trained for the whole CPU budget of the issue, 2 CPU-hours (120 minutes of one
# thread at 1.06 s per iteration = 6,750 iterations, the cosine schedule stretched to match)
# instead of the 80 minutes of the shipped run, whose held-out validation still rose over its
# last quarter (28.229 -> 28.256 dB at 3,375 -> 4,500). Measured (seed 0, docs/results.md, fifth
# stop of 2026-12-05): Y gain over bicubic +0.890 real pair (shipped: +0.885), +1.075 held out
# (+1.01), +0.779 carphone/tree (+0.723); not shipped, as the real pair stays under +1.0.
_base_ = ['./s2svr_c16b2_1xb1-4500_motion-seqs-real-clips-long-bix4_flow-student-up2.py']
experiment_name = 's2svr_c16b2_1xb1-6750_motion-seqs-real-clips-long-bix4_flow-student-up2'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 6750
model = dict(train_cfg=dict(fix_iter=max_iters))  # the flow net stays frozen
train_cfg = dict(max_iters=max_iters, val_interval=1350)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=1350))

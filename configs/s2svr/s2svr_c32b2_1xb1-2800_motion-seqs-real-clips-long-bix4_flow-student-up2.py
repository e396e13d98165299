# Issue #17, width instead of time: the shipped x4 recipe (s2svr_c16b2_1xb1-4500_motion-seqs-real-
# clips-long-bix4_flow-student-up2.py: motion sequences plus every frame of the real training
# clips, 2 blocks, 2 layers, zero-initialised head, MSE, the frozen distilled PWC-Lite student on
# the LQ frames upsampled x2) with twice the channels (C=32), for the whole 2 CPU-hours.
# Why: at C=16 the real validation pair stopped moving with time (+0.885 dB over bicubic at 4,500
# iterations, +0.890 / +0.840 over two seeds at 6,750), which points at capacity, not updates.
# Cost: 2.4-2.6 s per iteration on one thread beside a second run (C=16: 1.06-1.5; measured over
# 40 iterations on 2026-12-06), so 2,800 iterations fill about 120 minutes.
# Measured (seeds 0 / 1, docs/results.md, twelfth stop of 2026-12-06): Y gain over bicubic
# +0.870 / +0.850 real pair, +0.953 / +0.990 held out, +0.784 / +0.759 carphone/tree: level
# with C=16 for the same time on the real pair, 0.10 dB behind held out; not shipped.
_base_ = ['./s2svr_c16b2_1xb1-4500_motion-seqs-real-clips-long-bix4_flow-student-up2.py']
experiment_name = 's2svr_c32b2_1xb1-2800_motion-seqs-real-clips-long-bix4_flow-student-up2'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 2800
model = dict(
    generator=dict(mid_channels=32),
    train_cfg=dict(fix_iter=max_iters))  # the flow net stays frozen
train_cfg = dict(max_iters=max_iters, val_interval=700)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=700))

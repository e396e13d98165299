# Diagnostic of issue #17, not the paper's method: the DIS-flow deblurring recipe with its flows
# as an input (s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow-input.py) but nothing warped
# (S2SVRNet(motion_compensation=False)): the zero-flow recipe (the shipped deblur.pth) told
# each frame's motion. Separates what the flow input gives from what the alignment costs: the
# aligned model with the input reached 30.675 / 0.8422 at 1,600 iterations, the zero-flow model
# 30.776 / 0.8381 (held-out motion sequences, RGB; docs/results.md).
# Measured (one thread; stopped at iteration 430 and resumed with --resume): 30.424 / 0.8335 at
# 800 and 30.649 / 0.8366 at 1,600 iterations, behind both: the flow as an input does not pay
# without the alignment either (docs/results.md, "Issue 17: self-ensemble; the MMagic baselines
# propagated nothing; the unaligned flow-input deblurring run").
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow-input.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow-input-unaligned'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(motion_compensation=False))

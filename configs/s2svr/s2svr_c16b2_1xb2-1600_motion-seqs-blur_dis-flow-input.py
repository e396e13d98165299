# Diagnostic of issue #17, not the paper's method: the DIS-flow deblurring recipe
# (s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow.py) whose first encoder layer also sees each
# frame's flows to its neighbours (S2SVRNet(flow_input=True), 4 extra input channels).
# Hypothesis: aligning the recurrent states removes the frame-to-frame displacement from which the
# zero-flow model can read the length and direction of each frame's motion blur; the flow given as
# an input restores that cue while keeping the alignment. Reference points at iteration 800 on the
# held-out motion sequences: the DIS recipe 30.167 dB (its 2026-12-05 rerun; 30.141 on 12-03), the
# zero-flow recipe 30.651.
# Measured (2026-12-05, docs/results.md, "aligned deblurring loses the blur's motion"): 30.543 /
# 0.8381 at 800 and 30.675 / 0.8422 at 1,600 (the DIS recipe without the input: 29.933 / 0.8315;
# zero flow: 30.776 / 0.8381): the flow input recovers 0.74 of the 0.84 dB that alignment cost,
# and leads zero flow in SSIM but not in PSNR.
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow-input'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(flow_input=True))

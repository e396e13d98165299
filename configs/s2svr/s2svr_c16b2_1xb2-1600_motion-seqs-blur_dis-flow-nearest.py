# Issue #17, why aligned states lose for deblurring: s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-
# flow.py (OpenCV's DIS flow, EPE 0.18 px on these blurred sequences) with the recurrent states
# and latents warped by nearest-pixel sampling instead of bilinear (S2SVRNet
# warp_interpolation='nearest'; not in the paper). Bilinear warping low-passes every state once
# per frame (a shift of 0.5 px halves the highest frequency), which zero flow never does; nearest
# sampling does not filter, at the cost of up to 0.5 px of misalignment. The DIS run reached
# 30.14 dB at 800 iterations against 30.65 for zero flow (docs/results.md): if the filtering is
# what costs the aligned model, this run closes that gap.
# Measured (2026-12-05, docs/results.md): 30.167 / 0.8346 at iteration 800, the bilinear control
# 30.167 / 0.8345: the filtering is not the cause. Stopped at 800.
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow-nearest'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(warp_interpolation='nearest'))

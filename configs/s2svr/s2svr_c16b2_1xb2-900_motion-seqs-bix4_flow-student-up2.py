# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, extra row (a2): row (a)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py, the distilled student, symmetrised)
# with the flows estimated on the LQ frames upsampled x2 (bilinear) and rescaled back
# (S2SVRNet flow_upscale=2; not in the paper). Why: at the LQ size this student's flow barely
# beats zero flow in warp error on real frames (+0.10 / -0.08 dB, bikes / vtest, symmetrised);
# on the frames upsampled x2 it gains +1.53 / +0.71 dB (docs/flow.md, 2026-12-04). x4 (the HQ
# size) costs 7.2 s per iteration on one thread, x2 about half as much as that.
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-up2'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(flow_upscale=2))

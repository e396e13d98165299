# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, extra row (b2): row (b)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis.py, the student trained without
# L_dis, symmetrised) with the flows estimated on the LQ frames upsampled x2 (S2SVRNet
# flow_upscale=2; see ..._flow-student-up2.py): warp gain +1.34 / +0.90 dB on bikes / vtest
# against +0.03 / +0.29 at the LQ size (docs/flow.md, 2026-12-04).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis-up2'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(flow_upscale=2))

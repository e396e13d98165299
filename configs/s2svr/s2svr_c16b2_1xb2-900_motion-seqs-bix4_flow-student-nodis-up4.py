# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, an extra row: row (b)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis.py, the student trained without
# L_dis) with the flows estimated on the LQ frames upsampled x4 (bilinear), i.e. at the HQ size,
# and rescaled back (S2SVRNet flow_upscale=4; not in the paper). Why: on real x4 LQ frames this
# student's flow loses to zero flow in warp error at the LQ size (-0.37 / -0.20 dB, bikes /
# vtest) and beats it on the upsampled frames (+2.35 / +1.17 dB; docs/flow.md, 2026-12-04).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis-up4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(flow_upscale=4))

# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (a3): row (a2)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-up2.py: the recipe, frozen symmetrised
# flow estimated on the LQ frames upsampled x2) with the distilled student of the fine-tuned
# teacher (configs/flow/pwclite-norm-ft_student_1xb4-600_motion-seqs-bix4.py, shipped as
# s2svr_mm/weights/pwclite-norm_student_sr.pth): warp gain +3.43 / +2.90 dB on bikes / vtest
# against +1.53 / +0.71 for the student of row (a2) (docs/flow.md, 2026-12-04, evening).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-up2.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(
    flow_pretrained='work_dirs/pwclite-norm-ft_student_1xb4-600_motion-seqs-bix4/iter_600.pth'))

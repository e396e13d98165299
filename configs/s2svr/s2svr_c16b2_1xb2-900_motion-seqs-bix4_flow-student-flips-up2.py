# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (a4): row (a3)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2.py: the recipe, frozen symmetrised
# flow estimated on the LQ frames upsampled x2) with the distilled student of the teacher
# trained on with flow-aware flips, itself trained with flips
# (configs/flow/pwclite-norm-ft2-flips_student_1xb4-600_motion-seqs-bix4.py, shipped as
# s2svr_mm/weights/pwclite-norm-flips_student_sr.pth): used this way its (3, -2) shift EPE on
# real vtest windows is 0.35 px against 1.12 for the flow of row (a3), warp gain +3.78 / +3.65 dB
# on bikes / vtest against +3.43 / +2.90 (docs/flow.md, 2026-12-04, late night).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-flips-up2'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(
    flow_pretrained='s2svr_mm/weights/pwclite-norm-flips_student_sr.pth'))

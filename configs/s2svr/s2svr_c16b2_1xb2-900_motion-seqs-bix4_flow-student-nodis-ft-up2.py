# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (b3): the recipe of row
# (a3) (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2.py: frozen symmetrised flow
# estimated on the LQ frames upsampled x2) with the student of the same stage-1 teacher trained
# without L_dis (configs/flow/pwclite-norm-ft_student-nodis_1xb4-600_motion-seqs-bix4.py; run it
# first). Only the flow's distillation term differs from (a3).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis-ft-up2'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(
    flow_pretrained='work_dirs/pwclite-norm-ft_student-nodis_1xb4-600_motion-seqs-bix4/'
    'iter_600.pth'))

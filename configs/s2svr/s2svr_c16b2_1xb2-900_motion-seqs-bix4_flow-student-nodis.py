# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (b): row (a)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py) with the PWC-Lite student trained
# without L_dis (configs/flow/pwclite-norm_student-nodis_1xb4-600_motion-seqs-bix4.py; train it
# first, about 5 CPU-minutes).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-nodis'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(flow_pretrained='work_dirs/pwclite-norm_student-nodis_1xb4-600_motion-seqs-'
                   'bix4/iter_600.pth'))

# The ablation of the paper's Table 4 (L_dis or not):
# pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-hevc-qp37.py without L_dis (the same start,
# the teacher's weights; ARFlow's unsupervised losses on the LQ pairs only).
_base_ = ['./pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-hevc-qp37.py']
experiment_name = 'pwclite-norm-ft6-flips_student-nodis_1xb4-800_motion-seqs180-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(distillation_loss=None)

# The ablation of the paper's Table 4 for bix4:
# pwclite-norm-ft2-flips_student_1xb4-600_motion-seqs-bix4.py
# without L_dis (the same start, the flipped teacher's weights; ARFlow's unsupervised losses
# on the LQ pairs only).
_base_ = ['./pwclite-norm-ft2-flips_student_1xb4-600_motion-seqs-bix4.py']
experiment_name = 'pwclite-norm-ft2-flips_student-nodis_1xb4-600_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(distillation_loss=None)

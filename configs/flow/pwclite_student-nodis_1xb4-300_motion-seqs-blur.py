# The ablation of the paper's Table 4 for blur: the same student without L_dis.
_base_ = ['./pwclite_student_1xb4-300_motion-seqs-blur.py']
experiment_name = 'pwclite_student-nodis_1xb4-300_motion-seqs-blur'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(distillation_loss=None)

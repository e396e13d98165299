# Ablation of Alg. 1 (paper Table 4): the same student, same budget, without L_dis.
_base_ = ['./pwclite_student_1xb4-400_real-clips-bix4.py']
experiment_name = 'pwclite_student-nodis_1xb4-400_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'
model = dict(distillation_loss=None)

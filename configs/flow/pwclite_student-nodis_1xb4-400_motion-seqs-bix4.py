# The ablation of the paper's Table 4 for x4 SR: the same student without L_dis (ARFlow's
# unsupervised losses on the LQ pairs only).
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4.py']
experiment_name = 'pwclite_student-nodis_1xb4-400_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(distillation_loss=None)

# Alg. 1 step 2, x4 SR, from the teacher trained at 256x256
# (pwclite_supervised-ft_1xb2-1000_motion-seqs.py, shipped as
# s2svr_mm/weights/pwclite_supervised-ft_motion-seqs.pth): the student PWC-Lite on the BI x4 LQ
# frames, ARFlow's unsupervised losses on the LQ pairs plus 0.1 x L_dis (Eq. 16) towards the
# frozen teacher's HQ flows; it starts from the teacher's weights. 256x256 GT crops = 64x64 LQ,
# the LQ crop of the x4 restorer (configs/s2svr/s2svr_c16b2_1xb2-1000_motion-seqs-bix4.py).
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4.py']
experiment_name = 'pwclite_student_1xb4-400_motion-seqs-bix4-gt256'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(teacher_pretrained='s2svr_mm/weights/pwclite_supervised-ft_motion-seqs.pth')
train_dataloader = dict(dataset=dict(gt_patch_size=256))

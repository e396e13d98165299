# Alg. 1 step 2, blur: the student PWC-Lite on the blur frames of the motion sequences (same size
# as the HQ frames), from the teacher with normalised cost-volume features; see
# pwclite-norm_student_1xb4-600_motion-seqs-bix4.py. 128x128 crops (the teacher's), batch 4,
# 400 iterations.
_base_ = ['./pwclite-norm_student_1xb4-600_motion-seqs-bix4.py']
experiment_name = 'pwclite-norm_student_1xb4-400_motion-seqs-blur'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 400
train_dataloader = dict(dataset=dict(lq_folder='blur', gt_patch_size=128))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)

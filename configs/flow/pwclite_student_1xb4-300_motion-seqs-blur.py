# Alg. 1 step 2, blur: the student PWC-Lite on the blur frames of the motion sequences (same
# size as the HQ frames, 128x128 crops; 300 iterations, a step costs about 4x the x4
# student's); see pwclite_student_1xb4-400_motion-seqs-bix4.py.
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4.py']
experiment_name = 'pwclite_student_1xb4-300_motion-seqs-blur'
work_dir = f'./work_dirs/{experiment_name}'

train_cfg = dict(max_iters=300)
param_scheduler = dict(T_max=300)
train_dataloader = dict(dataset=dict(lq_folder='blur', gt_patch_size=128))

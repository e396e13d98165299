# Alg. 1 step 2, hevc-qp37: the student PWC-Lite on the hevc_qp37 frames of the motion sequences
# (same size as the HQ frames, 128x128 crops; 300 iterations, a step costs about 4x the x4
# student's); see pwclite_student_1xb4-400_motion-seqs-bix4.py.
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4.py']
experiment_name = 'pwclite_student_1xb4-300_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

train_cfg = dict(max_iters=300)
param_scheduler = dict(T_max=300)
train_dataloader = dict(dataset=dict(lq_folder='hevc_qp37', gt_patch_size=128))

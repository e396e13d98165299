# Alg. 1 step 2, hevc-qp37: the student PWC-Lite on the hevc_qp37 frames of the motion sequences
# (same size as the HQ frames), from the teacher trained at 256x256; see
# pwclite_student_1xb4-400_motion-seqs-bix4-gt256.py. 256x256 crops, batch 2, 300 iterations.
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4-gt256.py']
experiment_name = 'pwclite_student_1xb2-300_motion-seqs-hevc-qp37-gt256'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(batch_size=2, dataset=dict(lq_folder='hevc_qp37'))
train_cfg = dict(max_iters=300)
param_scheduler = dict(T_max=300)
default_hooks = dict(checkpoint=dict(interval=300))

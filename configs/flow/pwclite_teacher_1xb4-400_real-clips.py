# Alg. 1 step 1 at CPU scale: the teacher PWC-Lite on the HQ frames of the real clips (train
# split). One teacher serves the three tasks' students (their HQ frames are the same clips).
_base_ = ['../_base_/datasets/real_clips_sr_bix4.py', '../_base_/models/flow_pretrainer.py']
experiment_name = 'pwclite_teacher_1xb4-400_real-clips'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(occlusion_from_iter=150)
train_dataloader = dict(batch_size=4, dataset=dict(num_input_frames=2))  # frame pairs
train_cfg = dict(max_iters=400)
param_scheduler = dict(T_max=400)
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=200))
val_dataloader = val_cfg = val_evaluator = None  # training only (see the model base)
test_dataloader = test_cfg = test_evaluator = None

# Alg. 1 step 1 at CPU scale: the teacher PWC-Lite on the HQ frames of the real clips (train
# split). One teacher serves the three tasks' students (their HQ frames are the same clips).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_sr_bix4.py',
    '../_base_/models/flow_pretrainer.py'
]
experiment_name = 'pwclite_teacher_1xb4-400_real-clips'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(stage='teacher', occlusion_from_iter=150)
train_dataloader = dict(batch_size=4, num_workers=2, dataset=dict(num_input_frames=2))
train_cfg = dict(max_iters=400)
param_scheduler = dict(T_max=400)

# training only: flow quality is measured by tools/eval_flow.py
val_dataloader = val_cfg = val_evaluator = None
test_dataloader = test_cfg = test_evaluator = None
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=200, save_best=None))
custom_hooks = []

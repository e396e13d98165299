# Alg. 1 step 1 at paper scale: the teacher PWC-Lite on the HQ frames of reds4.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/reds4_bix4.py',
    '../_base_/models/flow_pretrainer.py'
]
experiment_name = 'pwclite_teacher_8xb4-100k_reds4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(stage='teacher', occlusion_from_iter=20_000)
train_dataloader = dict(batch_size=4, dataset=dict(num_input_frames=2))
train_cfg = dict(max_iters=100_000)
param_scheduler = dict(T_max=100_000)

# training only: flow quality is measured by tools/eval_flow.py
val_dataloader = val_cfg = val_evaluator = None
test_dataloader = test_cfg = test_evaluator = None
default_hooks = dict(checkpoint=dict(interval=10_000, save_best=None))
custom_hooks = []

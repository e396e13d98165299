# Alg. 1 step 1 at paper scale: the teacher PWC-Lite on the HQ frames of gopro.
_base_ = ['../_base_/datasets/gopro.py', '../_base_/models/flow_pretrainer.py']
experiment_name = 'pwclite_teacher_8xb4-100k_gopro'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(batch_size=4, dataset=dict(num_input_frames=2))  # frame pairs
val_dataloader = val_cfg = val_evaluator = None  # training only (see the model base)
test_dataloader = test_cfg = test_evaluator = None

# Alg. 1 step 1 as the paper has it, purely unsupervised: the teacher PWC-Lite on the HQ frame
# pairs of the motion sequences with ARFlow's losses (../_base_/models/flow_pretrainer.py), from
# a fresh network, on the same 64x64 crops as the supervised warm start
# (pwclite_supervised_1xb4-6000_motion-seqs.py), for a sixth of its iterations (compared at equal
# iterations with its iter_1000.pth): the measurement
# against which that extra stage is judged (docs/flow.md).
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite_teacher_1xb4-1000_motion-seqs'
work_dir = f'./work_dirs/{experiment_name}'

# the unsupervised stages read no flow file
train_dataloader = dict(dataset=dict(gt_patch_size=64, with_backward_flow=False, with_flow=False))
train_cfg = dict(max_iters=1000)
param_scheduler = dict(T_max=1000)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=500, max_keep_ckpts=2))

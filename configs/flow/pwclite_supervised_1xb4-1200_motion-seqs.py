# Extra stage, not in the paper (issue #15 allows it, labelled): a supervised warm start of the
# teacher PWC-Lite on the exact flows of the motion sequences (HQ frame pairs, 128x128 crops,
# FlowEPELoss). From scratch, ARFlow's unsupervised losses need tens of thousands of
# iterations (../../docs/flow.md); this gives the unsupervised stages a network that already
# sees motion. lr 2e-4 (PWC-Net's multi-scale EPE schedule starts at 1e-4; twice that for a
# short CPU run) with cosine decay.
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite_supervised_1xb4-1200_motion-seqs'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(stage='supervised')
optim_wrapper = dict(optimizer=dict(lr=2e-4))
train_cfg = dict(max_iters=1200)
param_scheduler = dict(T_max=1200)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=200, max_keep_ckpts=3))

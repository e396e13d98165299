# Extra stage, not in the paper (issue #15 allows it, labelled): a supervised warm start of the
# teacher PWC-Lite on the exact flows of the motion sequences (HQ frame pairs, FlowEPELoss),
# on 64x64 crops: 0.35 s per iteration here (batch 4, both directions, one thread), a quarter
# of the pixels of 128x128 crops; the 1/16 level still reaches motions of +-64 px. The EPE
# stays on a plateau for about 1,000 iterations before it falls (a 1,200-iteration trial ended
# at 6.7 px of weighted multi-scale EPE, from 7.3). From scratch, ARFlow's unsupervised losses
# need far more iterations (docs/flow.md: the unsupervised teacher is still a near-zero
# field after 1000); this stage gives the unsupervised ones a
# network that already sees motion. lr 2e-4 (PWC-Net starts at 1e-4; twice that for a short
# CPU run) with cosine decay.
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite_supervised_1xb4-6000_motion-seqs'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(stage='supervised')
train_dataloader = dict(dataset=dict(gt_patch_size=64))
optim_wrapper = dict(optimizer=dict(lr=2e-4))
train_cfg = dict(max_iters=6000)
param_scheduler = dict(T_max=6000)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=1000, max_keep_ckpts=6))

# Extra stage, labelled (issue #15): supervised warm start of the teacher on the exact flows of
# the motion sequences, from scratch, with the cost volume built from normalised features
# (PWCLite(normalize_features=True): each pixel's feature vector centred over its channels and
# scaled to unit length; not in ARFlow). Why: with ARFlow's raw features (all positive after the
# LeakyReLUs) the cost volume of a fresh network peaks at the same offset whatever the motion
# (a real frame moved by (3, -2), (8, 4) or (-12, 6) px: per-pixel argmax right for 0-8% of the
# pixels at 1/2-1/8 resolution), so the estimator has nothing to read until the features have
# been learned; with normalised ones the argmax is right for 71-100% of the pixels at the level
# where the motion is within the search range (docs/flow.md). 128x128 crops (the 1/64 level is
# 2x2; 64x64 crops left it 1x1 and the network failed above its training size), forward flows
# only (0.62 s per iteration, batch 4, one thread), a fifth of the items static (StaticPairs),
# lr 3e-4 with cosine decay.
_base_ = ['./pwclite_supervised_1xb4-6000_motion-seqs.py']
experiment_name = 'pwclite-norm_supervised_1xb4-5000_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 5000
model = dict(flow_net=dict(normalize_features=True))
train_dataloader = dict(
    batch_size=4,
    dataset=dict(gt_patch_size=128, static_prob=0.2, with_backward_flow=False))
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=500, max_keep_ckpts=10))

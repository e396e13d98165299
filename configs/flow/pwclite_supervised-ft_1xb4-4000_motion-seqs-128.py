# Extra stage, labelled (issue #15): the supervised warm start continued at 128x128 crops.
# Starts from the 64x64 model of pwclite_supervised_1xb4-6000_motion-seqs.py (shipped as
# s2svr_mm/weights/pwclite_supervised_motion-seqs.pth), whose 1/64 and 1/32 levels were 1x1 and
# 2x2 and never learned to mean anything, so it fails above its training size (docs/flow.md).
# Forward flows only (0.64 s per iteration here, batch 4, one thread; both directions cost
# twice that): the motion of the sequences is random in direction, so a backward pair is
# another forward pair. A fifth of the items static (StaticPairs), as in the 256x256 stage.
# lr 2e-4 with cosine decay, as the 64x64 stage.
_base_ = ['./pwclite_supervised_1xb4-6000_motion-seqs.py']
experiment_name = 'pwclite_supervised-ft_1xb4-4000_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 4000
model = dict(flow_net=dict(pretrained='s2svr_mm/weights/pwclite_supervised_motion-seqs.pth'))
train_dataloader = dict(
    batch_size=4,
    dataset=dict(gt_patch_size=128, static_prob=0.2, with_backward_flow=False))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=500, max_keep_ckpts=8))

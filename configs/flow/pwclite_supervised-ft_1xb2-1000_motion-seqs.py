# Extra stage, labelled (issue #15): the supervised warm start continued at 256x256 crops.
# The 64x64 model of pwclite_supervised_1xb4-6000_motion-seqs.py (shipped as
# s2svr_mm/weights/pwclite_supervised_motion-seqs.pth) recovers motion at its training size but
# not above it: on motion-sequence pairs its EPE is 0.2-1.2 px on 64x64 windows and 1.9-12.7 px
# on the same pairs at 256x320 (docs/flow.md), because at 64x64 its 1/64 and 1/32 levels are
# 1x1 and 2x2 and were never trained to mean anything. This stage trains every level at the
# sizes the restorers and tools/eval_flow.py use: 256x256 crops, batch 2 (1.2 s per iteration
# on one thread), lr 1e-4 (ARFlow's) with cosine decay. A fifth of the pairs are static
# (StaticPairs: the first frame twice, up to 2 grey levels of noise, zero flow): a 500-iteration
# trial without them predicted 0.6-0.8 px of motion on static real scenes and lost 1.3 dB
# (vtest) and 11 dB (box) of warp error against zero flow (docs/flow.md).
_base_ = ['./pwclite_supervised_1xb4-6000_motion-seqs.py']
experiment_name = 'pwclite_supervised-ft_1xb2-1000_motion-seqs'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1000
model = dict(flow_net=dict(pretrained='s2svr_mm/weights/pwclite_supervised_motion-seqs.pth'))
train_dataloader = dict(batch_size=2, dataset=dict(gt_patch_size=256, static_prob=0.2))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=250, max_keep_ckpts=6))

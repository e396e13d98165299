# Alg. 1 step 1 (paper Sec. 3.3) after the labelled warm start: the shipped supervised teacher
# with normalised cost-volume features (pwclite-norm_supervised-ft_1xb4-2500_motion-seqs-128.py,
# s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth) continued without labels on the HQ
# frame pairs with ARFlow's losses (../_base_/models/flow_pretrainer.py: 0.15 L1 + 0.85 SSIM,
# occlusion from the backward flow, 50 x first-order smoothness; lr 1e-4 as ARFlow's
# configs/sintel_raw.json). Why: the students trained with the same losses on their own LQ
# frames and no L_dis came out better than this teacher on every stereo pair and the shift
# (docs/flow.md, 2026-12-04), so L_dis pulled the distilled students towards a worse flow; the
# paper's teacher is the unsupervised one. Same 128x128 crops and static share as the warm start.
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite-norm_teacher-ft_1xb4-800_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 800
model = dict(
    flow_net=dict(normalize_features=True),
    teacher_pretrained='s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth')
train_dataloader = dict(dataset=dict(gt_patch_size=128, static_prob=0.2))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=200, max_keep_ckpts=4))

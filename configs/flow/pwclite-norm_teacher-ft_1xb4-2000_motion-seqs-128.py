# Alg. 1 step 1 after the labelled warm start: the teacher PWC-Lite (normalised cost-volume
# features) trained without labels, ARFlow's losses (../_base_/models/flow_pretrainer.py) on the
# HQ frame pairs of the motion sequences, starting from the supervised teacher shipped as
# s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth
# (pwclite-norm_supervised-ft_1xb4-2500_motion-seqs-128.py). Why: the same losses on the LQ
# frames, from that teacher, gave students that beat it on every real-frame column (HEVC student
# without L_dis, 400 it: shift 0.84 vs 1.81 px, bikes warp gain +3.64 vs +0.74 dB; docs/flow.md),
# so the supervised teacher is not yet the better flow that L_dis should pull towards. 128x128
# crops, batch 4, a fifth of the items static (as the warm start), lr 1e-4 (ARFlow) with cosine
# decay.
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite-norm_teacher-ft_1xb4-2000_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 2000
model = dict(
    stage='teacher',
    flow_net=dict(normalize_features=True),
    teacher_pretrained='s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth')
train_dataloader = dict(
    dataset=dict(lq_folder='gt', gt_patch_size=128, static_prob=0.2, with_backward_flow=False,
                 with_flow=False))  # the unsupervised stages read no flow file
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=250, max_keep_ckpts=6))

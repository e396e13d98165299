# Alg. 1 step 2, x4 SR, from the teacher with normalised cost-volume features
# (pwclite-norm_supervised-ft_1xb4-2500_motion-seqs-128.py, shipped as
# s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth): the student PWC-Lite on the BI x4
# LQ frames, ARFlow's unsupervised losses on the LQ pairs plus 0.1 x L_dis (Eq. 16) towards the
# frozen teacher's HQ flows; it starts from the teacher's weights. 256x256 GT crops = 64x64 LQ;
# a fifth of the items static (StaticPairs, as the teacher).
_base_ = ['./pwclite_student_1xb4-400_motion-seqs-bix4.py']
experiment_name = 'pwclite-norm_student_1xb4-600_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 600
model = dict(
    flow_net=dict(normalize_features=True),
    teacher_pretrained='s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth')
train_dataloader = dict(dataset=dict(gt_patch_size=256, static_prob=0.2))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=200, max_keep_ckpts=3))

# Alg. 1 step 2, x4 SR: the student PWC-Lite on the BI x4 LQ frames of the motion sequences,
# with ARFlow's unsupervised losses on the LQ pairs plus 0.1 x L_dis (Eq. 16) towards the
# frozen teacher's HQ flows (upsampled x4 in size and value). It starts from the teacher's
# weights (student_init='teacher'; the paper starts from scratch, which needs far more than a
# CPU budget). 192x192 GT crops = 48x48 LQ.
_base_ = ['../_base_/models/flow_pretrainer.py', '../_base_/datasets/motion_seqs_flow.py']
experiment_name = 'pwclite_student_1xb4-400_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    stage='student',
    teacher_pretrained='work_dirs/pwclite_supervised_1xb4-6000_motion-seqs/iter_6000.pth')
# the unsupervised stages read no flow file
train_dataloader = dict(
    dataset=dict(lq_folder='bix4', gt_patch_size=192, with_backward_flow=False, with_flow=False))
train_cfg = dict(max_iters=400)
param_scheduler = dict(T_max=400)
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=200, max_keep_ckpts=2))

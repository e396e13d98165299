# The x4 VSR model shipped as s2svr_mm/weights/sr.pth until 2026-12-03 (issue #17; replaced by
# ..._1xb2-3600_motion-seqs-bix4_dis-flow.py). S2SVR at CPU scale: C=16,
# 2 residual blocks, 2 layers, attention radius 1, bicubic skip; on the motion sequences
# (256x256 GT crops = 64x64 LQ, 7-frame segments, batch 2). The flow net is the x4 student
# (configs/flow/pwclite_student_1xb4-400_motion-seqs-bix4-gt256.py), frozen throughout (training
# it doubles the step on a CPU). Adam lr 1e-3 (a short schedule wants a larger step than the
# paper's 2e-4), cosine to 1e-7. 1.33 s per iteration on one thread (frozen flow): 900
# iterations = the 20 CPU-minutes given to every S2SVR model of issue #17.
# Validation: the held-out motion sequences (other photographs), Y channel.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/motion_seqs_sr_bix4.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 900
model = dict(
    generator=dict(
        mid_channels=16, num_blocks=2, num_layers=2, flow_resolution=None, symmetric_flow=True,
        upsample_mode='bicubic',
        flow_pretrained='work_dirs/pwclite_student_1xb4-400_motion-seqs-bix4-gt256/iter_400.pth'),
    train_cfg=dict(fix_iter=max_iters))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_iters=max_iters, val_interval=450)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(
    logger=dict(interval=25),
    checkpoint=dict(interval=450, save_best='MotionSeqs-BIx4-Y/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

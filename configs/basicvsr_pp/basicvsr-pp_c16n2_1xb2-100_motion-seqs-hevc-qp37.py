# Baseline for the shipped same-size model
# configs/s2svr/s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py
# (issue #17): MMagic's BasicVSR++ (see the model base) on the same motion sequences, crops
# (128x128), segments (7 frames) and batch, for the 20 CPU-minutes of the S2SVR model on one thread
# (12 s per iteration measured beside another job: 100 iterations).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/motion_seqs_hevc_qp37.py',
    '../_base_/models/basicvsr_pp_real_clips_same_size.py'
]
experiment_name = 'basicvsr-pp_c16n2_1xb2-100_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 100
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(interval=max_iters, save_best='MotionSeqs-HEVC-QP37-Y/PSNR', rule='greater'))
custom_hooks = []

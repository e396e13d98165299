# The shipped compressed-video enhancement model (s2svr_mm/weights/decompress.pth): S2SVR at
# CPU scale on the real clips at HEVC QP 37 (model and schedule: the model base). Flow net: the
# distilled student on QP 37 frames (configs/flow/pwclite_student_1xb4-400_real-clips-hevc-qp37.py).
# About 20 min on one core (OMP_NUM_THREADS=1). Validation on the held-out clips (tree,
# carphone), Y channel (MFQEv2).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_hevc_qp37.py',
    '../_base_/models/s2svr_real_clips_same_size.py'
]
experiment_name = 's2svr_c16b2_1xb2-300_real-clips-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

# decompress.pth was trained with the legacy PWC-Lite (no LeakyReLU after the 1x1 reduce
# convs); the flag keeps it loading as it was trained (issue 15).
model = dict(generator=dict(
    flow_net=dict(type='PWCLite', reduce_activation=False),
    flow_pretrained='work_dirs/pwclite_student_1xb4-400_real-clips-hevc-qp37/iter_400.pth'))
train_dataloader = dict(batch_size=2, num_workers=1, dataset=dict(num_input_frames=7))
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        interval=_base_.max_iters, save_best='RealClips-HEVC-QP37-Y/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

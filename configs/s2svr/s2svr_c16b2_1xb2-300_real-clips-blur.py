# S2SVR deblurring at CPU scale on the real clips' GoPro-style blur (model and schedule: the
# model base). Flow net: the distilled student on blurred frames
# (configs/flow/pwclite_student_1xb4-400_real-clips-blur.py). About 20 min on one core
# (OMP_NUM_THREADS=1). Validation on the held-out clips (tree, carphone), RGB as GoPro. Its
# model scored below the blurred input, so no deblur.pth ships (docs/results.md).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_deblur.py',
    '../_base_/models/s2svr_real_clips_same_size.py'
]
experiment_name = 's2svr_c16b2_1xb2-300_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(
    flow_pretrained='work_dirs/pwclite_student_1xb4-400_real-clips-blur/iter_400.pth'))
train_dataloader = dict(batch_size=2, num_workers=1, dataset=dict(num_input_frames=7))
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        interval=_base_.max_iters, save_best='RealClips-Blur-RGB/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

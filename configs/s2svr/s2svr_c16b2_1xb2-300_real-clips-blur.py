# The shipped default deblurring model (s2svr_mm/weights/deblur.pth): S2SVR at CPU scale on the
# real clips' GoPro-style blur. C=16, 2 blocks, 2 layers, features at 1/2 (downsample=2; at 1/4,
# 16 channels cannot hold a 4x4x3 patch), residual to the blurred input; 7-frame sequences,
# 128x128 crops, batch 2, 300 iterations, Adam lr 1e-3 cosine to 1e-7. The flow net is the
# distilled student on blurred frames (configs/flow/pwclite_student_1xb4-400_real-clips-blur.py),
# frozen throughout (training it doubles the iteration time on a CPU). About 20 min on one core
# (OMP_NUM_THREADS=1). Validation on the held-out clips (tree, carphone), RGB as GoPro.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_deblur.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c16b2_1xb2-300_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 300
model = dict(
    generator=dict(
        mid_channels=16, num_blocks=2, num_layers=2, is_low_res_input=False, downsample=2,
        flow_resolution=None,
        flow_pretrained='work_dirs/pwclite_student_1xb4-400_real-clips-blur/iter_400.pth'),
    train_cfg=dict(fix_iter=max_iters))
train_dataloader = dict(batch_size=2, num_workers=1, dataset=dict(num_input_frames=7))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=max_iters, save_best='RealClips-Blur-RGB/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

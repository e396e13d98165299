# S2SVR video deblurring on GoPro (paper Sec. 4.2; released config): C=48, 13 blocks, 3 layers,
# same-size head (residual to the blurred input), 7-frame sequences, 256x256 crops, 200k
# iterations at 2e-4 (flow net 5e-5), flow net frozen for 5k. Metrics on RGB.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/gopro.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c48b13_8xb1-200k_gopro'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        mid_channels=48, is_low_res_input=False,
        flow_pretrained='work_dirs/pwclite_student_8xb4-100k_gopro/iter_100000.pth'),
    train_cfg=dict(fix_iter=5000))
train_dataloader = dict(num_workers=6, batch_size=1, dataset=dict(num_input_frames=7))
train_cfg = dict(max_iters=200_000, val_interval=5000)
param_scheduler = dict(periods=[200_000])
default_hooks = dict(checkpoint=dict(interval=5000, save_best='PSNR', rule='greater'))

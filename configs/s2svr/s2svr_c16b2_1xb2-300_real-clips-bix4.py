# S2SVR x4 VSR at CPU scale on the real clips (tools/prepare_real_clips.py): C=16, 2 blocks,
# 2 layers, 7-frame sequences, 128x128 GT crops, batch 2, 300 iterations (cosine), flow net
# from the distilled student (configs/flow/pwclite_student_1xb4-400_real-clips-bix4.py),
# frozen for the first 100 iterations. Validation on the held-out clips (tree, carphone), Y.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_sr_bix4.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c16b2_1xb2-300_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        mid_channels=16, num_blocks=2, num_layers=2, flow_resolution=None,
        flow_pretrained='work_dirs/pwclite_student_1xb4-400_real-clips-bix4/iter_400.pth'),
    train_cfg=dict(fix_iter=100))
train_dataloader = dict(batch_size=2, num_workers=2, dataset=dict(num_input_frames=7))
train_cfg = dict(max_iters=300, val_interval=300)
param_scheduler = dict(periods=[300])
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=300, save_best='RealClips-BIx4-Y/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

# Smallest S2SVR x4 SR run that trains through mmengine's Runner on CPU in seconds: used by the
# tests and as a smoke test of an installation. Data: the real clips written by
# `tools/prepare_real_clips.py` (MMagic frame folders `gt/<clip>/%08d.png`, BI x4 LQ
# `bix4/<clip>/%08d.png`, ann files `meta_info_real_clips_{train,val}.txt`).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_sr_bix4.py',
    '../_base_/models/s2svr_sr.py'
]

experiment_name = 's2svr_c16b1_1xb1-20_tiny-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(mid_channels=16, num_blocks=1, num_layers=2, flow_resolution=None),
    train_cfg=dict(fix_iter=2))

# the real-clip x4 data at the smallest scale: 64x64 GT crops of 3 frames, no workers
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=4)),
    dict(type='PairedRandomCrop', gt_patch_size=64),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]
train_dataloader = dict(
    num_workers=0, batch_size=1, dataset=dict(num_input_frames=3, pipeline=train_pipeline))
val_dataloader = dict(num_workers=0, dataset=dict(num_input_frames=None))
val_evaluator = dict(metrics=[dict(type='PSNR', convert_to='Y'),
                              dict(type='SSIM', convert_to='Y')])
test_dataloader = val_dataloader
test_evaluator = val_evaluator

train_cfg = dict(type='IterBasedTrainLoop', max_iters=20, val_interval=10)
param_scheduler = dict(type='CosineRestartLR', by_epoch=False, periods=[20],
                       restart_weights=[1], eta_min=1e-7)
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(interval=10, save_best='PSNR', rule='greater'))
custom_hooks = []
visualizer = dict(type='ConcatImageVisualizer', vis_backends=[dict(type='LocalVisBackend')],
                  fn_key='gt_path', img_keys=['gt_img', 'input', 'pred_img'], bgr2rgb=True)
env_cfg = dict(dist_cfg=dict(backend='gloo'))

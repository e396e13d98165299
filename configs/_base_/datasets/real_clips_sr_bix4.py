# Real clips (tools/prepare_real_clips.py), x4 video super-resolution, BI degradation.
# GT: gt/<clip>/%08d.png; LQ: bix4/<clip>/%08d.png (MATLAB bicubic x4). Split by clip in the
# annotation files: train = vtest, box, cup, bikes; val = tree, carphone (docs/data.md).
# Metrics on the Y channel (BT.601), as the VSR benchmarks of S2SVR (Vimeo-90K-T, Vid4).
data_root = 'data/real_clips'
scale = 4

train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=scale)),
    dict(type='PairedRandomCrop', gt_patch_size=128),  # smallest train GT: 136x320 (bikes)
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

val_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='PackInputs')
]

train_dataloader = dict(
    num_workers=2,
    batch_size=2,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='vsr'),
        data_root=data_root,
        data_prefix=dict(img='bix4', gt='gt'),
        ann_file='meta_info_real_clips_train.txt',
        depth=1,
        num_input_frames=15,
        pipeline=train_pipeline))

# whole clips (68 and 100 frames), one per iteration
val_dataloader = dict(
    num_workers=1,
    batch_size=1,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='vsr'),
        data_root=data_root,
        data_prefix=dict(img='bix4', gt='gt'),
        ann_file='meta_info_real_clips_val.txt',
        depth=1,
        pipeline=val_pipeline))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='RealClips-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='RealClips-BIx4-Y'),
    ])
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_evaluator = val_evaluator
test_cfg = dict(type='MultiTestLoop')

# Real clips (tools/prepare_real_clips.py), video deblurring with GoPro-style blur.
# LQ: blur/<clip>/%08d.png, frame k = average (in linear light, gamma 2.2) of GT frames
# k .. k+6; GT: sharp/<clip>/%08d.png = GT frame k+3 (the centre). Annotation files
# meta_info_real_clips_deblur_*.txt (6 frames fewer per clip than gt/). Split by clip:
# train = vtest, box, cup, bikes; val = tree, carphone. Metrics on RGB, as GoPro is reported.
data_root = 'data/real_clips'

train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=128),
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
        metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_train.txt',
        depth=1,
        num_input_frames=15,
        pipeline=train_pipeline))

val_dataloader = dict(
    num_workers=1,
    batch_size=1,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_val.txt',
        depth=1,
        pipeline=val_pipeline))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='RealClips-Blur-RGB'),
        dict(type='SSIM', prefix='RealClips-Blur-RGB'),
    ])
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_evaluator = val_evaluator
test_cfg = dict(type='MultiTestLoop')

# GoPro (GOPRO_Large, Nah et al., CVPR 2017) video deblurring: 22 train / 11 test sequences
# of 1280x720 blurred frames (averages of 7-13 sharp 240 fps frames) and their sharp centre
# frames. Prepare with tools/dataset_converters/gopro/preprocess_gopro_dataset.py
# (data/GoPro/{train,test}/{blur,sharp}/<seq>/%08d.png, meta_info_GoPro_{train,test}.txt).
# Metrics on RGB, as GoPro results are reported.
data_root = 'data/GoPro'

train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=256),
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
    num_workers=6,
    batch_size=4,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='gopro', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='train/blur', gt='train/sharp'),
        ann_file='meta_info_GoPro_train.txt',
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
        metainfo=dict(dataset_type='gopro', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='test/blur', gt='test/sharp'),
        ann_file='meta_info_GoPro_test.txt',
        depth=1,
        pipeline=val_pipeline))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='GoPro-RGB'),
        dict(type='SSIM', prefix='GoPro-RGB'),
    ])
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_evaluator = val_evaluator
test_cfg = dict(type='MultiTestLoop')

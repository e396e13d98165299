# Real clips (tools/prepare_real_clips.py), compressed video enhancement.
# LQ: hevc_qp37/<clip>/%08d.png = GT encoded with x265 at constant QP 37, low-delay P (one I
# frame, then P frames), the MFQEv2 protocol; GT: gt/<clip>/%08d.png (same size). Split by
# clip: train = vtest, box, cup, bikes; val = tree, carphone. Metrics on the Y channel.
data_root = 'data/real_clips'
qp = 37

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
        metainfo=dict(dataset_type='real_clips', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_real_clips_train.txt',
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
        metainfo=dict(dataset_type='real_clips', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_real_clips_val.txt',
        depth=1,
        pipeline=val_pipeline))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix=f'RealClips-HEVC-QP{qp}-Y'),
        dict(type='SSIM', convert_to='Y', prefix=f'RealClips-HEVC-QP{qp}-Y'),
    ])
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_evaluator = val_evaluator
test_cfg = dict(type='MultiTestLoop')

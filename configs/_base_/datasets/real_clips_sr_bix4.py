# Real clips (real_clips.py), x4 video super-resolution, BI degradation.
# GT: gt/<clip>/%08d.png; LQ: bix4/<clip>/%08d.png (MATLAB bicubic x4). Metrics on the Y
# channel (BT.601), as the VSR benchmarks of S2SVR (Vimeo-90K-T, Vid4).
_base_ = ['./real_clips.py']
scale = 4

# the real-clip pipeline (128x128 GT crops) at x4
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=scale)),
    dict(type='PairedRandomCrop', gt_patch_size=128),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='vsr'),
        data_prefix=dict(img='bix4', gt='gt'),
        ann_file='meta_info_real_clips_train.txt',
        pipeline=train_pipeline))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='vsr'),
        data_prefix=dict(img='bix4', gt='gt'),
        ann_file='meta_info_real_clips_val.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='RealClips-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='RealClips-BIx4-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

# Motion sequences (motion_seqs.py), x4 video super-resolution, BI degradation (MATLAB bicubic).
# LQ: bix4/<seq>/%08d.png; GT: gt/<seq>/%08d.png. 256x256 GT crops (64x64 LQ: the
# flow net needs room to see motion at the LQ scale). Metrics on Y (BT.601), as Vimeo-90K-T.
_base_ = ['./motion_seqs.py']
scale = 4
gt_patch_size = 256

train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=scale)),
    dict(type='PairedRandomCrop', gt_patch_size=gt_patch_size),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='motion_seqs', task_name='vsr'),
        data_prefix=dict(img='bix4', gt='gt'),
        pipeline=train_pipeline))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='motion_seqs', task_name='vsr'),
        data_prefix=dict(img='bix4', gt='gt')))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='MotionSeqs-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='MotionSeqs-BIx4-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

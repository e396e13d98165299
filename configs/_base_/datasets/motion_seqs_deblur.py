# Motion sequences (motion_seqs.py), video deblurring (linear-light mean over a 0.5-1 frame
# exposure).
# LQ: blur/<seq>/%08d.png; GT: gt/<seq>/%08d.png. 128x128 crops. Metrics on
# RGB, as GoPro is reported.
_base_ = ['./motion_seqs.py']
scale = 1
gt_patch_size = 128

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
        metainfo=dict(dataset_type='motion_seqs', task_name='deblurring'),
        data_prefix=dict(img='blur', gt='gt'),
        pipeline=train_pipeline))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='motion_seqs', task_name='deblurring'),
        data_prefix=dict(img='blur', gt='gt')))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='MotionSeqs-Blur-RGB'),
        dict(type='SSIM', prefix='MotionSeqs-Blur-RGB'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

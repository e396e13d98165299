# Motion sequences (motion_seqs.py), compressed video enhancement (x265 constant QP 37, low
# delay P).
# LQ: hevc_qp37/<seq>/%08d.png; GT: gt/<seq>/%08d.png. 128x128 crops. Metrics on Y, as
# MFQEv2.
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
        metainfo=dict(dataset_type='motion_seqs', task_name='compression'),
        data_prefix=dict(img='hevc_qp37', gt='gt'),
        pipeline=train_pipeline))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='motion_seqs', task_name='compression'),
        data_prefix=dict(img='hevc_qp37', gt='gt')))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='MotionSeqs-HEVC-QP37-Y'),
        dict(type='SSIM', convert_to='Y', prefix='MotionSeqs-HEVC-QP37-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

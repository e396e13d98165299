# MFQEv2 (Guan et al., TPAMI 2019) compressed video enhancement at QP 37: 108 train / 18 test
# (JCT-VC) sequences, HEVC low-delay P. Prepare with
# tools/dataset_converters/mfqev2/preprocess_mfqev2_dataset.py (data/MFQEv2/{gt,hevc_qp37}/
# <name>/%08d.png, meta_info_MFQEv2_{train,test}.txt). Metrics on the Y channel, as MFQEv2
# reports (delta) PSNR on Y.
data_root = 'data/MFQEv2'
qp = 37

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
        metainfo=dict(dataset_type='mfqev2', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_MFQEv2_train.txt',
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
        metainfo=dict(dataset_type='mfqev2', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_MFQEv2_test.txt',
        depth=1,
        pipeline=val_pipeline))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix=f'MFQEv2-QP{qp}-Y'),
        dict(type='SSIM', convert_to='Y', prefix=f'MFQEv2-QP{qp}-Y'),
    ])
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_evaluator = val_evaluator
test_cfg = dict(type='MultiTestLoop')

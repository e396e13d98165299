# REDS (Nah et al., CVPRW 2019), x4 VSR with the official bicubic LQ; train on the 266 clips
# outside REDS4, validate on REDS4 (clips 000, 011, 015, 020; 100 frames each). Prepare with
# tools/dataset_converters/reds/preprocess_reds_dataset.py (MMagic's layout: val merged into
# train_* as clips 240-269, meta_info_reds4_{train,val}.txt). Metrics on RGB (BasicVSR's REDS4
# convention) and on Y.
_base_ = ['./video_frames.py']
data_root = 'data/REDS'
scale = 4

# the shared pipeline at x4
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=scale)),
    dict(type='PairedRandomCrop', gt_patch_size=256),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='reds_reds4', task_name='vsr'),
        data_root=data_root,
        data_prefix=dict(img='train_sharp_bicubic/X4', gt='train_sharp'),
        ann_file='meta_info_reds4_train.txt',
        pipeline=train_pipeline))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='reds_reds4', task_name='vsr'),
        data_root=data_root,
        data_prefix=dict(img='train_sharp_bicubic/X4', gt='train_sharp'),
        ann_file='meta_info_reds4_val.txt',
        num_input_frames=100,
        fixed_seq_len=100))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='REDS4-BIx4-RGB'),
        dict(type='SSIM', prefix='REDS4-BIx4-RGB'),
        dict(type='PSNR', convert_to='Y', prefix='REDS4-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='REDS4-BIx4-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

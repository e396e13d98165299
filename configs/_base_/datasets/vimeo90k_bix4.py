# Vimeo-90K septuplets (Xue et al., IJCV 2019), x4 VSR with BI (MATLAB bicubic) LQ: train on
# sep_trainlist (7 frames, mirrored to 14 as in BasicVSR), validate on Vid4, test on Vid4 and
# Vimeo-90K-T (sep_testlist, centre frame). Prepare with
# tools/dataset_converters/vimeo90k/preprocess_vimeo90k_dataset.py (BIx4/, GT -> sequences,
# meta_info_Vimeo90K_{train,test}_GT.txt); Vid4 as MMagic's
# tools/dataset_converters/vid4 (data/Vid4/{GT,BIx4}, meta_info_Vid4_GT.txt). Metrics on Y.
_base_ = ['./video_frames.py']
data_root = 'data'
scale = 4
vimeo_frames = ['im1.png', 'im2.png', 'im3.png', 'im4.png', 'im5.png', 'im6.png', 'im7.png']

# the shared pipeline at x4 without segment indices (a septuplet is one sample), mirrored
# before packing
train_pipeline = [
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=scale)),
    dict(type='PairedRandomCrop', gt_patch_size=256),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='MirrorSequence', keys=['img', 'gt']),
    dict(type='PackInputs')
]

# the centre frame of a mirrored septuplet
vimeo_test_pipeline = [
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='MirrorSequence', keys=['img']),
    dict(type='PackInputs')
]

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='vimeo90k_seq', task_name='vsr'),
        data_root=f'{data_root}/vimeo90k',
        data_prefix=dict(img='BIx4', gt='GT'),
        ann_file='meta_info_Vimeo90K_train_GT.txt',
        depth=2,
        num_input_frames=7,
        fixed_seq_len=7,
        load_frames_list=dict(img=vimeo_frames, gt=vimeo_frames),
        pipeline=train_pipeline))

# whole Vid4 clips (the shared val loader, in full: test_dataloader lists it)
val_dataloader = dict(
    _base_.val_dataloader,
    dataset=dict(
        _base_.val_dataloader.dataset,
        metainfo=dict(dataset_type='vid4', task_name='vsr'),
        data_root=f'{data_root}/Vid4',
        data_prefix=dict(img='BIx4', gt='GT'),
        ann_file='meta_info_Vid4_GT.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='Vid4-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='Vid4-BIx4-Y'),
    ])

vimeo_test_dataloader = dict(
    _base_.val_dataloader,
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='vimeo90k_seq', task_name='vsr'),
        data_root=f'{data_root}/vimeo90k',
        data_prefix=dict(img='BIx4', gt='GT'),
        ann_file='meta_info_Vimeo90K_test_GT.txt',
        depth=2,
        num_input_frames=7,
        fixed_seq_len=7,
        load_frames_list=dict(img=vimeo_frames, gt=['im4.png']),
        pipeline=vimeo_test_pipeline))

vimeo_test_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix='Vimeo-90K-T-BIx4-Y'),
        dict(type='SSIM', convert_to='Y', prefix='Vimeo-90K-T-BIx4-Y'),
    ])

test_dataloader = [val_dataloader, vimeo_test_dataloader]
test_evaluator = [val_evaluator, vimeo_test_evaluator]

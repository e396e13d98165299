# Alg. 1 step 2 at CPU scale, deblurring: the student PWC-Lite on the blurred frames (blur/),
# distilled from the shared HQ teacher's flows on the sharp centre frames (sharp/); same size,
# so F_u is the identity.
_base_ = ['./pwclite_student_1xb4-400_real-clips-bix4.py']
experiment_name = 'pwclite_student_1xb4-400_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

# that of the deblurring base (real_clips_deblur.py): 128x128 crops at scale 1
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
train_dataloader = dict(
    dataset=dict(
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_train.txt',
        pipeline=train_pipeline))

# Alg. 1 step 2 at CPU scale, deblurring: the student PWC-Lite on the blurred frames (blur/),
# distilled from the shared HQ teacher's flows on the sharp centre frames (sharp/); same size,
# so F_u is the identity.
_base_ = ['./pwclite_student_1xb4-400_real-clips-bix4.py']
experiment_name = 'pwclite_student_1xb4-400_real-clips-blur'
work_dir = f'./work_dirs/{experiment_name}'

# the x4 pipeline at scale 1: that of the deblurring base (real_clips_deblur.py)
train_pipeline = [
    *_base_.train_pipeline[:3],
    dict(type='SetValues', dictionary=dict(scale=1)),
    *_base_.train_pipeline[4:]
]
train_dataloader = dict(
    dataset=dict(
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_train.txt',
        pipeline=train_pipeline))

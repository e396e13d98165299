# Real clips (real_clips.py), video deblurring with GoPro-style blur.
# LQ: blur/<clip>/%08d.png, frame k = average (in linear light, gamma 2.2) of GT frames
# k .. k+6; GT: sharp/<clip>/%08d.png = GT frame k+3 (the centre). Annotation files
# meta_info_real_clips_deblur_*.txt (6 frames fewer per clip than gt/). Metrics on RGB, as
# GoPro is reported.
_base_ = ['./real_clips.py']

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_train.txt'))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_val.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='RealClips-Blur-RGB'),
        dict(type='SSIM', prefix='RealClips-Blur-RGB'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

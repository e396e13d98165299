# GoPro (GOPRO_Large, Nah et al., CVPR 2017) video deblurring: 22 train / 11 test sequences
# of 1280x720 blurred frames (averages of 7-13 sharp 240 fps frames) and their sharp centre
# frames. Prepare with tools/dataset_converters/gopro/preprocess_gopro_dataset.py
# (data/GoPro/{train,test}/{blur,sharp}/<seq>/%08d.png, meta_info_GoPro_{train,test}.txt).
# Metrics on RGB, as GoPro results are reported.
_base_ = ['./video_frames.py']
data_root = 'data/GoPro'

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='gopro', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='train/blur', gt='train/sharp'),
        ann_file='meta_info_GoPro_train.txt'))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='gopro', task_name='deblurring'),
        data_root=data_root,
        data_prefix=dict(img='test/blur', gt='test/sharp'),
        ann_file='meta_info_GoPro_test.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', prefix='GoPro-RGB'),
        dict(type='SSIM', prefix='GoPro-RGB'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

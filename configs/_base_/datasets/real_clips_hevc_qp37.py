# Real clips (real_clips.py), compressed video enhancement.
# LQ: hevc_qp37/<clip>/%08d.png = GT encoded with x265 at constant QP 37, low-delay P (one I
# frame, then P frames), the MFQEv2 protocol; GT: gt/<clip>/%08d.png (same size). Metrics on
# the Y channel.
_base_ = ['./real_clips.py']
qp = 37

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='compression'),
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_real_clips_train.txt'))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='real_clips', task_name='compression'),
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_real_clips_val.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix=f'RealClips-HEVC-QP{qp}-Y'),
        dict(type='SSIM', convert_to='Y', prefix=f'RealClips-HEVC-QP{qp}-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

# MFQEv2 (Guan et al., TPAMI 2019) compressed video enhancement at QP 37: 108 train / 18 test
# (JCT-VC) sequences, HEVC low-delay P. Prepare with
# tools/dataset_converters/mfqev2/preprocess_mfqev2_dataset.py (data/MFQEv2/{gt,hevc_qp37}/
# <name>/%08d.png, meta_info_MFQEv2_{train,test}.txt). Metrics on the Y channel, as MFQEv2
# reports (delta) PSNR on Y.
_base_ = ['./video_frames.py']
data_root = 'data/MFQEv2'
qp = 37

train_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='mfqev2', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_MFQEv2_train.txt'))

val_dataloader = dict(
    dataset=dict(
        metainfo=dict(dataset_type='mfqev2', task_name='compression'),
        data_root=data_root,
        data_prefix=dict(img=f'hevc_qp{qp}', gt='gt'),
        ann_file='meta_info_MFQEv2_test.txt'))

val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='PSNR', convert_to='Y', prefix=f'MFQEv2-QP{qp}-Y'),
        dict(type='SSIM', convert_to='Y', prefix=f'MFQEv2-QP{qp}-Y'),
    ])

test_dataloader = val_dataloader
test_evaluator = val_evaluator

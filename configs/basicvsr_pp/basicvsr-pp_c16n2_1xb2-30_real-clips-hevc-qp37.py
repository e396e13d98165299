# Baseline for the shipped compressed-video enhancement model: MMagic's BasicVSR++
# (BasicVSRPlusPlusNet, C=16, 2 blocks, same-size layout) on the same real clips, crops and batch
# as configs/s2svr/s2svr_c16b2_1xb2-300_real-clips-hevc-qp37.py, for the same CPU time. Its
# deformable alignment runs on mmcv's CPU kernels at ~35-60 s per iteration here, so the same time
# buys only 30 iterations. BasicVSR++ refuses inputs below 256x256 when is_low_res_input=False, so
# MinSizePadWrapper pads the 128x128 crops and the small validation frames (replicate) and crops
# the output back. No pretrained SPyNet (nothing may be downloaded): random weights, trained from
# the first iteration at lr x 0.25.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_hevc_qp37.py'
]
experiment_name = 'basicvsr-pp_c16n2_1xb2-30_real-clips-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 30
model = dict(
    type='BasicVSR',
    generator=dict(
        type='MinSizePadWrapper',
        min_size=(256, 256),
        generator=dict(
            type='BasicVSRPlusPlusNet', mid_channels=16, num_blocks=2,
            is_low_res_input=False, spynet_pretrained=None)),
    pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0),
    data_preprocessor=dict(
        type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))
train_dataloader = dict(num_workers=1, batch_size=2, dataset=dict(num_input_frames=7))
optim_wrapper = dict(
    constructor='DefaultOptimWrapperConstructor',
    type='FiniteCheckOptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.99)),
    paramwise_cfg=dict(custom_keys={'spynet': dict(lr_mult=0.25)}))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(
    type='CosineRestartLR', by_epoch=False, periods=[max_iters], restart_weights=[1],
    eta_min=1e-7)
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(interval=max_iters, save_best='RealClips-HEVC-QP37-Y/PSNR', rule='greater'))
custom_hooks = []
# BasicVSR++ leaves some offsets unused for short sequences
find_unused_parameters = True

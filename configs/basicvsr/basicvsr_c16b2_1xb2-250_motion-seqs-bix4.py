# Baseline for the shipped x4 model (configs/s2svr/s2svr_c16b2_1xb2-900_motion-seqs-bix4.py),
# issue #17: MMagic's BasicVSR (BasicVSRNet, C=16, 2 blocks per branch) on the same motion
# sequences, crops (256x256 GT), segments (7 frames) and batch, for 25 CPU-minutes (S2SVR: 20) on
# one thread (5.8 s per iteration measured: 250 iterations). No pretrained SPyNet (nothing may
# be downloaded): random weights, trained from the first iteration at lr x 0.125, as MMagic's
# BasicVSR configs train SPyNet after fix_iter.
_base_ = ['../_base_/default_runtime.py', '../_base_/datasets/motion_seqs_sr_bix4.py']
experiment_name = 'basicvsr_c16b2_1xb2-250_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 250
model = dict(
    type='BasicVSR',
    generator=dict(
        type='BasicVSRNet', mid_channels=16, num_blocks=2, spynet_pretrained=None),
    pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0),
    data_preprocessor=dict(
        type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))
optim_wrapper = dict(
    constructor='DefaultOptimWrapperConstructor',
    type='FiniteCheckOptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.99)),
    paramwise_cfg=dict(custom_keys={'spynet': dict(lr_mult=0.125)}))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=125)
param_scheduler = dict(
    type='CosineRestartLR', by_epoch=False, periods=[max_iters], restart_weights=[1],
    eta_min=1e-7)
default_hooks = dict(
    logger=dict(interval=25),
    checkpoint=dict(interval=125, save_best='MotionSeqs-BIx4-Y/PSNR', rule='greater'))
custom_hooks = []

# Baseline for the shipped x4 VSR model: MMagic's BasicVSR (BasicVSRNet, C=16, 2 blocks per
# branch) trained on the same real clips, crops and batch as
# configs/s2svr/s2svr_c16b2_1xb2-1200_real-clips-bix4.py for the same CPU time (800
# iterations at its measured speed; docs/results.md gives both wall times). No pretrained SPyNet
# (nothing may be downloaded): it starts from random weights and trains from the first
# iteration at lr x 0.125, as MMagic's BasicVSR configs do after fix_iter.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_sr_bix4.py'
]
experiment_name = 'basicvsr_c16b2_1xb2-800_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 800
model = dict(
    type='BasicVSR',
    generator=dict(
        type='BasicVSRNet', mid_channels=16, num_blocks=2, spynet_pretrained=None),
    pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0),
    data_preprocessor=dict(
        type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))
train_dataloader = dict(num_workers=1, batch_size=2, dataset=dict(num_input_frames=7))
optim_wrapper = dict(
    constructor='DefaultOptimWrapperConstructor',
    type='FiniteCheckOptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.99)),
    paramwise_cfg=dict(custom_keys={'spynet': dict(lr_mult=0.125)}))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=400)
param_scheduler = dict(
    type='CosineRestartLR', by_epoch=False, periods=[max_iters], restart_weights=[1],
    eta_min=1e-7)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=400, save_best='RealClips-BIx4-Y/PSNR', rule='greater'))
custom_hooks = []

# Baseline for the shipped same-size models: MMagic's BasicVSR++ (BasicVSRPlusPlusNet, C=16,
# 2 blocks, same-size layout) at CPU scale on the real clips, 30 iterations (the CPU time of
# the S2SVR same-size configs; mmcv's deformable conv runs a slow CPU kernel). BasicVSR++
# refuses inputs below 256x256 when is_low_res_input=False, so MinSizePadWrapper pads the
# 128x128 crops and the small validation frames (replicate) and crops the output back. No
# pretrained SPyNet (nothing may be downloaded): random weights, trained from the first
# iteration at lr x 0.25. The task configs add the dataset, the runtime and their hooks.
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
optim_wrapper = dict(
    constructor='DefaultOptimWrapperConstructor',
    type='FiniteCheckOptimWrapper',
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.99)),
    paramwise_cfg=dict(custom_keys={'spynet': dict(lr_mult=0.25)}))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(
    type='CosineRestartLR', by_epoch=False, periods=[max_iters], restart_weights=[1],
    eta_min=1e-7)
# BasicVSR++ leaves some offsets unused for short sequences
find_unused_parameters = True

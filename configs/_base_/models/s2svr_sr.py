# S2SVR for x4 video SR at the paper's configuration (Lin et al., ICML 2022, Sec. 4.1):
# C=64, 13 residual blocks, 3 layers, local attention radius 1, PWC-Lite flow at 256x256
# (as the authors' released code), Charbonnier loss, Adam(0.9, 0.99) lr 2e-4 with the flow
# net at 5e-5 (lr_mult 0.25), cosine annealing to 1e-7, flow net frozen for `fix_iter`.
model = dict(
    type='S2SVR',
    generator=dict(
        type='S2SVRNet',
        mid_channels=64,
        num_blocks=13,
        num_layers=3,
        attention_radius=1,
        is_low_res_input=True,
        flow_resolution=(256, 256),
        flow_net=dict(type='PWCLite'),
        flow_pretrained=None),
    pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=5000),
    data_preprocessor=dict(
        type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))

optim_wrapper = dict(
    constructor='DefaultOptimWrapperConstructor',
    type='FiniteCheckOptimWrapper',  # NaN/Inf loss or gradient: raise (or on_nonfinite='skip')
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.99)),
    paramwise_cfg=dict(custom_keys={'flow_net': dict(lr_mult=0.25)}))

train_cfg = dict(type='IterBasedTrainLoop', max_iters=600_000, val_interval=5000)

param_scheduler = dict(
    type='CosineRestartLR',
    by_epoch=False,
    periods=[600_000],
    restart_weights=[1],
    eta_min=1e-7)

# the flow net is frozen for fix_iter iterations: DDP must tolerate unused parameters
find_unused_parameters = True

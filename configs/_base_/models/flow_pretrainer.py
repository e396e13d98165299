# Unsupervised distillation flow (S2SVR, Lin et al., ICML 2022, Sec. 3.3, Alg. 1): PWC-Lite
# trained without labels with ARFlow's losses and values (configs/sintel_raw.json of
# lliuz/ARFlow): photometric 0.15 L1 + 0.85 SSIM (weight 1), masked by the backward flow's
# range map ("occ_from_back"), levels [1, 1, 1, 1, 0], border-padded warps; 50 x first-order
# edge-aware smoothness (alpha 10) of flow / min(h, w) at the finest level; Adam lr 1e-4
# (ARFlow "lr": 0.0001, betas (0.9, 0.999)) [+ distillation 0.1 in the student stage, which
# starts from the teacher's weights]. stage='supervised' is the optional, labelled warm start
# on exact flow (FlowEPELoss). Training only: the flow quality is measured by
# tools/eval_flow.py, so no best checkpoint and no image dumps; a config that adds a dataset
# base sets its val_* and test_* to None itself (mmengine forbids one key in two bases of a
# `_base_` list).
_base_ = ['../default_runtime.py']

model = dict(
    type='FlowPretrainer',
    stage='teacher',
    flow_net=dict(type='PWCLite'),
    student_init='teacher',
    photometric_loss=dict(
        type='PhotometricLoss',
        loss_weight=1.0,
        distance_weights=dict(l1=0.15, ssim=0.85),
        scale_weights=(1., 1., 1., 1., 0.),
        occlusion='backward',
        padding_mode='border'),
    smoothness_loss=dict(
        type='SmoothnessLoss', loss_weight=50.0, order=1, alpha=10.0,
        scale_weights=(1., 0., 0., 0., 0.)),
    distillation_loss=dict(type='FlowDistillationLoss', loss_weight=0.1),
    supervised_loss=dict(type='FlowEPELoss'),
    occlusion_from_iter=0,
    data_preprocessor=dict(type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))

optim_wrapper = dict(
    type='FiniteCheckOptimWrapper',  # NaN/Inf loss or gradient: raise (or on_nonfinite='skip')
    optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.999)))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=100_000, val_interval=10**9)
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=False, T_max=100_000, eta_min=1e-6)

default_hooks = dict(checkpoint=dict(interval=10_000, save_best=None))
custom_hooks = []

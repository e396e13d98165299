# Unsupervised distillation flow (S2SVR, Lin et al., ICML 2022, Sec. 3.3, Alg. 1): PWC-Lite
# trained without labels, photometric (0.15 L1 + 0.85 SSIM, occlusion-masked) + edge-aware
# second-order smoothness (weight 50 on flow / 20, ARFlow) [+ distillation 0.1 in the student
# stage], occlusion masks from 20k of 100k iterations. Training only: the flow quality is
# measured by tools/eval_flow.py, so no best checkpoint and no image dumps; a config that adds
# a dataset base sets its val_* and test_* to None itself (mmengine forbids one key in two
# bases of a `_base_` list).
_base_ = ['../default_runtime.py']

model = dict(
    type='FlowPretrainer',
    stage='teacher',
    flow_net=dict(type='PWCLite'),
    photometric_loss=dict(type='PhotometricLoss', loss_weight=0.15,
                          distance_weights=dict(l1=0.15, ssim=0.85)),
    smoothness_loss=dict(type='SmoothnessLoss', loss_weight=50.0, order=2, alpha=10.0,
                         flow_divisor=20.0),
    distillation_loss=dict(type='FlowDistillationLoss', loss_weight=0.1),
    occlusion_from_iter=20_000,
    data_preprocessor=dict(type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))

optim_wrapper = dict(
    type='FiniteCheckOptimWrapper',  # NaN/Inf loss or gradient: raise (or on_nonfinite='skip')
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.999)))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=100_000, val_interval=10**9)
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=False, T_max=100_000, eta_min=1e-6)

default_hooks = dict(checkpoint=dict(interval=10_000, save_best=None))
custom_hooks = []

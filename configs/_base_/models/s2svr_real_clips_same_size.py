# S2SVR for same-size restoration at CPU scale on the real clips (the shipped deblurring and
# compressed-video models): C=16, 2 blocks, 2 layers, features at 1/2 (downsample=2; at 1/4,
# 16 channels cannot hold a 4x4x3 patch), residual to the input; 300 iterations, Adam lr 1e-3
# cosine to 1e-7; the flow net (the task's distilled student, set by the task config) frozen
# throughout (training it doubles the iteration time on a CPU). The task configs add the
# dataset, the runtime, the flow checkpoint and their hooks.
_base_ = ['./s2svr_sr.py']
max_iters = 300
model = dict(
    generator=dict(
        mid_channels=16, num_blocks=2, num_layers=2, is_low_res_input=False, downsample=2,
        flow_resolution=None),
    train_cfg=dict(fix_iter=max_iters))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = dict(periods=[max_iters])

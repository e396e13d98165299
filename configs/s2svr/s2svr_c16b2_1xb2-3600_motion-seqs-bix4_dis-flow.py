# x4 recipe of issue #17 after the learning-speed probe of 2026-12-03 (docs/results.md, "x4: why
# the 900-iteration recipe stayed near bicubic"): the model of s2svr_c16b2_1xb2-900_motion-seqs-
# bix4.py with a zero-initialised last head convolution (a fresh model is bicubic; with the
# default init it first spent ~500 iterations cancelling its own noise), an MSE loss (the metric
# is PSNR), and 3,600 iterations (about 85 CPU-minutes at 1.4 s per iteration on one thread,
# inside the 2 CPU-hour budget of issue #17). The flow is OpenCV's DIS (s2svr_mm/models/
# backbones/dis_flow.py: parameter-free, 0.03 px on a known shift), not the paper's PWC-Lite:
# this run measures what motion compensation gives the x4 S2SVR when the flow is right; its
# ablation is ..._zero-flow.py.
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4.py']
experiment_name = 's2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 3600
model = dict(
    generator=dict(flow_net=dict(_delete_=True, type='DISFlow'), flow_pretrained=None,
                   symmetric_flow=False, zero_init_head=True),
    pixel_loss=dict(_delete_=True, type='MSELoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0))  # nothing to freeze
train_cfg = dict(max_iters=max_iters, val_interval=900)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=900))

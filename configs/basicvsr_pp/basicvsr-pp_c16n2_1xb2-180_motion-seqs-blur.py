# Baseline of the 7-frame deblurring recipe (s2svr_mm/weights/deblur-7f.pth, issue #17; shipped as
# deblur.pth until 2026-12-07; for today's deblur.pth see ..._1xb2-280_...) at its CPU time:
# MMagic's BasicVSR++ (see the model base) on the same motion sequences, crops (128x128, padded to
# BasicVSR++'s 256x256 minimum), 7-frame segments, batch 2 and loss (MSE) as
# configs/s2svr/s2svr_c16b2_1xb2-1600_motion-seqs-blur_zero-flow.py, and like it starting as the
# identity (last convolution zero-initialised, s2svr_mm ZeroInitHook), for about its 70 CPU-minutes
# on one thread beside another run (about 25 s per iteration: 180 iterations). Measured (2026-12-05,
# docs/results.md, "BasicVSR++ for deblurring at the shipped model's CPU time"): 65 minutes of one
# thread; 30.167 / 0.8321 at 90 and 30.101 / 0.8314 at 180 iterations on the held-out motion
# sequences (blurred input 30.147 / 0.8319; the S2SVR recipe 30.776 / 0.8381): it learns a global
# darkening where it loses.
_base_ = ['./basicvsr-pp_c16n2_1xb2-100_motion-seqs-blur.py']
experiment_name = 'basicvsr-pp_c16n2_1xb2-180_motion-seqs-blur'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 180
model = dict(pixel_loss=dict(_delete_=True, type='MSELoss', loss_weight=1.0, reduction='mean'))
train_cfg = dict(max_iters=max_iters, val_interval=90)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=10), checkpoint=dict(interval=90))
custom_hooks = [dict(type='ZeroInitHook', modules=['generator.net.conv_last'])]

# Baseline for the shipped x4 recipe (configs/s2svr/s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-
# bix4_dis-flow.py), issue #17, trained on the same data for the same CPU time: its training
# data (the motion sequences, 256x256 GT crops, plus the real clips' training split box, cup,
# bikes repeated 6 times, 128x128 GT crops), batch 1 with 2-step accumulation, validation and
# checkpoints are inherited from that config, so the two cannot drift apart. The model and
# optimiser are those of basicvsr_c16b2_1xb2-750_motion-seqs-bix4.py: MMagic's BasicVSR
# (BasicVSRNet, C=16, 2 blocks per branch, SPyNet from random weights at lr x 0.125: nothing may
# be downloaded), MSE loss, the last convolution zero-initialised (s2svr_mm ZeroInitHook), so a
# fresh BasicVSR returns its bilinear x4 skip as the S2SVR recipe starts at its bicubic skip.
# 1,800 iterations = the S2SVR recipe's 82 CPU-minutes on one thread (2.7 s per iteration
# measured beside an S2SVR run; S2SVR: 5,400 iterations at 0.91 s).
_base_ = ['../s2svr/s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_dis-flow.py']
experiment_name = 'basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1800
model = dict(
    _delete_=True,
    type='BasicVSR',
    generator=dict(
        type='BasicVSRNet', mid_channels=16, num_blocks=2, spynet_pretrained=None),
    pixel_loss=dict(type='MSELoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0),
    data_preprocessor=dict(
        type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))
optim_wrapper = dict(paramwise_cfg=dict(custom_keys=dict(
    _delete_=True, spynet=dict(lr_mult=0.125))))
train_cfg = dict(max_iters=max_iters, val_interval=600)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=25), checkpoint=dict(interval=600))
custom_hooks = [dict(type='ZeroInitHook', modules=['generator.conv_last'])]

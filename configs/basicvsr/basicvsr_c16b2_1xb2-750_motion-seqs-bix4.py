# Baseline for the motion-sequence x4 recipe
# (configs/s2svr/s2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow.py; the shipped sr.pth since
# 2026-12-03 evening also trains on the real clips: ..._1xb1-5400_motion-seqs-real-clips-bix4_
# dis-flow.py),
# issue #17, at the same CPU time and with the same start and loss: MMagic's BasicVSR (BasicVSRNet,
# C=16, 2 blocks per branch, SPyNet from random weights at lr x 0.125: nothing may be downloaded) on
# the same motion sequences, crops (256x256 GT), segments (7 frames) and batch; MSE loss; the last
# convolution zero-initialised (s2svr_mm ZeroInitHook), so a fresh BasicVSR returns its bilinear x4
# skip, as the S2SVR recipe starts at its bicubic skip; 750 iterations = about 86 CPU-minutes on
# one thread (6.9 s per iteration measured beside an S2SVR run; S2SVR: 3,600 iterations at 1.4 s).
_base_ = ['./basicvsr_c16b2_1xb2-250_motion-seqs-bix4.py']
experiment_name = 'basicvsr_c16b2_1xb2-750_motion-seqs-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 750
model = dict(pixel_loss=dict(_delete_=True, type='MSELoss', loss_weight=1.0, reduction='mean'))
train_cfg = dict(max_iters=max_iters, val_interval=250)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=250))
custom_hooks = [dict(type='ZeroInitHook', modules=['generator.conv_last'])]

# The BasicVSR++ deblurring baseline (basicvsr-pp_c16n2_1xb2-180_motion-seqs-blur.py: same data,
# model, loss, schedule), with its SPyNet starting at zero flow (issue #17). MMagic's randomly
# initialised SPyNet (nothing may be downloaded) gave that run flows of about 40 px at the
# 1/4-size flow scale on 32x32 frames, so its flow-guided deformable alignment read outside the
# frames and its output for a frame did not depend on the others (docs/results.md, "Issue 17:
# the BasicVSR baselines propagated nothing"). Here the last convolution of each of SPyNet's 6
# basic modules starts at zero (ZeroInitHook, inside MinSizePadWrapper: `generator.net.`), so
# the flows start at 0 and SPyNet learns from the restoration loss at MMagic's lr x 0.25.
# Measured: 46-50 s per iteration (the deformable convolution now samples inside the frames);
# 30.173 / 0.8321 at iteration 90 (70 minutes of one thread), stopped there; resume to finish.
_base_ = ['./basicvsr-pp_c16n2_1xb2-180_motion-seqs-blur.py']
experiment_name = 'basicvsr-pp_c16n2_1xb2-180_motion-seqs-blur_spynet-zero-init'
work_dir = f'./work_dirs/{experiment_name}'

custom_hooks = [
    dict(type='ZeroInitHook',
         modules=['generator.net.conv_last'] +
         [f'generator.net.spynet.basic_module.{k}.basic_module.4.conv' for k in range(6)])
]

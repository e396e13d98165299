# The BasicVSR baseline of the shipped x4 recipe (basicvsr_c16b2_1xb1-1800_motion-seqs-real-
# clips-long-bix4.py: same data, model, loss, schedule), with its SPyNet starting at zero flow
# (issue #17). Without a pretrained SPyNet (nothing may be downloaded) MMagic's randomly
# initialised SPyNet returns flows of thousands of pixels (3,300 px mean on `bikes`, measured
# on that run's final checkpoint); warping with them reads outside every frame, so the
# propagated features are zero and that BasicVSR restores each frame from itself alone (its
# output for frame 0 does not change when the other frames are replaced by noise; docs/
# results.md, "Issue 17: the BasicVSR baselines propagated nothing"). Here the last convolution
# of each of SPyNet's 6 basic modules starts at zero (ZeroInitHook): the flows start at 0, the
# propagation carries the neighbours' features from the first iteration, and SPyNet learns from
# the restoration loss at MMagic's lr x 0.125. Measured (60 minutes of one thread): Y-PSNR
# 26.63 real pair (+0.79), 27.94 held out (+0.69): level with the single-frame run.
_base_ = ['./basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-long-bix4.py']
experiment_name = 'basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-long-bix4_spynet-zero-init'
work_dir = f'./work_dirs/{experiment_name}'

custom_hooks = [
    dict(type='ZeroInitHook',
         modules=['generator.conv_last'] +
         [f'generator.spynet.basic_module.{k}.basic_module.4.conv' for k in range(6)])
]

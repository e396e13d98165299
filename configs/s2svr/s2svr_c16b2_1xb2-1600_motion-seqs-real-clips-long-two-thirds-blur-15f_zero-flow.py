# Issue #17, deblurring: ..._motion-seqs-real-clips-long-blur-15f_zero-flow.py (15-frame
# segments of 64x64, whose comment says why) with the real training clips' blur as two samples in
# three instead of one. Measured (seed 0, 80 minutes of one thread; docs/results.md, "Deblurring
# on 15-frame segments, two real samples in three"): RGB gain over the blurred input +0.86 dB on
# the real pair (+0.50 at iteration 800), -1.30 on the held-out motion sequences, +0.01 on
# carphone / tree; not shipped (it needed at least +0.10 real and +0.53 held out).
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-real-clips-long-blur-15f_zero-flow.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-real-clips-long-two-thirds-blur-15f_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

real_clip_repeats = 24  # 72 real samples against 36 motion sequences: two in three
train_dataloader = dict(
    dataset=dict(datasets=[
        {{_base_.motion_seqs_blur_15f_train}},
        dict(type='RepeatDataset', times=real_clip_repeats,
             dataset={{_base_.real_clips_blur_15f_train}})]))

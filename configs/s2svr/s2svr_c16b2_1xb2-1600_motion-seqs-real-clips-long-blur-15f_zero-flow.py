# Issue #17, deblurring: segments longer than the blur. The shipped deblurring recipe
# (s2svr_c16b2_1xb2-1600_motion-seqs-blur_zero-flow.py: C=16, 2 blocks, 2 layers, zero flow,
# zero-initialised zero-mean residual, MSE, batch 2) with the real training clips' blur (box,
# cup, bikes, every frame of data/real_clips_long; the mean of 7 consecutive frames in linear
# light, GT the middle one, as the real validation clips) as one sample in three (as
# ..._motion-seqs-real-clips-long-blur_zero-flow.py), trained on 15-frame segments of 64x64
# instead of 7-frame segments of 128x128. Two in three: ..._two-thirds-blur-15f_zero-flow.py.
# Why: the real pair's error lies on the ghosts of walkers (docs/results.md, "Where the real
# clips' deblurring error lives"), and with a static camera a 7-frame box in time is undone
# from the blurred frames at the same pixel: B(k+1) - B(k) = (G(k+7) - G(k)) / 7 in linear
# light. A per-pixel linear filter over the blurred frames k-N..k+N, fitted on the training
# clips, gains on the real pair -0.39 / -0.86 dB (N=0), +0.78 / +0.71 (N=3: the 7 frames every
# recipe so far trained on), +3.28 / +3.35 (N=7) and +4.81 / +4.67 (N=14) (vtest / vtest_late;
# docs/results.md, "A linear filter over time undoes the real clips' blur"): the signal is
# there, but only beyond the +-3 frames a 7-frame segment shows. The camera-fixed pixel is what
# the filter reads, so the states stay unaligned (zero flow). 64x64 crops keep an iteration's
# pixels near the shipped recipe's (15 x 64^2 against 7 x 128^2).
# Measured (seed 0, 75 minutes of one thread; docs/results.md, "Deblurring on 15-frame
# segments, two real samples in three"): +0.50 dB on the real pair, -0.48 on the held-out
# motion sequences; not shipped (it needed at least +0.10 real and +0.53 held out).
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-real-clips-long-blur_zero-flow.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-real-clips-long-blur-15f_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

num_input_frames = 15
gt_patch_size = 64
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=gt_patch_size),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]
real_clip_repeats = 6  # 18 real samples against 36 motion sequences: one in three
motion_seqs_blur_15f_train = dict(
    type='BasicFramesDataset',
    metainfo=dict(dataset_type='motion_seqs', task_name='deblurring'),
    data_root='data/motion_seqs', data_prefix=dict(img='blur', gt='gt'),
    ann_file='meta_info_motion_seqs_train.txt', depth=1,
    num_input_frames=num_input_frames, pipeline=train_pipeline)
real_clips_blur_15f_train = dict(
    type='BasicFramesDataset',
    metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
    data_root='data/real_clips_long', data_prefix=dict(img='blur', gt='sharp'),
    ann_file='meta_info_real_clips_deblur_train.txt', depth=1,
    num_input_frames=num_input_frames, pipeline=train_pipeline)
train_dataloader = dict(
    dataset=dict(datasets=[
        motion_seqs_blur_15f_train,
        dict(type='RepeatDataset', times=real_clip_repeats, dataset=real_clips_blur_15f_train)]))
# Restore in windows of 48 frames with 12 of context on each side, so that every kept frame
# sees the +-7 frames it trained on and more.
model = dict(generator=dict(chunk_size=48, chunk_overlap=12))

# Issue #17, the deblurring lever that moved x4 on real video: real video in the training data.
# The shipped deblurring recipe (s2svr_c16b2_1xb2-1600_motion-seqs-blur_zero-flow.py: C=16,
# 2 blocks, 2 layers, zero flow, zero-initialised zero-mean residual, MSE, 128x128 crops of
# 7 frames, batch 2, 1,600 iterations) with the real training clips' blur mixed in: every frame
# of box, cup and bikes (data/real_clips_long, `tools/prepare_real_clips.py --sources box cup
# bikes --max-frames 460 --out data/real_clips_long`), blurred as the real validation clips are
# (the mean of 7 consecutive frames in linear light, GT the middle one; docs/data.md), repeated
# 6 times so that one sample in three is real video, as in the x4 recipe. Why: the shipped model
# gains +0.63 dB held out but +0.00 on the real pair, whose error lies almost all on the ghosts
# of walkers over a 0.23-0.28 s exposure, which the motion sequences' GoPro-like blur (0.5-1
# frame interval) never shows (docs/results.md, "Where the real clips' deblurring error lives");
# real clips in the x4 data took the real pair from +0.48 / +0.61 to +0.81 dB. Both sources
# crop 128x128, so they share a batch. Validation: the held-out motion sequences (RGB); the real
# pair is scored by tools/eval_real_clips.py.
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur_zero-flow.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-real-clips-long-blur_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

real_clip_repeats = 6
real_clips_long_blur_train = dict(
    type='RepeatDataset',
    times=real_clip_repeats,
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='deblurring'),
        data_root='data/real_clips_long',
        data_prefix=dict(img='blur', gt='sharp'),
        ann_file='meta_info_real_clips_deblur_train.txt',
        depth=1,
        num_input_frames=7,
        pipeline={{_base_.train_pipeline}}))  # the motion sequences': 128x128, flips
train_dataloader = dict(
    dataset=dict(_delete_=True, type='ConcatDataset', ignore_keys=['dataset_type'],
                 datasets=[{{_base_.train_dataloader.dataset}}, real_clips_long_blur_train]))

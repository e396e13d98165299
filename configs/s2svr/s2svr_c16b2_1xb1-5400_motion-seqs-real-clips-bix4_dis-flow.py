# Issue #17, the lever named for the real-validation gap of the x4 recipe: train on real video
# too. The model, flow (OpenCV DIS), loss (MSE), zero-initialised head and optimizer of
# s2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow.py; the training data is the motion sequences
# (36 sequences, 256x256 GT crops) plus the real clips' training split (box, cup, bikes of
# tools/prepare_real_clips.py; none of them is a validation clip), repeated 6 times so that one
# sample in three is real video. The real clips are 240x320 and 136x320, too small for 256x256
# crops, so they are cut at 128x128 GT (32x32 LQ); crops of two sizes cannot share a batch,
# so the batch is 1 with 2-step gradient accumulation (mmengine `accumulative_counts`), each
# update averaging two samples with equal weight. 5,400 iterations (2,700 updates) at 0.91 s
# per iteration on one thread = the 82 CPU-minutes of the 3,600 batch-2 iterations of the
# motion-sequence recipe (equal CPU time, not equal updates: a batch-1 step costs more than
# half a batch-2 step). Validation: the held-out motion sequences (other photographs), Y
# channel; the real validation clips are scored afterwards by tools/eval_real_clips.py.
_base_ = ['./s2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_dis-flow'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 5400
real_clip_repeats = 6

real_clips_train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=4)),
    dict(type='PairedRandomCrop', gt_patch_size=128),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]
motion_seqs_train = {{_base_.train_dataloader.dataset}}
real_clips_train = dict(
    type='RepeatDataset',
    times=real_clip_repeats,
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='vsr'),
        data_root='data/real_clips',
        data_prefix=dict(img='bix4', gt='gt'),
        ann_file='meta_info_real_clips_train.txt',
        depth=1,
        num_input_frames=7,
        pipeline=real_clips_train_pipeline))
# The same three clips with every frame (box 455, cup 217, bikes 250 instead of 100 each), built
# by `python tools/prepare_real_clips.py --sources box cup bikes --max-frames 460 --out
# data/real_clips_long`: the real-video part of the *real-clips-long* configs, defined here once.
real_clips_long_train = dict(
    real_clips_train,
    dataset=dict(real_clips_train['dataset'], data_root='data/real_clips_long'))

train_dataloader = dict(
    batch_size=1,
    dataset=dict(_delete_=True, type='ConcatDataset', ignore_keys=['dataset_type'],
                 datasets=[motion_seqs_train, real_clips_train]))
optim_wrapper = dict(accumulative_counts=2)
train_cfg = dict(max_iters=max_iters, val_interval=1350)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=1350))

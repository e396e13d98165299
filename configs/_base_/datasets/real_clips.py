# The real clips of tools/prepare_real_clips.py (docs/data.md) in data/real_clips, split by
# clip in the annotation files: train = box, cup, bikes, tree, carphone; val = vtest (frames
# 0-99 and 400-499, 384x288 GT, 96x72 at x4: every val clip >= 64x64 at the LQ scale). What the
# task bases real_clips_*.py share: the CPU scale (batch 2, 128x128 GT crops; the smallest
# train GT is 136x320, bikes). Each sets its LQ/GT folders, annotation files and metrics.
_base_ = ['./video_frames.py']
data_root = 'data/real_clips'

# the shared pipeline with 128x128 crops
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=128),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

train_dataloader = dict(
    num_workers=2, batch_size=2, dataset=dict(data_root=data_root, pipeline=train_pipeline))

# whole clips (68 and 100 GT frames), one per iteration
val_dataloader = dict(dataset=dict(data_root=data_root))

test_dataloader = val_dataloader

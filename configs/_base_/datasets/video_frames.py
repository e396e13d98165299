# What the frame-folder video datasets of this folder share (MMagic's BasicFramesDataset over
# `<prefix>/<clip>/%08d.png` and an annotation file of `clip frames (h,w,c)` lines): the
# pipelines, the dataloaders and the loops, at the paper's scale (15-frame segments, 256x256 GT
# crops, same-size LQ). A dataset base inherits this file and sets its paths, annotation files,
# metainfo and metrics. One whose scale or crop differs writes its `train_pipeline` out in full
# and hands it to `train_dataloader` itself: mmengine replaces a list instead of merging it.
train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=256),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='horizontal'),
    dict(type='Flip', keys=['img', 'gt'], flip_ratio=0.5, direction='vertical'),
    dict(type='RandomTransposeHW', keys=['img', 'gt'], transpose_ratio=0.5),
    dict(type='PackInputs')
]

# whole clips
val_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='PackInputs')
]

# inference on a folder of LQ frames (no GT): what MMagic's VideoRestorationInferencer reads
demo_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='PackInputs')
]

train_dataloader = dict(
    num_workers=6,
    batch_size=4,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='BasicFramesDataset', depth=1, num_input_frames=15, pipeline=train_pipeline))

val_dataloader = dict(
    num_workers=1,
    batch_size=1,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='BasicFramesDataset', depth=1, pipeline=val_pipeline))
val_cfg = dict(type='MultiValLoop')

test_dataloader = val_dataloader
test_cfg = dict(type='MultiTestLoop')

# The motion sequences of tools/render_motion_sequences.py (docs/data.md) as a restoration
# dataset: a virtual camera (0-8 px/frame, rotation, zoom) over real photographs with moving
# cut-outs, 20 frames of 256x320 per sequence, split by photograph (train: 36 sequences, val: 8).
# What the task bases motion_seqs_*.py share: MMagic's BasicFramesDataset over
# `<folder>/<seq>/%08d.png`, 7-frame segments, batch 2 (the CPU scale of issue #17), flips and
# transposes. Each task base writes its whole pipeline with its `scale` and crop, its LQ folder
# and its metrics.
_base_ = ['./video_frames.py']
data_root = 'data/motion_seqs'

train_dataloader = dict(
    num_workers=1,
    batch_size=2,
    dataset=dict(
        data_root=data_root,
        ann_file='meta_info_motion_seqs_train.txt',
        num_input_frames=7))

# whole sequences (20 frames of 256x320 GT), one per iteration
val_dataloader = dict(dataset=dict(data_root=data_root, ann_file='meta_info_motion_seqs_val.txt'))
test_dataloader = val_dataloader

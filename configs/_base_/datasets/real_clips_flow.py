# The real training clips (box, cup, bikes of data/real_clips_long, built by `python
# tools/prepare_real_clips.py --sources box cup bikes --max-frames 460 --out
# data/real_clips_long`) as frame pairs for the unsupervised flow stages (paper Alg. 1), which
# need no ground-truth flow. Pairs are 1, 2 or 3 frames apart, so that the clips' small real
# motion is seen at up to three times its size; 128x128 crops and flow-aware flips, as the
# motion sequences of MotionSequenceFlowDataset. Each entry is a RepeatDataset (3 clips x 20 =
# 60 items) for a ConcatDataset beside 180 motion sequences (one item in four from the clips):
#   real_clips_flow_hq_train: HQ frames as both 'img' and 'gt' (the teacher, step 1);
#   real_clips_flow_blur_train: `blur/` (the average of 7 frames) as 'img', `sharp/` as 'gt'
#   (the blurred student, step 2).
# A config takes them as `{{_base_.real_clips_flow_hq_train}}`; the ConcatDataset needs
# ignore_keys=['dataset_type'] (its motion-sequence part has another dataset_type).
real_clips_flow_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1, 2, 3]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=1)),
    dict(type='PairedRandomCrop', gt_patch_size=128),
    dict(type='FlowAwareFlips'),
    dict(type='PackInputs')
]

real_clips_flow_hq_train = dict(
    type='RepeatDataset',
    times=20,
    dataset=dict(
        type='BasicFramesDataset',
        depth=1,
        num_input_frames=2,
        data_root='data/real_clips_long',
        ann_file='meta_info_real_clips_train.txt',
        metainfo=dict(dataset_type='real_clips', task_name='flow'),
        data_prefix=dict(img='gt', gt='gt'),
        pipeline=real_clips_flow_pipeline))

real_clips_flow_blur_train = dict(
    real_clips_flow_hq_train,
    dataset=dict(
        real_clips_flow_hq_train['dataset'],
        ann_file='meta_info_real_clips_deblur_train.txt',
        data_prefix=dict(img='blur', gt='sharp')))

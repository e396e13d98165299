# Frame pairs of the motion sequences (tools/render_motion_sequences.py, docs/data.md) for flow
# training: HQ frames as data_samples.gt_img, exact flows as gt_flow / gt_flow_backward. The
# LQ folder is each stage's: 'gt' for the teacher, 'bix4', 'blur' or 'hevc_qp37' for a student.
data_root = 'data/motion_seqs'
train_dataloader = dict(
    num_workers=2,
    batch_size=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='MotionSequenceFlowDataset',
        data_root=data_root,
        ann_file='meta_info_motion_seqs_train.txt',
        lq_folder='gt',
        num_input_frames=2,
        gt_patch_size=128,
        with_backward_flow=True))
# training only: the flow nets are measured by tools/eval_flow.py against ground truth
val_dataloader = val_cfg = val_evaluator = None
test_dataloader = test_cfg = test_evaluator = None

# Issue #17, compressed video (HEVC QP 37): the lever measured by the learnability probes
# (docs/results.md, "What simple models learn from the same-size data"): the motion sequences'
# QP 37 pairs teach a small model nothing (+0.01 dB for a linear 3-frame filter, +0.00 for a
# single-frame CNN), the real clips' pairs about +0.1 dB (2026-12-04: that +0.1 dB was a
# -1 level Y offset from a second YUV round trip in tools/prepare_real_clips.py, since
# fixed; on the rebuilt clips the linear probe gains -0.02 dB, docs/data.md). So the model of
# s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py (C=16, 2 blocks, 2 layers, radius 1, features
# at full resolution, zero-initialised residual head) trains on the motion sequences plus the
# real clips' training split (box, cup, bikes; none of them is a validation clip), repeated 12
# times so that one sample in two is real video; both are 128x128 crops of 7 frames, batch 2.
# The same-size recipe that made deblurring learn: MSE and a zero-mean residual, no flow
# (S2SVRNet(zero_flow=True); for same-size restoration aligned states have lost to unaligned
# ones so far, docs/results.md "flow vs zero flow for deblurring"). 450 iterations at about
# 5.3 s on one thread (7.7 s measured beside two other training runs) = 40 CPU-minutes.
# Validation: the held-out motion sequences, Y (as MFQEv2); the real validation clips are
# scored afterwards by tools/eval_real_clips.py.
_base_ = ['./s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py']
experiment_name = 's2svr_c16b2_1xb2-450_motion-seqs-real-clips-hevc-qp37_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 450
real_clip_repeats = 12

motion_seqs_train = {{_base_.train_dataloader.dataset}}
real_clips_train = dict(
    type='RepeatDataset',
    times=real_clip_repeats,
    dataset=dict(
        type='BasicFramesDataset',
        metainfo=dict(dataset_type='real_clips', task_name='compression'),
        data_root='data/real_clips',
        data_prefix=dict(img='hevc_qp37', gt='gt'),
        ann_file='meta_info_real_clips_train.txt',
        depth=1,
        num_input_frames=7,
        pipeline={{_base_.train_pipeline}}))

train_dataloader = dict(
    dataset=dict(_delete_=True, type='ConcatDataset', ignore_keys=['dataset_type'],
                 datasets=[motion_seqs_train, real_clips_train]))
model = dict(
    generator=dict(zero_flow=True, flow_pretrained=None, zero_mean_residual=True),
    pixel_loss=dict(_delete_=True, type='MSELoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=max_iters))
train_cfg = dict(max_iters=max_iters, val_interval=225)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=225))

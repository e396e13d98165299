# Issue #17: the BasicVSR baseline of the x4 recipe with two samples in three real
# (configs/s2svr/s2svr_c16b2_1xb1-6750_motion-seqs-real-clips-long-two-thirds-bix4_flow-student-
# up2.py), trained on the same data: the motion sequences plus the real training clips (box,
# cup, bikes, every frame of data/real_clips_long) repeated 24 times instead of 6. Model, loss,
# SPyNet starting at zero flow, schedule (3,600 iterations, the 2 CPU-hours at about
# 2 s per iteration on one thread) and validation are those of
# basicvsr_c16b2_1xb1-3600_motion-seqs-real-clips-long-bix4_spynet-zero-init.py, the baseline of
# the one-in-three recipe; only the real share changes, as in the S2SVR pair of configs.
_base_ = ['./basicvsr_c16b2_1xb1-3600_motion-seqs-real-clips-long-bix4_spynet-zero-init.py']
experiment_name = ('basicvsr_c16b2_1xb1-3600_motion-seqs-real-clips-long-two-thirds-bix4_'
                   'spynet-zero-init')
work_dir = f'./work_dirs/{experiment_name}'

real_clip_repeats = 24  # as the S2SVR two-in-three config
train_dataloader = dict(
    dataset=dict(datasets=[{{_base_.motion_seqs_train}},
                           dict(type='RepeatDataset', times=real_clip_repeats,
                                dataset={{_base_.real_clips_long_train.dataset}})]))

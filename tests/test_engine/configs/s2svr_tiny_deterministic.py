# The tiny S2SVR x4 config made deterministic and cheap for the engine tests that train in
# subprocesses: fixed seed, no random crop/flip, two 2-frame clips read in order (so one process
# with batch 2 sees what two processes with batch 1 see), no validation, a log line, a checkpoint
# every 2 iterations and a ProbeHook (tests/test_engine/probe_hooks.py) on every iteration.
# The tests set `train_dataloader.dataset.data_root` (see `write_two_clips` in the tests).
# Checkpoint hook and optim wrapper are the shipped ones (ResumableCheckpointHook,
# FiniteCheckOptimWrapper from the base configs).
_base_ = '../../../configs/s2svr/s2svr_c16b1_1xb1-20_tiny-bix4.py'

custom_imports = dict(imports=['s2svr_mm', 's2svr_mm.engine', 'probe_hooks'],
                      allow_failed_imports=False)
randomness = dict(seed=2022, deterministic=True)

train_pipeline = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    dict(type='SetValues', dictionary=dict(scale=4)),
    dict(type='PackInputs')
]
train_dataloader = dict(
    sampler=dict(type='InfiniteSampler', shuffle=False),
    dataset=dict(ann_file='meta_info_two_clips.txt', num_input_frames=2,
                 pipeline=train_pipeline))
val_dataloader = None
val_cfg = None
val_evaluator = None
test_dataloader = None
test_cfg = None
test_evaluator = None

train_cfg = dict(type='IterBasedTrainLoop', max_iters=4, val_interval=10**9)
param_scheduler = dict(periods=[4])
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2, save_best=None))
custom_hooks = [dict(type='ProbeHook')]

# MMagic's runtime (hooks, logging, visualizer, env), plus the plugin import.
_base_ = 'mmagic::_base_/default_runtime.py'

custom_imports = dict(imports=['s2svr_mm'], allow_failed_imports=False)

# Checkpoints go to the work dir (MMagic's default writes them to `save_dir/<work dir name>`,
# where `--resume` does not look). ResumableCheckpointHook (s2svr_mm.engine) is mmengine's
# CheckpointHook with atomic writes, RNG states in the checkpoint and schedules that follow the
# config on `--resume` (docs/distributed.md).
default_hooks = dict(checkpoint=dict(type='ResumableCheckpointHook', out_dir=None))

# mmengine's Runner whose distributed launchers (`--launcher pytorch|slurm`) and default DDP
# wrapper also run on CPU-only machines with env_cfg.dist_cfg.backend='gloo'; with GPUs it is
# mmengine's Runner unchanged (s2svr_mm.engine.dist, docs/distributed.md). tools/train.py and
# tools/test.py build it; `runner_type='Runner'` opts out.
runner_type = 'CPUCapableRunner'

# A fixed seed, so that a run can be repeated; a second seed for the same recipe is
# `--cfg-options randomness.seed=1` (issue #17 reports two seeds per model).
randomness = dict(seed=0)

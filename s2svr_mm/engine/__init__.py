"""Training engine: fault-tolerant checkpoints, NaN/Inf guard, distributed training on CPU.

Importing it registers :class:`ResumableCheckpointHook` (``HOOKS``),
:class:`FiniteCheckOptimWrapper` (``OPTIM_WRAPPERS``), :class:`CPUCapableDistributedDataParallel`
(``MODEL_WRAPPERS``), :class:`CPUCapableRunner` (``RUNNERS``; ``runner_type`` in
``configs/_base_/default_runtime.py``: mmengine's distributed launchers on CPU-only machines,
nothing changes with GPUs) and the ``'local_atomic'`` file backend. It patches nothing.
"""
from .dist import (CPUCapableDistributedDataParallel, CPUCapableRunner, build_runner,
                   cpu_launch)
from .fileio import AtomicLocalBackend
from .hooks import ResumableCheckpointHook
from .optimizers import FiniteCheckOptimWrapper
from .rng import get_rng_state, set_rng_state

__all__ = [
    'AtomicLocalBackend', 'CPUCapableDistributedDataParallel', 'FiniteCheckOptimWrapper',
    'CPUCapableRunner', 'ResumableCheckpointHook', 'build_runner', 'cpu_launch', 'get_rng_state',
    'set_rng_state'
]

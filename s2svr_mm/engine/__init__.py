"""Training engine: fault-tolerant checkpoints, NaN/Inf guard, distributed training on CPU.

Importing it registers :class:`ResumableCheckpointHook` (``HOOKS``),
:class:`FiniteCheckOptimWrapper` (``OPTIM_WRAPPERS``), :class:`CPUCapableDistributedDataParallel`
(``MODEL_WRAPPERS``) and the ``'local_atomic'`` file backend, and lets mmengine's distributed
launchers run on CPU-only machines (:func:`enable_cpu_distributed`; nothing changes with GPUs).
"""
from .dist import CPUCapableDistributedDataParallel, enable_cpu_distributed
from .fileio import AtomicLocalBackend, atomic_write, remove_partial_files
from .hooks import ResumableCheckpointHook
from .optimizers import FiniteCheckOptimWrapper
from .rng import get_rng_state, set_rng_state

enable_cpu_distributed()

__all__ = [
    'AtomicLocalBackend', 'CPUCapableDistributedDataParallel', 'FiniteCheckOptimWrapper',
    'ResumableCheckpointHook', 'atomic_write', 'enable_cpu_distributed', 'get_rng_state',
    'remove_partial_files', 'set_rng_state'
]

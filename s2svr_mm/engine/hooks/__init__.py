"""Training hooks of s2svr_mm (re-exports)."""
from .resumable_checkpoint_hook import ResumableCheckpointHook
from .zero_init_hook import ZeroInitHook

__all__ = ['ResumableCheckpointHook', 'ZeroInitHook']

"""Training hooks of s2svr_mm (re-exports)."""
from .resumable_checkpoint_hook import ResumableCheckpointHook

__all__ = ['ResumableCheckpointHook']

"""Inference APIs: streaming restoration of videos (used by ``s2svr-restore``) and MMagic's
inferencer set up for S2SVR."""
from .inference import DEMO_PIPELINE, build_inferencer, prepare_inference_config
from .catalogue import (DEFAULT_MODELS, MIN_INPUT_SIZE, TASK_SCALES, TASKS, default_model,
                        resolve_model)
from .errors import RestoreError
from .loading import load_generator, resolve_device
from .restore import RestoreSummary, restore_video
from ..models.backbones.chunking import chunk_windows
from .streaming import FrameRestorer, stream_chunks

__all__ = [
    'DEMO_PIPELINE', 'build_inferencer', 'prepare_inference_config', 'DEFAULT_MODELS',
    'MIN_INPUT_SIZE', 'TASK_SCALES', 'TASKS', 'RestoreError', 'default_model', 'load_generator',
    'resolve_device', 'resolve_model', 'RestoreSummary', 'restore_video', 'FrameRestorer',
    'chunk_windows', 'stream_chunks'
]

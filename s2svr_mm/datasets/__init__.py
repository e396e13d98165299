"""Datasets of s2svr_mm: the degradations (registered as MMagic transforms) and the helpers
that write MMagic frame-folder datasets. Importing it registers the transforms."""
from .frame_folders import (FRAME_TMPL, DatasetError, atomic_output_dir, format_ann_line,
                            list_frames, read_ann_file, read_frames, write_ann_file,
                            write_frames)
from .transforms import *  # noqa: F401,F403 (runs the @TRANSFORMS.register_module() decorators)
from .transforms import __all__ as _transforms_all

__all__ = [
    'FRAME_TMPL', 'DatasetError', 'atomic_output_dir', 'format_ann_line', 'list_frames',
    'read_ann_file', 'read_frames', 'write_ann_file', 'write_frames'
] + list(_transforms_all)

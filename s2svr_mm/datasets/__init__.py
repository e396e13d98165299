"""Datasets of s2svr_mm: the degradations (registered as MMagic transforms) and the helpers
that write MMagic frame-folder datasets (the frames themselves: :mod:`s2svr_mm.fileio`).
Importing it registers the transforms."""
from .layout import completed_dataset, format_ann_line, read_ann_file, write_ann_file
# importing the transforms runs their @TRANSFORMS.register_module() decorators
from .transforms import (BDDegradation, BIDegradation, HEVCCompression, average_frames,
                         bd_downsample, bicubic_downsample, capture_yuv420p, decode_video,
                         encode_hevc, hevc_compress, rgb_to_yuv420p, temporal_average_blur,
                         yuv420p_to_rgb)
from .motion_flow_dataset import MotionSequenceFlowDataset  # noqa: F401 (registers)

__all__ = [
    'completed_dataset', 'format_ann_line', 'read_ann_file', 'write_ann_file', 'BDDegradation',
    'BIDegradation', 'HEVCCompression', 'average_frames', 'bd_downsample', 'bicubic_downsample',
    'capture_yuv420p', 'decode_video', 'encode_hevc', 'hevc_compress', 'rgb_to_yuv420p',
    'temporal_average_blur', 'yuv420p_to_rgb'
]

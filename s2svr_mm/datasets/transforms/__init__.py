"""Data transforms that MMagic lacks: the degradations of the S2SVR tasks."""
from .degradations import (BDDegradation, BIDegradation, HEVCCompression, average_frames,
                           bd_downsample, bicubic_downsample, capture_yuv420p, decode_video,
                           encode_hevc, hevc_compress, rgb_to_yuv420p, temporal_average_blur,
                           yuv420p_to_rgb)

__all__ = [
    'BDDegradation', 'BIDegradation', 'HEVCCompression', 'average_frames', 'bd_downsample',
    'bicubic_downsample', 'capture_yuv420p', 'decode_video', 'encode_hevc', 'hevc_compress',
    'rgb_to_yuv420p', 'temporal_average_blur', 'yuv420p_to_rgb'
]

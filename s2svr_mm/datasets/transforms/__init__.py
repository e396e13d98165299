"""Data transforms that MMagic lacks: the degradations of the S2SVR tasks."""
from .degradations import (BDDegradation, BIDegradation, HEVCCompression, average_frames,
                           bd_downsample, bicubic_downsample, decode_video, encode_hevc,
                           hevc_compress, temporal_average_blur)

__all__ = [
    'BDDegradation', 'BIDegradation', 'HEVCCompression', 'average_frames', 'bd_downsample',
    'bicubic_downsample', 'decode_video', 'encode_hevc', 'hevc_compress',
    'temporal_average_blur'
]

"""Degradations of the S2SVR tasks: BI/BD x4 down-sampling, GoPro-style temporal blur, HEVC.

S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video
Restoration", ICML 2022) is evaluated on three tasks, each with its own degradation:

* video super-resolution: BI (MATLAB bicubic) and BD (Gaussian blur + decimation) x4
  (:mod:`.downsampling`),
* video deblurring: GoPro-style blur, the average of consecutive sharp frames
  (:mod:`.motion_blur`),
* compressed video enhancement: HEVC at a constant QP in a low-delay P configuration
  (:mod:`.hevc`, with the yuv420p conversion of :mod:`.yuv`).

Every function works on frames laid out as ``(h, w, 3)`` arrays (RGB unless said otherwise)
and is also wrapped, where a per-sample version makes sense, as an MMagic transform
(``@TRANSFORMS.register_module()``) that works on a results dict whose values are one array or
a list of arrays, as MMagic's own transforms do.
"""
from .downsampling import BDDegradation, BIDegradation, bd_downsample, bicubic_downsample
from .hevc import FRAME_FORMATS, HEVCCompression, decode_video, encode_hevc, hevc_compress
from .motion_blur import GOPRO_GAMMA, average_frames, temporal_average_blur
from .yuv import capture_yuv420p, rgb_to_yuv420p, yuv420p_to_rgb

__all__ = [
    'BDDegradation', 'BIDegradation', 'HEVCCompression', 'FRAME_FORMATS', 'GOPRO_GAMMA',
    'average_frames', 'bd_downsample', 'bicubic_downsample', 'capture_yuv420p', 'decode_video',
    'encode_hevc', 'hevc_compress', 'rgb_to_yuv420p', 'temporal_average_blur', 'yuv420p_to_rgb'
]

"""RGB <-> yuv420p conversion as the HEVC encoder and decoder see it (FFmpeg's swscale).

The conversion shared by :func:`~.hevc.hevc_compress` and its ground truth
(:func:`capture_yuv420p`), so that the two differ only by the codec.
"""
from typing import List, Optional, Sequence

import av
import numpy as np

from .common import Frames, _check_frame, _pad_to_even


def rgb_to_yuv420p(frame: np.ndarray, channel_order: str = 'rgb') -> np.ndarray:
    """Convert one packed frame to I420 planes the way the encoder sees it (FFmpeg's swscale:
    BT.601, limited range, 2x2 chroma subsampling). Odd sides are edge-padded to even.

    Args:
        frame (np.ndarray): (h, w, 3), ``uint8`` or float in [0, 255].
        channel_order (str): 'rgb' or 'bgr'. Default: 'rgb'.

    Returns:
        np.ndarray: (H * 3 // 2, W) ``uint8`` planes (Y, U, V), H and W the even-padded sides.
    """
    _check_frame(frame)
    if channel_order not in ('rgb', 'bgr'):
        raise ValueError(f"channel_order must be 'rgb' or 'bgr', got {channel_order!r}")
    padded = np.ascontiguousarray(_pad_to_even(frame, f'{channel_order}24', frame.shape))
    video_frame = av.VideoFrame.from_ndarray(padded, format=f'{channel_order}24')
    return video_frame.reformat(format='yuv420p').to_ndarray()


def yuv420p_to_rgb(planes: np.ndarray, size: Optional[Sequence[int]] = None,
                   channel_order: str = 'rgb') -> np.ndarray:
    """Inverse of :func:`rgb_to_yuv420p` (the decoder side's conversion, swscale BT.601).

    Args:
        planes (np.ndarray): (h * 3 // 2, w) ``uint8`` I420 planes.
        size (Sequence[int], optional): (h, w) to crop to (undoes the even-size padding).
        channel_order (str): 'rgb' or 'bgr'. Default: 'rgb'.

    Returns:
        np.ndarray: (h, w, 3) ``uint8``.
    """
    img = av.VideoFrame.from_ndarray(np.ascontiguousarray(planes), format='yuv420p').to_ndarray(
        format=f'{channel_order}24')
    return img if size is None else img[:size[0], :size[1]]


def capture_yuv420p(frames: Frames, channel_order: str = 'rgb') -> List[np.ndarray]:
    """What a camera recording to yuv420p keeps of each frame: RGB -> I420 -> RGB.

    This is the ground truth that :func:`hevc_compress` output must be compared with: both
    share one YUV conversion, so they differ only by the codec (the RGB -> yuv420p round
    trip alone moves colours by about a level and caps PSNR near 39 dB, docs/data.md).

    Args:
        frames (Sequence[np.ndarray] | np.ndarray): frames (h, w, 3), ``uint8`` or float.
        channel_order (str): 'rgb' or 'bgr'. Default: 'rgb'.

    Returns:
        list[np.ndarray]: (h, w, 3) ``uint8`` frames.
    """
    return [yuv420p_to_rgb(rgb_to_yuv420p(f, channel_order), f.shape[:2], channel_order)
            for f in frames]

"""Motion-blur degradation of video deblurring: GoPro-style averages of sharp frames.

S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video
Restoration", ICML 2022) evaluates video deblurring on GoPro, whose blurred frames are the
average of consecutive sharp frames in linear light (Nah et al., CVPR 2017).
"""
from typing import List

import numpy as np

from .common import Frames, _to_uint8

#: The gamma of the camera response that the GoPro dataset inverts before averaging.
GOPRO_GAMMA = 2.2


def average_frames(frames: Frames, gamma: float = GOPRO_GAMMA) -> np.ndarray:
    """GoPro-style blur of one window: the average of sharp frames in linear light.

    Nah et al., "Deep Multi-scale CNN for Dynamic Scene Deblurring" (CVPR 2017), Eq. 2:
    frames are mapped to linear intensity with ``x ** gamma`` (camera response inverted,
    gamma 2.2), averaged, and mapped back with ``x ** (1 / gamma)``. The sharp ground truth
    of the result is the centre frame of the window.

    Args:
        frames (Sequence[np.ndarray] | np.ndarray): An odd number n >= 1 of frames, each
            (h, w, c), ``uint8`` or float in [0, 255], or one (n, h, w, c) array.
        gamma (float): Gamma of the camera response; 1 averages the values as they are.
            Default: 2.2.

    Returns:
        np.ndarray: The blurred frame, (h, w, c) ``uint8``.

    Raises:
        ValueError: On no frames, an even number of frames, frames of different shapes, or
            ``gamma <= 0``.
    """
    if len(frames) == 0 or len(frames) % 2 == 0:
        raise ValueError(f'need an odd number of frames to average, got {len(frames)}')
    return temporal_average_blur(frames, window=len(frames), gamma=gamma)[0]


def temporal_average_blur(frames: Frames,
                          window: int = 7,
                          gamma: float = GOPRO_GAMMA) -> List[np.ndarray]:
    """GoPro-style blur of a sequence: a sliding average of ``window`` sharp frames.

    Blurred frame ``k`` is :func:`average_frames` of ``frames[k:k + window]``; its ground
    truth is the centre frame ``frames[k + window // 2]``. Only full windows are used, so a
    sequence of t frames gives ``t - window + 1`` blurred frames (no padding at the ends).
    The running sum is kept in float64 in linear light, one frame in and one out per step.

    Args:
        frames (Sequence[np.ndarray] | np.ndarray): t >= ``window`` frames of one shape
            (h, w, c), ``uint8`` or float in [0, 255].
        window (int): Odd number of consecutive frames per blurred frame (GoPro uses 7-13
            frames of 240 fps video). Default: 7.
        gamma (float): Gamma of the camera response (see :func:`average_frames`).
            Default: 2.2.

    Returns:
        list[np.ndarray]: ``t - window + 1`` blurred frames, (h, w, c) ``uint8``.

    Raises:
        ValueError: If ``window`` is not a positive odd integer, there are fewer than
            ``window`` frames, the frames differ in shape, or ``gamma <= 0``.
    """
    if int(window) != window or window < 1 or window % 2 == 0:
        raise ValueError(f'window must be a positive odd integer, got {window}')
    if gamma <= 0:
        raise ValueError(f'gamma must be positive, got {gamma}')
    if len(frames) < window:
        raise ValueError(f'need at least window={window} frames, got {len(frames)}')
    shape = frames[0].shape
    if any(f.shape != shape for f in frames):
        raise ValueError('all frames must have the same shape')

    def linear(img):
        return (np.asarray(img, dtype=np.float64) / 255.) ** gamma

    def display(acc):
        return _to_uint8(255. * (acc / window) ** (1. / gamma))

    acc = np.sum([linear(f) for f in frames[:window]], axis=0)
    blurred = [display(acc)]
    for k in range(window, len(frames)):
        acc += linear(frames[k]) - linear(frames[k - window])
        np.maximum(acc, 0, out=acc)  # cancel float drift below zero
        blurred.append(display(acc))
    return blurred

"""Rectified stereo pairs as optical-flow ground truth (issue #15): a rectified pair is a
flow of (-d, 0) from the left to the right image; area down-scaling of the images and of the
field to an evaluation scale, and a warp check of the sign. Used by ``tools/eval_flow.py``;
conventions as :mod:`s2svr_mm.flow_evaluation` (frames ``(h, w, 3)`` ``uint8`` RGB).
"""
import math
from typing import Tuple

import numpy as np
import torch

from .flow_evaluation import to_tensor
from .models.flow_utils import warp


def valid_disparity(disparity: np.ndarray) -> np.ndarray:
    """(h, w) bool: where a disparity map holds a value (finite and > 0; inf, nan and 0
    mark unknown pixels in the Middlebury and ``opencv-doc`` ground truths)."""
    return np.isfinite(disparity) & (disparity > 0)


def block_mean(array: np.ndarray, factor: int) -> np.ndarray:
    """Area down-scaling by an integer factor: the mean of each factor x factor block.

    Args:
        array (np.ndarray): (h, w, ...) with h and w multiples of ``factor``.

    Raises:
        ValueError: If h or w is not a multiple of ``factor``.
    """
    h, w = array.shape[:2]
    if h % factor or w % factor:
        raise ValueError(f'{h}x{w} is not a multiple of {factor}')
    blocks = array.reshape(h // factor, factor, w // factor, factor, *array.shape[2:])
    return blocks.astype(np.float64).mean(axis=(1, 3))


def downscale_field(field: np.ndarray, valid: np.ndarray,
                    factor: int) -> Tuple[np.ndarray, np.ndarray]:
    """Area down-scale a flow or disparity field with a validity mask, values / ``factor``.

    A down-scaled pixel is valid when at least half of its block is; its value is the mean of
    the block's valid values divided by ``factor`` (pixels of the smaller grid). Keeping the
    majority, not only whole blocks, keeps depth and motion boundaries in the evaluation: the
    Middlebury ``motorcycle`` GT is invalid along thin edge lines, and whole 8x8 blocks would
    drop 40 % of the image, the edges first.

    Args:
        field (np.ndarray): (h, w) or (h, w, c) values in pixels; anything where invalid.
        valid (np.ndarray): (h, w) bool.
        factor (int): Integer down-scaling factor; h and w must be its multiples.

    Returns:
        tuple: the field (float32, nan where invalid) and its (h / factor, w / factor) mask.
    """
    fraction = block_mean(valid, factor)
    weights = valid.reshape(valid.shape + (1,) * (field.ndim - 2))
    total = block_mean(np.where(weights, field, 0), factor)
    keep = fraction >= 0.5
    ratio = np.maximum(fraction, 1e-9).reshape(fraction.shape + (1,) * (field.ndim - 2))
    out = np.where(keep.reshape(ratio.shape), total / ratio / factor, np.nan)
    return out.astype(np.float32), keep


def downscale_stereo(left: np.ndarray, right: np.ndarray, disparity: np.ndarray,
                     factor: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area down-scale a rectified pair and its disparity by an integer factor.

    Sides are first cropped (bottom/right) to multiples of ``factor``; the disparity goes
    through :func:`downscale_field`.

    Args:
        left, right (np.ndarray): (h, w, 3) ``uint8`` RGB.
        disparity (np.ndarray): (h, w) disparity of ``left`` in pixels; inf, nan or <= 0 mark
            invalid pixels.
        factor (int): Down-scaling factor (1 = crop only).

    Returns:
        tuple: left, right (``uint8``) and the disparity (float32, nan where invalid).
    """
    h, w = (s - s % factor for s in disparity.shape)
    left, right, disparity = left[:h, :w], right[:h, :w], disparity[:h, :w]
    valid = valid_disparity(disparity)
    out_disp, _ = downscale_field(disparity, valid, factor)
    imgs = [np.clip(np.round(block_mean(img, factor)), 0, 255).astype(np.uint8)
            for img in (left, right)]
    return imgs[0], imgs[1], out_disp


def stereo_flow(disparity: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Flow left -> right of a rectified pair, ``(-d, 0)``, and its valid mask.

    Args:
        disparity (np.ndarray): (h, w) disparity of the left image in pixels (inf, nan or <= 0
            invalid).

    Returns:
        tuple: (2, h, w) float32 flow (0 where invalid) and (h, w) bool valid mask.
    """
    valid = valid_disparity(disparity)
    flow = np.zeros((2, *disparity.shape), np.float32)
    flow[0] = -np.where(valid, disparity, 0)
    return flow, valid


def verify_stereo_flow(left: np.ndarray, right: np.ndarray,
                       disparity: np.ndarray) -> dict:
    """Check by warping that ``(-d, 0)`` is the flow left -> right, in sign and in scale.

    ``warp(right, s * stereo_flow(d))`` is compared with ``left`` over the valid pixels for
    s in (1, -1, 0.5, 2) (as (-d, 0), (+d, 0), half and double the disparity).

    Returns:
        dict: scale -> mean absolute error in 8-bit levels.

    Raises:
        ValueError: If s = 1 does not give the smallest error (wrong sign or scale of the
            ground truth, or left and right swapped).
    """
    flow, valid = stereo_flow(disparity)
    errors = {}
    for scale in (1.0, -1.0, 0.5, 2.0):
        warped = warp(to_tensor(right) * 255, torch.from_numpy(flow * scale)[None], 'border')
        diff = (warped[0] - to_tensor(left)[0] * 255).abs().mean(0).numpy()
        errors[scale] = float(diff[valid].mean())
    if min(errors, key=errors.get) != 1.0:
        raise ValueError('warping the right image by (-d, 0) does not reconstruct the left one '
                         f'best (mean abs error per scale of d: {errors})')
    return errors


def pick_factor(disparity: np.ndarray, max_disparity: float) -> int:
    """Smallest integer down-scaling factor that brings the valid disparities to
    ``<= max_disparity`` pixels."""
    valid = valid_disparity(disparity)
    return max(1, math.ceil(float(disparity[valid].max()) / max_disparity))


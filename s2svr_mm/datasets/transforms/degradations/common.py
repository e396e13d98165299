"""Helpers shared by the degradations: frame checks, dtype round trips, results-dict mapping.

Every degradation works on frames laid out as ``(h, w, 3)`` arrays (RGB unless said
otherwise), ``uint8`` or float in [0, 255]; the MMagic transforms work on a results dict whose
values are one array or a list of arrays, as MMagic's own transforms do.
"""
from typing import List, Sequence, Union

import numpy as np

Frames = Union[Sequence[np.ndarray], np.ndarray]


def _to_uint8(img: np.ndarray) -> np.ndarray:
    """Round and clip an array of values in [0, 255] to ``uint8``."""
    if img.dtype == np.uint8:
        return img
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def _restore_dtype(img: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Return ``img`` (uint8) as ``uint8`` or ``float32`` in [0, 255], matching ``like``."""
    return img if like.dtype == np.uint8 else img.astype(np.float32)


def _check_frame(img: np.ndarray, name: str = 'frame') -> None:
    """Raise ``ValueError`` unless ``img`` is an ``(h, w, 3)`` array with h, w > 0."""
    if not isinstance(img, np.ndarray) or img.ndim != 3 or img.shape[2] != 3 \
            or img.shape[0] == 0 or img.shape[1] == 0:
        shape = getattr(img, 'shape', type(img).__name__)
        raise ValueError(f'{name} must be an (h, w, 3) array, got {shape}')


def _pad_to_even(frame: np.ndarray, frame_format: str, shape: tuple) -> np.ndarray:
    """One frame as the encoder takes it: packed frames with odd sides padded to even."""
    if getattr(frame, 'shape', None) != shape:
        raise ValueError(f'all frames must have shape {shape}, got '
                         f'{getattr(frame, "shape", type(frame).__name__)}')
    if frame_format == 'yuv420p':
        return frame
    return np.pad(
        _to_uint8(frame), ((0, shape[0] % 2), (0, shape[1] % 2), (0, 0)), mode='edge')


def _map_frames(results: dict, keys: Sequence[str], func) -> dict:
    """Replace each ``results[key]`` (one array or a list of arrays) by ``func(list)``."""
    for key in keys:
        value = results[key]
        single = isinstance(value, np.ndarray)
        frames = [value] if single else list(value)
        if len(frames) == 0:
            raise ValueError(f'results[{key!r}] holds no frames')
        out = func(frames)
        results[key] = out[0] if single else out
    return results


def _as_keys(keys: Union[str, Sequence[str]]) -> List[str]:
    return [keys] if isinstance(keys, str) else list(keys)

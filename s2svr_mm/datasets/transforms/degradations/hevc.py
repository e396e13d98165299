"""Compression degradation of compressed video enhancement: HEVC at a constant QP (x265).

S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video
Restoration", ICML 2022) follows MFQEv2's protocol: HEVC at a constant QP in a low-delay P
configuration. Encoding, decoding and the round trip are functions on frame sequences; the
round trip is also a registered MMagic transform.
"""
import io
import random
from typing import Iterable, Iterator, List, Optional, Sequence, Union

import numpy as np
from mmagic.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from ....fileio import decode_frames, encode_video
from .common import (Frames, _as_keys, _check_frame, _map_frames, _pad_to_even,
                     _restore_dtype)
from .yuv import capture_yuv420p, rgb_to_yuv420p, yuv420p_to_rgb


def _check_qp(qp: int) -> None:
    if int(qp) != qp or not 0 <= qp <= 51:
        raise ValueError(f'HEVC qp must be an integer in [0, 51], got {qp}')


#: Frame layouts accepted by :func:`encode_hevc` and produced by :func:`decode_video`:
#: packed (h, w, 3) RGB/BGR, or I420 planes stacked as one (h * 3 // 2, w) array.
FRAME_FORMATS = ('rgb24', 'bgr24', 'yuv420p')


def _check_frame_format(frame_format: str) -> None:
    if frame_format not in FRAME_FORMATS:
        raise ValueError(f'frame_format must be one of {FRAME_FORMATS}, got {frame_format!r}')


def _coded_size(frame: np.ndarray, frame_format: str) -> tuple:
    """(height, width) of the coded picture for the first frame; checks its layout."""
    if frame_format == 'yuv420p':
        if not isinstance(frame, np.ndarray) or frame.ndim != 2 or frame.dtype != np.uint8 \
                or frame.shape[0] % 3 or frame.shape[0] // 3 % 2 or frame.shape[1] % 2:
            raise ValueError('yuv420p frames must be (h * 3 // 2, w) uint8 arrays with even '
                             f'h and w, got {getattr(frame, "shape", frame)}')
        return frame.shape[0] * 2 // 3, frame.shape[1]
    _check_frame(frame)
    return frame.shape[0] + frame.shape[0] % 2, frame.shape[1] + frame.shape[1] % 2


def encode_hevc(frames: Iterable[np.ndarray],
                qp: int = 37,
                frame_format: str = 'rgb24',
                preset: str = 'medium',
                fps: int = 25) -> bytes:
    """Encode frames with libx265 at a constant QP, low-delay P (one I frame, then P only).

    The compressed-video protocol of MFQEv2 (Guan et al., TPAMI 2019), which S2SVR follows,
    encodes with the HM reference software in its low-delay P configuration at QP 22-37.
    This approximates it with x265 through PyAV: ``qp`` fixes the QP of every frame (with
    ``ipratio=1:pbratio=1``, else x265 gives I frames QP-3 and B frames QP+2),
    ``bframes=0`` and an unbounded ``keyint`` with ``scenecut=0`` give one I frame then P
    frames only. HM's per-frame QP offsets inside a GOP are not reproduced. Packed RGB is
    converted to yuv420p by FFmpeg (BT.601, limited range). MMagic's
    ``RandomVideoCompression`` encodes at a random bit rate (rate control), not at a fixed
    QP, so it is not used.

    Args:
        frames (Iterable[np.ndarray]): Frames of one shape, in ``frame_format``: packed
            (h, w, 3) ``uint8`` (floats in [0, 255] are rounded; odd sides are padded to even
            by edge replication, as yuv420p needs even sides), or raw I420 planes (Y, then
            U, then V) as one (h * 3 // 2, w) ``uint8`` array. May be a generator; frames
            are encoded one at a time.
        qp (int): The constant quantisation parameter, 0-51 (22/27/32/37 in MFQEv2).
            Default: 37.
        frame_format (str): 'rgb24', 'bgr24' or 'yuv420p'. Default: 'rgb24'.
        preset (str): x265 speed preset ('ultrafast' ... 'placebo'). Default: 'medium'.
        fps (int): Frame rate written in the container (does not change the QP). Default: 25.

    Returns:
        bytes: An MP4 file with one HEVC video stream.

    Raises:
        ValueError: On a QP outside [0, 51], an unknown ``frame_format``, no frames, or
            frames of the wrong layout or of different shapes.
    """
    _check_qp(qp)
    _check_frame_format(frame_format)
    x265_params = (f'qp={int(qp)}:ipratio=1:pbratio=1:bframes=0:keyint=-1:scenecut=0:'
                   'log-level=error')

    def even_sized(frames):
        shape = None
        for frame in frames:
            if shape is None:
                _coded_size(frame, frame_format)  # checks the layout of the first frame
                shape = frame.shape
            yield _pad_to_even(frame, frame_format, shape)

    buffer = io.BytesIO()
    encode_video(buffer, even_sized(frames), 'libx265', fps, 'mp4', frame_format, 'yuv420p',
                 {'x265-params': x265_params, 'preset': preset})
    return buffer.getvalue()


def decode_video(data: bytes,
                 frame_format: str = 'rgb24',
                 size: Optional[Sequence[int]] = None) -> Iterator[np.ndarray]:
    """Decode every frame of a video held in memory (e.g. from :func:`encode_hevc`).

    Args:
        data (bytes): The contents of a video file (any container PyAV/FFmpeg reads).
        frame_format (str): 'rgb24', 'bgr24' (packed (h, w, 3)) or 'yuv420p' (I420 planes
            as (h * 3 // 2, w)). Default: 'rgb24'.
        size (Sequence[int], optional): (h, w) to crop packed frames to (undoes the
            even-size padding of :func:`encode_hevc`). Default: None (no crop).

    Yields:
        np.ndarray: Frames in display order, ``uint8``.
    """
    _check_frame_format(frame_format)
    for img in decode_frames(io.BytesIO(data), frame_format):
        yield img if size is None else img[:size[0], :size[1]]


def hevc_compress(frames: Frames,
                  qp: int = 37,
                  channel_order: str = 'rgb',
                  preset: str = 'medium') -> List[np.ndarray]:
    """Compress frames with HEVC at a constant QP (low-delay P) and decode them back.

    See :func:`encode_hevc` for the protocol (MFQEv2 / HM LDP approximated with x265). The
    frames go RGB -> I420 (:func:`rgb_to_yuv420p`) -> x265 -> I420 -> RGB
    (:func:`yuv420p_to_rgb`); compare the result with :func:`capture_yuv420p` of the same
    frames, which shares the YUV conversion, so that only the codec separates the two.

    Args:
        frames (Sequence[np.ndarray] | np.ndarray): t >= 1 frames (h, w, 3), ``uint8`` or
            float in [0, 255]; any h, w (odd sides are padded internally and cropped back).
        qp (int): Constant QP, 0-51. Default: 37.
        channel_order (str): 'rgb' or 'bgr', the order of ``frames``. Default: 'rgb'.
        preset (str): x265 speed preset. Default: 'medium'.

    Returns:
        list[np.ndarray]: t compressed frames, (h, w, 3) ``uint8``, in input order.

    Raises:
        ValueError: On a bad QP, no frames or frames of mixed shapes.
        RuntimeError: If the decoder returns a different number of frames than encoded.
    """
    if len(frames) == 0:
        raise ValueError('cannot compress an empty sequence of frames')
    if channel_order not in ('rgb', 'bgr'):
        raise ValueError(f"channel_order must be 'rgb' or 'bgr', got {channel_order!r}")
    shape = frames[0].shape
    if any(getattr(f, 'shape', None) != shape for f in frames):
        raise ValueError(f'all frames must have shape {shape}')
    planes = [rgb_to_yuv420p(f, channel_order) for f in frames]
    data = encode_hevc(planes, qp=qp, frame_format='yuv420p', preset=preset)
    out = [yuv420p_to_rgb(p, shape[:2], channel_order)
           for p in decode_video(data, frame_format='yuv420p')]
    if len(out) != len(frames):
        raise RuntimeError(f'HEVC round trip returned {len(out)} frames for {len(frames)}')
    return out


@TRANSFORMS.register_module()
class HEVCCompression(BaseTransform):
    """Compress a frame sequence with HEVC at a constant QP, low-delay P (see
    :func:`encode_hevc`), for on-the-fly compressed-video training data.

    The frames of one key are encoded as one video, in list order, so temporal prediction
    runs across them as in a real stream. A list of QPs draws one per call (QP-blind
    training).

    Required and modified keys: those in ``keys``, each a list of (h, w, 3) arrays (or one
    array, compressed as an intra frame); ``uint8`` stays ``uint8``, floats in [0, 255] give
    ``float32``. Added key: ``'hevc_qp'`` (int), the QP used.

    Args:
        keys (str | Sequence[str]): Keys of the frame lists to compress. Default: 'img'.
        qp (int | Sequence[int]): Constant QP (0-51), or QPs to draw from uniformly.
            Default: 37.
        channel_order (str): 'rgb' or 'bgr', the order of the loaded frames (MMagic's
            ``LoadImageFromFile`` with ``channel_order='rgb'`` gives 'rgb'). Default: 'rgb'.
        preset (str): x265 speed preset. Default: 'medium'.
        reference_keys (str | Sequence[str]): Keys of the ground truth (e.g. 'gt') to pass
            through the same RGB -> yuv420p -> RGB conversion (:func:`capture_yuv420p`), so
            that the compressed frames and their ground truth differ only by the codec.
            Default: () (none).

    Raises:
        ValueError: On a QP outside [0, 51], no QPs, a bad channel order, or (when called)
            an empty frame list.
    """

    def __init__(self,
                 keys: Union[str, Sequence[str]] = 'img',
                 qp: Union[int, Sequence[int]] = 37,
                 channel_order: str = 'rgb',
                 preset: str = 'medium',
                 reference_keys: Union[str, Sequence[str]] = ()):
        self.keys = _as_keys(keys)
        self.reference_keys = _as_keys(reference_keys)
        self.qps = [qp] if np.isscalar(qp) else list(qp)
        if not self.qps:
            raise ValueError('qp must be an integer or a non-empty list of integers')
        for value in self.qps:
            _check_qp(value)
        if channel_order not in ('rgb', 'bgr'):
            raise ValueError(f"channel_order must be 'rgb' or 'bgr', got {channel_order!r}")
        self.channel_order = channel_order
        self.preset = preset

    def transform(self, results: dict) -> dict:
        """Compress the frames of every key in ``self.keys`` at one drawn QP."""
        qp = random.choice(self.qps)

        def compress(frames):
            out = hevc_compress(frames, qp, self.channel_order, self.preset)
            return [_restore_dtype(o, f) for o, f in zip(out, frames)]

        def capture(frames):
            out = capture_yuv420p(frames, self.channel_order)
            return [_restore_dtype(o, f) for o, f in zip(out, frames)]

        results = _map_frames(results, self.keys, compress)
        results = _map_frames(results, self.reference_keys, capture)
        results['hevc_qp'] = qp
        return results

    def __repr__(self):
        return (f'{self.__class__.__name__}(keys={self.keys}, qp={self.qps}, '
                f'channel_order={self.channel_order!r}, preset={self.preset!r}, '
                f'reference_keys={self.reference_keys})')

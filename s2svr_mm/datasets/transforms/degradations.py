"""Degradations of the S2SVR tasks: BI/BD x4 down-sampling, GoPro-style temporal blur, HEVC.

S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video
Restoration", ICML 2022) is evaluated on three tasks, each with its own degradation:

* video super-resolution: BI (MATLAB bicubic) and BD (Gaussian blur + decimation) x4,
* video deblurring: GoPro-style blur, the average of consecutive sharp frames,
* compressed video enhancement: HEVC at a constant QP in a low-delay P configuration.

Every function here works on frames laid out as ``(h, w, 3)`` arrays (RGB unless said
otherwise) and is also wrapped, where a per-sample version makes sense, as an MMagic
transform (``@TRANSFORMS.register_module()``) that works on a results dict whose values are
one array or a list of arrays, as MMagic's own transforms do.
"""
import io
import random
from typing import Iterable, Iterator, List, Optional, Sequence, Union

import av
import cv2
import numpy as np
from mmagic.datasets.transforms import MATLABLikeResize
from mmagic.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from ...fileio import decode_frames, encode_video

Frames = Union[Sequence[np.ndarray], np.ndarray]

#: The gamma of the camera response that the GoPro dataset inverts before averaging.
GOPRO_GAMMA = 2.2


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


def _check_scale(scale: int) -> None:
    if int(scale) != scale or scale < 1:
        raise ValueError(f'scale must be a positive integer, got {scale}')


def bicubic_downsample(img: np.ndarray, scale: int = 4) -> np.ndarray:
    """BI degradation: MATLAB-compatible bicubic down-sampling (``imresize(img, 1/scale)``).

    The standard BI protocol of Vimeo-90K / Vid4 / REDS (as in BasicVSR). It calls MMagic's
    ``MATLABLikeResize`` (the antialiased cubic kernel of MATLAB's ``imresize``). That
    transform is not used directly in pipelines because it returns unrounded ``float64``
    for ``uint8`` input (its ``uint8`` branch tests the already cast array) and stores
    ``1 / scale`` in ``results['scale']``, which MMagic's ``PairedRandomCrop`` reads as the
    up-sampling factor; :class:`BIDegradation` wraps this function instead.

    Args:
        img (np.ndarray): An image of shape (h, w, c), ``uint8`` or float in [0, 255].
        scale (int): The down-sampling factor. Default: 4.

    Returns:
        np.ndarray: Shape (ceil(h / scale), ceil(w / scale), c); ``uint8`` (rounded like
        MATLAB) for ``uint8`` input, else ``float32`` in [0, 255] (not rounded).

    Raises:
        ValueError: If ``scale`` is not a positive integer or ``img`` is not (h, w, c).
    """
    _check_scale(scale)
    if not isinstance(img, np.ndarray) or img.ndim != 3:
        raise ValueError(f'img must be an (h, w, c) array, got {getattr(img, "shape", img)}')
    resize = MATLABLikeResize(keys=['img'], scale=1 / scale)
    out = resize.transform({'img': img.astype(np.float32)})['img']
    out = np.clip(out, 0, 255)
    return _to_uint8(out) if img.dtype == np.uint8 else out.astype(np.float32)


def bd_downsample(img: np.ndarray,
                  scale: int = 4,
                  sigma: float = 1.6,
                  kernel_size: int = 13) -> np.ndarray:
    """BD degradation: Gaussian blur (13x13, sigma 1.6) then keep every ``scale``-th pixel.

    The BD protocol of DUF (Jo et al., CVPR 2018) used by BasicVSR/BasicVSR++ on Vimeo-90K-T,
    Vid4 and UDM10: a normalised ``kernel_size`` x ``kernel_size`` Gaussian of std ``sigma``
    (``0.4 * scale``), reflect padding (``BORDER_REFLECT_101``, as PyTorch's ``'reflect'``),
    and samples at rows/columns 0, scale, 2*scale, ... (BasicSR's ``duf_downsample``).
    MMagic's Vimeo-90K converter uses a 12x12 kernel sampled from pixel 1, a half-pixel
    shift away from this protocol, hence this function.

    Args:
        img (np.ndarray): An image of shape (h, w, c), ``uint8`` or float in [0, 255].
        scale (int): The decimation factor. Default: 4.
        sigma (float): Standard deviation of the Gaussian, in pixels. Default: 1.6.
        kernel_size (int): Odd side of the Gaussian kernel. Default: 13.

    Returns:
        np.ndarray: Shape (ceil(h / scale), ceil(w / scale), c); ``uint8`` (rounded) for
        ``uint8`` input, else ``float32`` in [0, 255].

    Raises:
        ValueError: On a non-positive ``scale``/``sigma``, an even ``kernel_size`` or an
            input that is not (h, w, c).
    """
    _check_scale(scale)
    if sigma <= 0 or kernel_size < 1 or kernel_size % 2 == 0:
        raise ValueError(f'need sigma > 0 and an odd kernel_size, got {sigma}, {kernel_size}')
    if not isinstance(img, np.ndarray) or img.ndim != 3:
        raise ValueError(f'img must be an (h, w, c) array, got {getattr(img, "shape", img)}')
    kernel_1d = cv2.getGaussianKernel(kernel_size, sigma, ktype=cv2.CV_64F)
    blurred = cv2.filter2D(
        img.astype(np.float64), -1, kernel_1d @ kernel_1d.T,
        borderType=cv2.BORDER_REFLECT_101)
    blurred = blurred.reshape(img.shape)  # filter2D drops a trailing axis of size 1
    out = blurred[::scale, ::scale]
    return _to_uint8(out) if img.dtype == np.uint8 else out.astype(np.float32)


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


def _check_qp(qp: int) -> None:
    if int(qp) != qp or not 0 <= qp <= 51:
        raise ValueError(f'HEVC qp must be an integer in [0, 51], got {qp}')


#: Frame layouts accepted by :func:`encode_hevc` and produced by :func:`decode_video`:
#: packed (h, w, 3) RGB/BGR, or I420 planes stacked as one (h * 3 // 2, w) array.
FRAME_FORMATS = ('rgb24', 'bgr24', 'yuv420p')


def _check_frame_format(frame_format: str) -> None:
    if frame_format not in FRAME_FORMATS:
        raise ValueError(f'frame_format must be one of {FRAME_FORMATS}, got {frame_format!r}')


def _pad_to_even(frame: np.ndarray, frame_format: str, shape: tuple) -> np.ndarray:
    """One frame as the encoder takes it: packed frames with odd sides padded to even."""
    if getattr(frame, 'shape', None) != shape:
        raise ValueError(f'all frames must have shape {shape}, got '
                         f'{getattr(frame, "shape", type(frame).__name__)}')
    if frame_format == 'yuv420p':
        return frame
    return np.pad(
        _to_uint8(frame), ((0, shape[0] % 2), (0, shape[1] % 2), (0, 0)), mode='edge')


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


@TRANSFORMS.register_module()
class BIDegradation(BaseTransform):
    """Down-sample images with MATLAB-like bicubic interpolation (BI, see
    :func:`bicubic_downsample`), rounding like MATLAB.

    Typical use builds the LQ input from the GT on the fly:
    ``dict(type='CopyValues', src_keys=['gt'], dst_keys=['img'])``, then this, then
    ``dict(type='SetValues', dictionary=dict(scale=4))`` for ``PairedRandomCrop``.

    Required and modified keys: those in ``keys``, each an (h, w, c) array or a list of them
    (``uint8`` stays ``uint8``; floats in [0, 255] give ``float32``). Output sides are
    ceil(h / scale) x ceil(w / scale).

    Args:
        keys (str | Sequence[str]): Keys of the images to degrade. Default: 'img'.
        scale (int): Down-sampling factor. Default: 4.
    """

    def __init__(self, keys: Union[str, Sequence[str]] = 'img', scale: int = 4):
        _check_scale(scale)
        self.keys = _as_keys(keys)
        self.scale = scale

    def transform(self, results: dict) -> dict:
        """Down-sample every image of ``self.keys``; returns ``results``."""
        return _map_frames(results, self.keys,
                           lambda frames: [bicubic_downsample(f, self.scale) for f in frames])

    def __repr__(self):
        return f'{self.__class__.__name__}(keys={self.keys}, scale={self.scale})'


@TRANSFORMS.register_module()
class BDDegradation(BaseTransform):
    """Blur with a Gaussian and decimate (BD, DUF protocol, see :func:`bd_downsample`).

    Required and modified keys: those in ``keys``, each an (h, w, c) array or a list of them
    (``uint8`` stays ``uint8``; floats in [0, 255] give ``float32``). Output sides are
    ceil(h / scale) x ceil(w / scale). Use with ``CopyValues``/``SetValues`` as
    :class:`BIDegradation`.

    Args:
        keys (str | Sequence[str]): Keys of the images to degrade. Default: 'img'.
        scale (int): Decimation factor. Default: 4.
        sigma (float): Std of the Gaussian in pixels. Default: 1.6.
        kernel_size (int): Odd side of the Gaussian kernel. Default: 13.
    """

    def __init__(self,
                 keys: Union[str, Sequence[str]] = 'img',
                 scale: int = 4,
                 sigma: float = 1.6,
                 kernel_size: int = 13):
        _check_scale(scale)
        if sigma <= 0 or kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f'need sigma > 0 and an odd kernel_size, got {sigma}, {kernel_size}')
        self.keys = _as_keys(keys)
        self.scale = scale
        self.sigma = sigma
        self.kernel_size = kernel_size

    def transform(self, results: dict) -> dict:
        """Blur and decimate every image of ``self.keys``; returns ``results``."""
        return _map_frames(
            results, self.keys,
            lambda frames: [bd_downsample(f, self.scale, self.sigma, self.kernel_size)
                            for f in frames])

    def __repr__(self):
        return (f'{self.__class__.__name__}(keys={self.keys}, scale={self.scale}, '
                f'sigma={self.sigma}, kernel_size={self.kernel_size})')


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

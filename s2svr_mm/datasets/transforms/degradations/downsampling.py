"""Down-sampling degradations of video super-resolution: BI (MATLAB bicubic) and BD x4.

S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video
Restoration", ICML 2022) evaluates video super-resolution on the BI and BD x4 protocols of
BasicVSR; each is a function on one (h, w, c) frame and a registered MMagic transform.
"""
from typing import Sequence, Union

import cv2
import numpy as np
from mmagic.datasets.transforms import MATLABLikeResize
from mmagic.registry import TRANSFORMS
from mmcv.transforms import BaseTransform

from .common import _as_keys, _map_frames, _to_uint8


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

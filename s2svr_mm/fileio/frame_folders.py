"""Folders of image frames: read in name order, written as ``00000000.png``, ``00000001.png``...

Two readers, for two kinds of folder. :class:`FrameFolderReader` reads any folder a user
gives as a video (every image of :data:`IMAGE_EXTENSIONS`, in natural name order, one at a
time): grayscale is replicated to RGB, the alpha channel of RGBA/BGRA images is dropped (not
composited), 16-bit images are scaled to 8 bits (``round(v / 257)``); every problem raises
:class:`~.errors.VideoIOError`. :func:`read_frames` reads a dataset clip written by
:func:`write_frames` (its PNGs in name order, all at once) and raises
:class:`~.errors.DatasetError`. Both writers name frames :data:`FRAME_TMPL`, MMagic's REDS
layout (``GenerateSegmentIndices``).
"""
import os
import os.path as osp
import re
from fractions import Fraction
from typing import Iterable, Iterator, List, Optional, Tuple, Union

import cv2
import numpy as np

from .errors import DatasetError, VideoIOError
from .video_readers import DEFAULT_FPS, FrameReader

#: Image suffixes read from (and accepted in) a frame folder, lower case.
IMAGE_EXTENSIONS = ('.bmp', '.jpeg', '.jpg', '.png', '.tif', '.tiff', '.webp')
#: Name template of written frames (MMagic's REDS layout, ``00000000.png``, ...).
FRAME_TMPL = '{:08d}.png'


def natural_sort_key(name: str) -> List[Union[int, str]]:
    """Sort key putting ``'2.png'`` before ``'10.png'``: digit runs compare as numbers.

    Args:
        name (str): A file name.

    Returns:
        list: Alternating text (lower case) and integer parts, e.g. ``['f', 10, '.png']``.
    """
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r'(\d+)', name)]


def to_rgb(img: np.ndarray) -> np.ndarray:
    """Convert an image as ``cv2.imread(..., IMREAD_UNCHANGED)`` returns it to RGB ``uint8``.

    Args:
        img (np.ndarray): (h, w) gray, (h, w, 1) gray, (h, w, 3) BGR or (h, w, 4) BGRA, of
            dtype ``uint8`` or ``uint16``.

    Returns:
        np.ndarray: (h, w, 3) ``uint8`` RGB; gray is replicated, alpha dropped, 16-bit values
        scaled by 1/257 and rounded.

    Raises:
        VideoIOError: For another dtype or channel count.
    """
    if img.dtype == np.uint16:
        img = np.round(img / 257.0).astype(np.uint8)
    if img.dtype != np.uint8:
        raise VideoIOError(f'unsupported image dtype {img.dtype} (need 8 or 16 bits)')
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if img.ndim == 2:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    if img.ndim == 3 and img.shape[2] in (3, 4):
        code = cv2.COLOR_BGR2RGB if img.shape[2] == 3 else cv2.COLOR_BGRA2RGB
        return cv2.cvtColor(img, code)
    raise VideoIOError(f'unsupported image shape {img.shape}')


class FrameFolderReader(FrameReader):
    """Frames of a folder of images, in natural name order (``2.png`` before ``10.png``).

    Files whose suffix is not in :data:`IMAGE_EXTENSIONS` and hidden files are ignored.
    Frame i is timed at i / fps.

    Args:
        path (str): The folder.
        fps (Fraction, optional): Frame rate to report. Default: :data:`DEFAULT_FPS`.

    Raises:
        VideoIOError: If the folder holds no image, or its first image cannot be decoded.
    """

    def __init__(self, path: str, fps: Optional[Fraction] = None):
        super().__init__(path, Fraction(fps) if fps else DEFAULT_FPS)
        self.names = sorted((name for name in os.listdir(path) if not name.startswith('.')
                             and osp.splitext(name)[1].lower() in IMAGE_EXTENSIONS),
                            key=natural_sort_key)
        if not self.names:
            raise VideoIOError(f"no image frames ({', '.join(IMAGE_EXTENSIONS)}) in folder "
                               f"'{path}'")
        self.num_frames = len(self.names)
        self.height, self.width = self._read(self.names[0]).shape[:2]

    def _read(self, name: str) -> np.ndarray:
        path = osp.join(self.path, name)
        img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if img is None:
            raise VideoIOError(f"cannot decode image '{path}'")
        try:
            return to_rgb(img)
        except VideoIOError as err:
            raise VideoIOError(f"'{path}': {err}") from None

    def _frames(self) -> Iterator[Tuple[np.ndarray, Optional[Fraction]]]:
        for index, name in enumerate(self.names):
            yield self._read(name), index / self.fps

    def _describe(self, index: int) -> str:
        return f"frame '{osp.join(self.path, self.names[index])}'"


class FolderWriter:
    """Write frames as ``folder/00000000.png``, ``00000001.png``, ... (:data:`FRAME_TMPL`).

    Args:
        folder (str): An existing folder.
        start (int): Index of the first frame. Default: 0.
        channel_order (str): 'rgb' or 'bgr', the order of the frames given. Default: 'rgb'.
        compression (int, optional): PNG compression level 0-9 (lossless at every level).
            Default: None (OpenCV's default).

    Attributes:
        count (int): Frames written.
    """

    def __init__(self, folder: str, start: int = 0, channel_order: str = 'rgb',
                 compression: Optional[int] = None):
        self.folder = folder
        self.start = start
        self.channel_order = channel_order
        self.params = [] if compression is None else [cv2.IMWRITE_PNG_COMPRESSION, compression]
        self.count = 0

    def write(self, frame: np.ndarray, time: Optional[Fraction] = None) -> None:
        """Write one (h, w, 3) ``uint8`` frame (``time`` is ignored: files have none).

        Raises:
            VideoIOError: If the file cannot be written.
        """
        path = osp.join(self.folder, FRAME_TMPL.format(self.start + self.count))
        if self.channel_order == 'rgb':
            frame = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)
        if not cv2.imwrite(path, frame, self.params):
            raise VideoIOError(f"cannot write '{path}'")
        self.count += 1

    def write_audio(self, packets) -> None:
        """Drop audio packets: a folder of frames holds no audio."""

    def close(self) -> None:
        """Nothing to flush: every frame is a complete file."""

    def abort(self) -> None:
        """Nothing to release (the caller removes the folder)."""


def write_frames(frames: Iterable[np.ndarray], folder: str, channel_order: str = 'rgb',
                 start: int = 0, compression: int = 3) -> int:
    """Write frames as ``folder/{:08d}.png``, numbered from ``start`` (see :class:`FolderWriter`).

    Args:
        frames (Iterable[np.ndarray]): (h, w, 3) ``uint8`` frames (a generator is fine).
        folder (str): Output folder, created if missing.
        channel_order (str): 'rgb' or 'bgr', the order of ``frames``. Default: 'rgb'.
        start (int): Index of the first frame. Default: 0.
        compression (int): PNG compression level 0-9 (lossless at every level). Default: 3.

    Returns:
        int: The number of frames written.

    Raises:
        VideoIOError: If a frame cannot be written.
    """
    os.makedirs(folder, exist_ok=True)
    writer = FolderWriter(folder, start, channel_order, compression)
    for frame in frames:
        writer.write(frame)
    return writer.count


def list_frames(folder: str, suffix: str = '.png') -> List[str]:
    """Names of the files of ``folder`` ending with ``suffix``, sorted; [] if it is missing."""
    if not osp.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if n.endswith(suffix))


def read_frame(path: str, channel_order: str = 'rgb') -> np.ndarray:
    """Decode one image file as an (h, w, 3) ``uint8`` array.

    Raises:
        DatasetError: If the file cannot be decoded.
    """
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise DatasetError(f'cannot decode {path}')
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB) if channel_order == 'rgb' else img


def read_frames(folder: str, channel_order: str = 'rgb') -> List[np.ndarray]:
    """Read every ``*.png`` of ``folder`` in name order as (h, w, 3) ``uint8`` arrays.

    Raises:
        DatasetError: If the folder has no PNG or a PNG cannot be decoded.
    """
    names = list_frames(folder)
    if not names:
        raise DatasetError(f'no PNG frames in {folder}')
    return [read_frame(osp.join(folder, name), channel_order) for name in names]

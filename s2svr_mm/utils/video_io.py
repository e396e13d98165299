"""Frame sequences in and out: video files (PyAV / FFmpeg) and folders of image frames (cv2).

Readers yield frames one at a time as (h, w, 3) ``uint8`` RGB arrays, so a caller holds only
the frames it keeps. Writers take the same arrays. :class:`AtomicOutput` makes the output
appear only when it is complete: it is written under a hidden temporary name in the output's
own folder and renamed at the end; any exception (``KeyboardInterrupt`` included) removes it.

Conversions on input (documented for users in ``docs/restore.md``):

* video frames of any pixel format are converted to RGB by FFmpeg (``rgb24``; the frame's
  tagged YUV matrix is used, BT.601 when untagged), alpha is dropped;
* image frames: grayscale is replicated to RGB, the alpha channel of RGBA/BGRA images is
  dropped (not composited), 16-bit images are scaled to 8 bits (``round(v / 257)``).

Every problem with a path or its contents raises :class:`VideoIOError`, whose message is one
line meant for users.
"""
import os
import os.path as osp
import re
import shutil
import tempfile
from fractions import Fraction
from typing import Iterator, List, Optional, Tuple, Union

import av
import cv2
import numpy as np
from av.video.reformatter import ColorRange, Colorspace

#: Image suffixes read from (and accepted in) a frame folder, lower case.
IMAGE_EXTENSIONS = ('.bmp', '.jpeg', '.jpg', '.png', '.tif', '.tiff', '.webp')
#: Output video suffix -> FFmpeg muxer.
VIDEO_FORMATS = {'.mp4': 'mp4', '.m4v': 'mp4', '.mkv': 'matroska', '.mov': 'mov', '.avi': 'avi'}
#: Frame rate of a frame-folder input unless one is given.
DEFAULT_FPS = Fraction(25)
#: Name template of written frames (MMagic's REDS layout, ``00000000.png``, ...).
FRAME_TMPL = '{:08d}.png'
#: x264 constant rate factor of the default (lossy) output: visually lossless, large files.
DEFAULT_CRF = 10

PathLike = Union[str, os.PathLike]


class VideoIOError(Exception):
    """A missing, unreadable or malformed input, or an unusable output; one-line message."""


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


def _reason(err: BaseException) -> str:
    """The message of an FFmpeg/OS error without its errno and path decorations."""
    return getattr(err, 'strerror', None) or str(err)


class FrameReader:
    """Base of the readers: metadata, a single-use frame iterator and a size check.

    Attributes:
        path (str): The input path.
        fps (Fraction): Frames per second of the sequence.
        height, width (int): Frame size in pixels (every frame has it).
        num_frames (int | None): Number of frames if known in advance (for progress bars;
            an estimate for some video containers), else None.
    """

    def __init__(self, path: str, fps: Fraction):
        self.path = path
        self.fps = fps
        self.height = self.width = 0
        self.num_frames: Optional[int] = None

    def _frames(self) -> Iterator[np.ndarray]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[np.ndarray]:
        """Yield the frames, (h, w, 3) ``uint8`` RGB, checking that their sizes agree.

        Raises:
            VideoIOError: If a frame's size differs from the first one's, or on a read error.
        """
        for index, frame in enumerate(self._frames()):
            if frame.shape[:2] != (self.height, self.width):
                raise VideoIOError(
                    f'{self._describe(index)} is {frame.shape[1]}x{frame.shape[0]} but the first '
                    f'frame is {self.width}x{self.height} (all frames must have one size)')
            yield frame

    def _describe(self, index: int) -> str:
        return f"frame {index} of '{self.path}'"

    def close(self) -> None:
        """Release the input (idempotent)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class FrameFolderReader(FrameReader):
    """Frames of a folder of images, in natural name order (``2.png`` before ``10.png``).

    Files whose suffix is not in :data:`IMAGE_EXTENSIONS` and hidden files are ignored.

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

    def _frames(self) -> Iterator[np.ndarray]:
        for name in self.names:
            yield self._read(name)

    def _describe(self, index: int) -> str:
        return f"frame '{osp.join(self.path, self.names[index])}'"


class VideoFileReader(FrameReader):
    """Frames of a video file, decoded by FFmpeg (PyAV) one at a time.

    The first video stream is read. Its frame rate is the stream's average rate (constant
    output timestamps are written, so a variable-rate input plays at its average rate). The
    first frame is decoded on opening, so an unreadable or empty video fails here.

    A truncated file is detected when the container states how many frames (or how long) the
    stream is and clearly fewer are decoded (more than max(2, 1 %) missing), or when FFmpeg
    fails while decoding. Damage that FFmpeg conceals (corrupt bytes inside a frame) is not.

    Args:
        path (str): The video file.
        fps (Fraction, optional): Frame rate to report instead of the stream's. Default: None.

    Raises:
        VideoIOError: If the file cannot be opened as a video, is a single image, has no video
            stream, or has no frames.
    """

    def __init__(self, path: str, fps: Optional[Fraction] = None):
        super().__init__(path, DEFAULT_FPS)
        self._container = None
        try:
            self._container = av.open(path)
        except (av.error.FFmpegError, OSError) as err:
            raise VideoIOError(f"cannot read '{path}' as a video: {_reason(err)}") from None
        try:
            self._probe(path, fps)
        except BaseException:
            self.close()
            raise

    def _probe(self, path: str, fps: Optional[Fraction]) -> None:
        container = self._container
        if container.format.name == 'image2' or container.format.name.endswith('_pipe'):
            raise VideoIOError(f"'{path}' is a single image, not a video (give a folder of "
                               'frames instead)')
        if not container.streams.video:
            raise VideoIOError(f"'{path}' has no video stream")
        stream = self._stream = container.streams.video[0]
        stream.thread_type = 'AUTO'
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        self.fps = Fraction(fps) if fps else Fraction(rate or DEFAULT_FPS)
        self._expected = self._expected_frames(Fraction(rate) if rate else None)
        self.num_frames = self._expected
        self._decoded = self._decode()
        self._first = next(self._decoded)  # raises VideoIOError if there is none
        self.height, self.width = self._first.shape[:2]

    def _expected_frames(self, rate: Optional[Fraction]) -> Optional[int]:
        """Frames the container announces: its frame count, else duration x rate."""
        stream = self._stream
        if stream.frames:
            return stream.frames
        if rate is None:
            return None
        if stream.duration is not None and stream.time_base is not None:
            return round(stream.duration * stream.time_base * rate)
        if self._container.duration is not None and len(self._container.streams) == 1:
            return round(Fraction(self._container.duration, av.time_base) * rate)
        return None

    def _decode(self) -> Iterator[np.ndarray]:
        count = 0
        try:
            for frame in self._container.decode(self._stream):
                yield frame.to_ndarray(format='rgb24')
                count += 1
        except av.error.FFmpegError as err:
            raise VideoIOError(f"'{self.path}' is corrupt or truncated: decoding failed after "
                               f'{count} frames ({_reason(err)})') from None
        if count == 0:
            raise VideoIOError(f"'{self.path}' has no frames")
        expected = self._expected
        if expected and count < expected - max(2, expected // 100):
            raise VideoIOError(f"'{self.path}' is truncated: decoded {count} of the {expected} "
                               'frames it announces')

    def _frames(self) -> Iterator[np.ndarray]:
        first, self._first = self._first, None
        if first is None:
            raise RuntimeError('a VideoFileReader can be iterated once')
        yield first
        yield from self._decoded

    def close(self) -> None:
        container = self._container
        if container is not None:
            self._container = None
            container.close()


def open_frames(path: PathLike, fps: Optional[Fraction] = None) -> FrameReader:
    """Open a video file or a folder of frames for reading.

    Args:
        path (str | PathLike): A video file FFmpeg reads (mp4, mkv, avi, mov, ...) or a folder
            of images (see :class:`FrameFolderReader`).
        fps (Fraction, optional): Frame rate to report instead of the input's (a folder has
            none: :data:`DEFAULT_FPS` then). Default: None.

    Returns:
        FrameReader: A reader; iterate it once, then :meth:`~FrameReader.close` it.

    Raises:
        VideoIOError: If ``path`` does not exist or cannot be read as frames.
    """
    path = os.fspath(path)
    if osp.isdir(path):
        return FrameFolderReader(path, fps)
    if not osp.exists(path):
        raise VideoIOError(f"input '{path}' does not exist")
    return VideoFileReader(path, fps)


class FolderWriter:
    """Write frames as ``folder/00000000.png``, ``00000001.png``, ... (RGB PNG).

    Args:
        folder (str): An existing, empty folder.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self.count = 0

    def write(self, frame: np.ndarray) -> None:
        """Write one (h, w, 3) ``uint8`` RGB frame.

        Raises:
            VideoIOError: If the file cannot be written.
        """
        path = osp.join(self.folder, FRAME_TMPL.format(self.count))
        if not cv2.imwrite(path, cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)):
            raise VideoIOError(f"cannot write '{path}'")
        self.count += 1

    def close(self) -> None:
        """Nothing to flush: every frame is a complete file."""

    def abort(self) -> None:
        """Nothing to release (the caller removes the folder)."""


class VideoWriter:
    """Encode frames into a video file with libx264 (PyAV).

    Default: 4:4:4 YUV (no chroma subsampling, so any frame size and no colour bleeding),
    BT.709 matrix, limited range, tagged so that players convert back with the same matrix,
    constant rate factor ``crf``. ``lossless``: ``libx264rgb`` at QP 0, bit-exact RGB.
    Timestamps are ``i / fps``.

    Args:
        path (str): File to write (its suffix does not matter: ``container_format`` decides).
        container_format (str): FFmpeg muxer, e.g. 'mp4', 'matroska', 'mov', 'avi'.
        fps (Fraction): Frame rate.
        width, height (int): Frame size in pixels.
        lossless (bool): Lossless RGB instead of high-quality YUV. Default: False.
        crf (int): x264 constant rate factor of the lossy mode (0-51). Default: 10.

    Raises:
        VideoIOError: If the file cannot be created.
    """

    def __init__(self, path: str, container_format: str, fps: Fraction, width: int,
                 height: int, lossless: bool = False, crf: int = DEFAULT_CRF):
        try:
            self._container = av.open(path, 'w', format=container_format)
        except (av.error.FFmpegError, OSError) as err:
            raise VideoIOError(f"cannot create '{path}': {_reason(err)}") from None
        self.lossless = lossless
        self.count = 0
        self.fps = Fraction(fps)
        stream = self._stream = self._container.add_stream(
            'libx264rgb' if lossless else 'libx264', rate=self.fps)
        stream.width, stream.height = width, height
        stream.codec_context.time_base = 1 / self.fps
        if lossless:
            stream.pix_fmt, stream.options = 'rgb24', {'qp': '0'}
        else:
            stream.pix_fmt, stream.options = 'yuv444p', {'crf': str(crf)}
            context = stream.codec_context
            # AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, AVCOL_PRI_BT709, AVCOL_TRC_BT709
            context.colorspace = context.color_range = 1
            context.color_primaries = context.color_trc = 1

    def write(self, frame: np.ndarray) -> None:
        """Encode one (h, w, 3) ``uint8`` RGB frame."""
        video_frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format='rgb24')
        if not self.lossless:
            video_frame = video_frame.reformat(format='yuv444p', dst_colorspace=Colorspace.ITU709,
                                               dst_color_range=ColorRange.MPEG)
        video_frame.pts = self.count
        video_frame.time_base = 1 / self.fps
        self._container.mux(self._stream.encode(video_frame))
        self.count += 1

    def close(self) -> None:
        """Flush the encoder and finish the file (idempotent)."""
        if self._container is None:
            return
        container, self._container = self._container, None
        try:
            container.mux(self._stream.encode(None))
        finally:
            container.close()

    def abort(self) -> None:
        """Close the file without flushing (its content is discarded by the caller)."""
        if self._container is not None:
            container, self._container = self._container, None
            try:
                container.close()
            except av.error.FFmpegError:
                pass


class OutputSpec:
    """Where and how to write a restored sequence; see :func:`check_output`.

    Attributes:
        path (str): Absolute output path.
        container_format (str | None): FFmpeg muxer for a video file; None for a folder.
    """

    def __init__(self, path: str, container_format: Optional[str]):
        self.path = path
        self.container_format = container_format

    @property
    def is_folder(self) -> bool:
        """True when frames go to a folder as ``%08d.png``."""
        return self.container_format is None


def check_output(path: PathLike, overwrite: bool = False,
                 input_path: Optional[PathLike] = None) -> OutputSpec:
    """Check an output path before any work is done, and say what to write there.

    A path with a suffix from :data:`VIDEO_FORMATS` is a video file; a path without suffix,
    ending with a separator, or naming an existing folder is a frame folder.

    Args:
        path (str | PathLike): The output.
        overwrite (bool): Whether an existing output may be replaced (when complete).
        input_path (str | PathLike, optional): The input, which the output must not be.

    Returns:
        OutputSpec: The output's absolute path and container.

    Raises:
        VideoIOError: On an unknown suffix, a missing/non-folder/unwritable parent folder, an
            existing output without ``overwrite`` (or of the other kind), or output == input.
    """
    raw = os.fspath(path)
    path = osp.abspath(raw)
    suffix = osp.splitext(path)[1].lower()
    is_folder = raw.endswith(('/', os.sep)) or osp.isdir(path) or not suffix
    if not is_folder and suffix not in VIDEO_FORMATS:
        raise VideoIOError(f"unknown output extension '{suffix}' (use "
                           f"{', '.join(VIDEO_FORMATS)} for a video, or a folder path without "
                           'extension for PNG frames)')
    parent = osp.dirname(path)
    if not osp.exists(parent):
        raise VideoIOError(f"output folder '{parent}' does not exist")
    if not osp.isdir(parent):
        raise VideoIOError(f"cannot write '{path}': '{parent}' is not a folder")
    if input_path is not None and osp.exists(path) and osp.samefile(path, input_path):
        raise VideoIOError(f"output '{path}' is the input")
    if osp.lexists(path):
        if not overwrite:
            raise VideoIOError(f"output '{path}' already exists (pass --overwrite to replace it)")
        if osp.isdir(path) != is_folder or osp.islink(path):
            kind = 'a folder' if osp.isdir(path) else 'a file or link'
            raise VideoIOError(f"output '{path}' exists and is {kind}; not replacing it")
        if is_folder and any(not osp.isfile(osp.join(path, name))
                             or osp.splitext(name)[1].lower() not in IMAGE_EXTENSIONS
                             for name in os.listdir(path)):
            raise VideoIOError(f"output folder '{path}' holds more than image frames; not "
                               'replacing it')
    try:  # the real test of writability (os.access is wrong for root and some mounts)
        fd, probe = tempfile.mkstemp(prefix=f'.{osp.basename(path)}.probe-', dir=parent)
        os.close(fd)
        os.remove(probe)
    except OSError as err:
        raise VideoIOError(f"cannot write to folder '{parent}': {_reason(err)}") from None
    return OutputSpec(path, None if is_folder else VIDEO_FORMATS[suffix])


class AtomicOutput:
    """Context manager: write under a hidden temporary name, rename when complete.

    On entry a temporary file or folder is created in the output's folder
    (``.<name>.part-XXXX``); the caller writes there. On a normal exit it replaces the output
    (an existing one only with ``overwrite``). On any exception (``KeyboardInterrupt`` and
    ``SystemExit`` included) the temporary is removed and the exception propagates, so the
    output is never partial.

    Args:
        spec (OutputSpec): From :func:`check_output`.
        overwrite (bool): Replace an existing output. Default: False.
    """

    def __init__(self, spec: OutputSpec, overwrite: bool = False):
        self.spec = spec
        self.overwrite = overwrite
        self.tmp: Optional[str] = None

    def __enter__(self) -> str:
        parent, name = osp.split(self.spec.path)
        prefix = f'.{name}.part-'
        try:
            if self.spec.is_folder:
                self.tmp = tempfile.mkdtemp(prefix=prefix, dir=parent)
            else:
                fd, self.tmp = tempfile.mkstemp(prefix=prefix, dir=parent)
                os.close(fd)
        except OSError as err:
            raise VideoIOError(f"cannot write to folder '{parent}': {_reason(err)}") from None
        return self.tmp

    def _discard(self, path: str) -> None:
        if osp.isdir(path) and not osp.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif osp.lexists(path):
            os.remove(path)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self._discard(self.tmp)
            return False
        try:
            self._commit()
        except BaseException:
            self._discard(self.tmp)
            raise
        return False

    def _commit(self) -> None:
        path = self.spec.path
        if osp.lexists(path) and not self.overwrite:
            raise VideoIOError(f"output '{path}' appeared while writing; kept it (the result "
                               'was discarded)')
        if not self.spec.is_folder:
            os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes it private (0600)
            os.replace(self.tmp, path)
            return
        os.chmod(self.tmp, 0o777 & ~_umask())
        old = None
        if osp.lexists(path):  # a folder cannot be replaced in one rename
            old = f'{self.tmp}.old'
            os.replace(path, old)
        os.replace(self.tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def open_writer(tmp_path: str, spec: OutputSpec, fps: Fraction, size: Tuple[int, int],
                lossless: bool = False) -> Union[FolderWriter, VideoWriter]:
    """A writer for ``spec``'s kind of output, writing to ``tmp_path`` (see AtomicOutput).

    Args:
        tmp_path (str): The temporary file or folder.
        spec (OutputSpec): The output.
        fps (Fraction): Frame rate (videos only).
        size (tuple[int, int]): Frame size (h, w) in pixels.
        lossless (bool): Lossless video (see :class:`VideoWriter`). Default: False.

    Returns:
        FolderWriter | VideoWriter: Call ``write(frame)`` per frame, then ``close()``.
    """
    if spec.is_folder:
        return FolderWriter(tmp_path)
    return VideoWriter(tmp_path, spec.container_format, fps, width=size[1], height=size[0],
                       lossless=lossless)

"""What a path names -- a video file or a folder of frames -- and the reader or writer for it.

:func:`open_frames` opens an input; :func:`check_output` checks an output path before any work
is done and says whether it is a video (by its suffix, :data:`VIDEO_FORMATS`) or a frame
folder; :func:`open_writer` writes that kind of output, taking the input's timing, rotation and
audio; :class:`SequenceOutput` does both under the temporary name of an
:class:`~.atomic.AtomicOutput` and renames the output into place when it is complete.
"""
import os
import os.path as osp
import sys
import tempfile
from fractions import Fraction
from typing import List, Optional, Tuple, Union

import numpy as np

from .atomic import AtomicOutput
from .errors import VideoIOError, reason
from .frame_folders import IMAGE_EXTENSIONS, FolderWriter, FrameFolderReader
from .video_readers import FrameReader, VideoFileReader
from .video_writers import DEFAULT_PIX_FMT, VideoWriter

#: Output video suffix -> FFmpeg muxer.
VIDEO_FORMATS = {'.mp4': 'mp4', '.m4v': 'mp4', '.mkv': 'matroska', '.mov': 'mov', '.avi': 'avi'}

PathLike = Union[str, os.PathLike]


def open_frames(path: PathLike, fps: Optional[Fraction] = None,
                audio: bool = True) -> FrameReader:
    """Open a video file or a folder of frames for reading.

    Args:
        path (str | PathLike): A video file FFmpeg reads (mp4, mkv, avi, mov, ...) or a folder
            of images (see :class:`FrameFolderReader`).
        fps (Fraction, optional): Frame rate to use instead of the input's (a folder has
            none: :data:`~.video_readers.DEFAULT_FPS` then); frame i is then timed at
            i / fps. Default: None.
        audio (bool): Queue a video's audio packets (see :class:`VideoFileReader`).
            Default: True.

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
    return VideoFileReader(path, fps, audio)



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
        raise VideoIOError(f"cannot write to folder '{parent}': {reason(err)}") from None
    return OutputSpec(path, None if is_folder else VIDEO_FORMATS[suffix])


def open_writer(tmp_path: str, spec: OutputSpec, source: FrameReader, size: Tuple[int, int],
                pix_fmt: str = DEFAULT_PIX_FMT, crf: Optional[float] = None,
                lossless: bool = False) -> Union[FolderWriter, VideoWriter]:
    """A writer for ``spec``'s kind of output, writing to ``tmp_path`` (an
    :class:`~.atomic.AtomicOutput`'s temporary).

    A video takes the source's timing (its frame rate and, for a video source, its
    timestamps), its display matrix (rotation, flips; a translation is scaled with the frame
    size) and its audio streams (:attr:`FrameReader.audio_streams`). A folder takes frames only.

    Args:
        tmp_path (str): The temporary file or folder.
        spec (OutputSpec): The output.
        source (FrameReader): The open input.
        size (tuple[int, int]): Output frame size (h, w) in pixels.
        pix_fmt, crf, lossless: Video encoding (see :class:`VideoWriter`).

    Returns:
        FolderWriter | VideoWriter: Call ``write(frame, time)`` per frame, then ``close()``;
        a video's ``write_audio`` takes the source's packets (:meth:`FrameReader.pop_audio`).
    """
    if spec.is_folder:
        return FolderWriter(tmp_path)
    matrix = source.display_matrix
    if matrix is not None and source.width:
        scale = size[1] / source.width
        matrix = (*matrix[:6], round(matrix[6] * scale), round(matrix[7] * scale), matrix[8])
    writer = VideoWriter(tmp_path, spec.container_format, source.fps, width=size[1],
                         height=size[0], pix_fmt=pix_fmt, crf=crf, lossless=lossless,
                         time_base=source.time_base, display_matrix=matrix)
    try:
        writer.add_audio(source.audio_streams)
    except BaseException:
        writer.abort()
        raise
    return writer


class SequenceOutput:
    """Context manager: the output of a sequence, written atomically, with the source's audio.

    On entry an :class:`~.atomic.AtomicOutput` and :func:`open_writer` are opened; each
    :meth:`write` encodes a frame and then the source's audio up to that frame's time; a
    normal exit writes the rest of the audio, finishes the file and renames it into place. On
    an exception the writer is closed without flushing and nothing is left at ``spec.path``.

    Args:
        spec (OutputSpec): From :func:`check_output`.
        source (FrameReader): The open input (timing, rotation, audio).
        size (tuple[int, int]): Output frame size (h, w) in pixels.
        pix_fmt, crf, lossless: Video encoding (see :class:`VideoWriter`).
        overwrite (bool): Replace an existing output. Default: False.

    Attributes:
        notes (list[str]): One-line notes for the user about changes to the request.
        count (int): Frames written.
    """

    def __init__(self, spec: OutputSpec, source: FrameReader, size: Tuple[int, int],
                 pix_fmt: str = DEFAULT_PIX_FMT, crf: Optional[float] = None,
                 lossless: bool = False, overwrite: bool = False):
        self.spec, self.source, self.size = spec, source, size
        self.encoding = (pix_fmt, crf, lossless)
        self._atomic = AtomicOutput(spec.path, spec.is_folder, overwrite)
        self._writer: Union[FolderWriter, VideoWriter, None] = None

    @property
    def notes(self) -> List[str]:
        return getattr(self._writer, 'notes', [])

    @property
    def count(self) -> int:
        return self._writer.count

    def __enter__(self) -> 'SequenceOutput':
        tmp = self._atomic.__enter__()
        try:
            self._writer = open_writer(tmp, self.spec, self.source, self.size, *self.encoding)
        except BaseException:
            self._atomic.__exit__(*sys.exc_info())
            raise
        return self

    def write(self, frame: np.ndarray, time: Optional[Fraction] = None) -> None:
        """Write one (h, w, 3) ``uint8`` RGB frame shown at ``time`` seconds, then the
        source's audio up to ``time`` (see :meth:`VideoWriter.write`)."""
        self._writer.write(frame, time)
        if time is not None:
            self._writer.write_audio(self.source.pop_audio(time))

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self._writer.write_audio(self.source.pop_audio())
                self._writer.close()
        except BaseException:
            exc_type, exc, tb = sys.exc_info()
            self._writer.abort()
            self._atomic.__exit__(exc_type, exc, tb)
            raise
        if exc_type is not None:
            self._writer.abort()
        return self._atomic.__exit__(exc_type, exc, tb)

"""Frame sequences in and out: video files (PyAV / FFmpeg) and folders of image frames (cv2).

Readers yield frames one at a time as (h, w, 3) ``uint8`` RGB arrays (with their presentation
times from :meth:`FrameReader.timed`), so a caller holds only the frames it keeps. Writers take
the same arrays. A video file's audio packets are queued as the demuxer meets them
(:meth:`VideoFileReader.pop_audio`) and passed to :meth:`VideoWriter.write_audio`, copied
unchanged when the output container takes their codec, else re-encoded to AAC.
:class:`AtomicOutput` makes the output appear only when it is complete: it is written under a
hidden temporary name in the output's own folder and renamed at the end; any exception
(``KeyboardInterrupt`` included) removes it.

Conversions on input (documented for users in ``docs/restore.md``):

* video frames of any pixel format are converted to RGB by FFmpeg (``rgb24``; the frame's
  tagged YUV matrix is used, BT.601 when untagged), alpha is dropped;
* image frames: grayscale is replicated to RGB, the alpha channel of RGBA/BGRA images is
  dropped (not composited), 16-bit images are scaled to 8 bits (``round(v / 257)``).

Every problem with a path or its contents raises :class:`VideoIOError`, whose message is one
line meant for users.
"""
import collections
import io
import math
import os
import os.path as osp
import re
import shutil
import tempfile
from fractions import Fraction
from typing import Iterator, List, Optional, Sequence, Tuple, Union

import av
import cv2
import numpy as np
from av.sidedata.sidedata import Type as SideDataType
from av.video.reformatter import ColorRange, Colorspace

#: Image suffixes read from (and accepted in) a frame folder, lower case.
IMAGE_EXTENSIONS = ('.bmp', '.jpeg', '.jpg', '.png', '.tif', '.tiff', '.webp')
#: Output video suffix -> FFmpeg muxer.
VIDEO_FORMATS = {'.mp4': 'mp4', '.m4v': 'mp4', '.mkv': 'matroska', '.mov': 'mov', '.avi': 'avi'}
#: Frame rate of a frame-folder input unless one is given.
DEFAULT_FPS = Fraction(25)
#: Name template of written frames (MMagic's REDS layout, ``00000000.png``, ...).
FRAME_TMPL = '{:08d}.png'
#: Pixel formats of a video output: H.264 4:2:0 (plays everywhere), 4:4:4, or RGB
#: (``libx264rgb``).
PIX_FMTS = ('yuv420p', 'yuv444p', 'rgb24')
#: Pixel format of a video output unless one is given.
DEFAULT_PIX_FMT = 'yuv420p'
#: x264 constant rate factor of a lossy video output unless one is given: chosen by PSNR of the
#: encode against CRF on restored frames (``docs/restore.md``, "Output quality").
DEFAULT_CRF = 16
#: Pixels x264's lookahead may hold (10 frames of 3840x2160): preset medium's 40 frames up to
#: 1920x1080, 22 at 2560x1440, 10 at 3840x2160 and above (x264's memory at 3840x2160: 1214 ->
#: 626 MiB; docs/restore.md, "Memory").
LOOKAHEAD_PIXELS = 10 * 3840 * 2160
#: Bit rate of audio that has to be re-encoded (AAC), per channel, in bits per second.
AAC_BIT_RATE_PER_CHANNEL = 96000

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
        fps (Fraction): Frames per second of the sequence (a video's average rate).
        height, width (int): Frame size in pixels (every frame has it).
        num_frames (int | None): Number of frames if known in advance (for progress bars;
            an estimate for some video containers), else None.
        time_base (Fraction | None): Unit of the input's own timestamps (a video stream's
            time base), or None when frame i is simply shown at i / fps.
        display_matrix (tuple[int, ...] | None): The video's display matrix (rotation and
            flips; nine ``int32`` in FFmpeg's ``AV_PKT_DATA_DISPLAYMATRIX`` layout), or None.
        audio_streams (list[av.audio.AudioStream]): Audio streams being passed through (empty
            for a folder, a video without audio, or ``audio=False``).
    """

    def __init__(self, path: str, fps: Fraction):
        self.path = path
        self.fps = fps
        self.height = self.width = 0
        self.num_frames: Optional[int] = None
        self.time_base: Optional[Fraction] = None
        self.display_matrix: Optional[Tuple[int, ...]] = None
        self.audio_streams: list = []

    def _frames(self) -> Iterator[Tuple[np.ndarray, Optional[Fraction]]]:
        raise NotImplementedError

    def timed(self) -> Iterator[Tuple[np.ndarray, Optional[Fraction]]]:
        """Yield ``(frame, time)``: (h, w, 3) ``uint8`` RGB and its presentation time in
        seconds (the input's own, so a variable frame rate survives; ``i / fps`` for a folder
        or a given ``fps``; None where a video frame has no timestamp).

        Raises:
            VideoIOError: If a frame's size differs from the first one's, or on a read error.
        """
        for index, (frame, time) in enumerate(self._frames()):
            if frame.shape[:2] != (self.height, self.width):
                raise VideoIOError(
                    f'{self._describe(index)} is {frame.shape[1]}x{frame.shape[0]} but the first '
                    f'frame is {self.width}x{self.height} (all frames must have one size)')
            yield frame, time

    def __iter__(self) -> Iterator[np.ndarray]:
        """Yield the frames, (h, w, 3) ``uint8`` RGB (see :meth:`timed`)."""
        return (frame for frame, _ in self.timed())

    def pop_audio(self, until: Optional[Fraction] = None) -> list:
        """Take the queued audio packets that start at or before ``until``.

        Args:
            until (Fraction, optional): A time in seconds; None: every queued packet.

        Returns:
            list[av.Packet]: In demuxing order (empty for a folder).
        """
        return []

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


class VideoFileReader(FrameReader):
    """Frames of a video file, decoded by FFmpeg (PyAV) one at a time, and its audio packets.

    The first video stream is read. Its frame rate is the stream's average rate; each frame
    keeps its own presentation time (so a variable frame rate survives), unless ``fps`` is
    given (then frame i is at i / fps). The display matrix (rotation, flips) is read from the
    first frame. The first frame is decoded on opening, so an unreadable or empty video fails
    here. With ``audio``, the packets of every audio stream are queued as the demuxer meets
    them, for :meth:`pop_audio`; they are not decoded.

    A truncated file is detected when the container states how many frames (or how long) the
    stream is and clearly fewer are decoded (more than max(2, 1 %) missing), or when FFmpeg
    fails while decoding. Damage that FFmpeg conceals (corrupt bytes inside a frame) is not.

    Args:
        path (str): The video file.
        fps (Fraction, optional): Frame rate to report instead of the stream's. Default: None.
        audio (bool): Queue the audio packets. Default: True.

    Raises:
        VideoIOError: If the file cannot be opened as a video, is a single image, has no video
            stream, or has no frames.
    """

    def __init__(self, path: str, fps: Optional[Fraction] = None, audio: bool = True):
        super().__init__(path, DEFAULT_FPS)
        self._container = None
        self._audio = collections.deque()
        try:
            self._container = av.open(path)
        except (av.error.FFmpegError, OSError) as err:
            raise VideoIOError(f"cannot read '{path}' as a video: {_reason(err)}") from None
        try:
            self._probe(path, fps, audio)
        except BaseException:
            self.close()
            raise

    def _probe(self, path: str, fps: Optional[Fraction], audio: bool) -> None:
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
        if not fps and stream.time_base:
            self.time_base = Fraction(stream.time_base)
        self.audio_streams = list(container.streams.audio) if audio else []
        self._expected = self._expected_frames(Fraction(rate) if rate else None)
        self.num_frames = self._expected
        self._decoded = self._decode()
        self._first = next(self._decoded)  # raises VideoIOError if there is none
        self.height, self.width = self._first[0].shape[:2]

    def _expected_frames(self, rate: Optional[Fraction]) -> Optional[int]:
        """Frames the container announces: its frame count, else duration x rate."""
        stream = self._stream
        if stream.frames:
            return stream.frames
        duration = self._announced_duration()
        return None if rate is None or duration is None else round(duration * rate)

    def _announced_duration(self) -> Optional[Fraction]:
        """Seconds the container says the video stream lasts, or None."""
        stream = self._stream
        if stream.duration is not None and stream.time_base is not None:
            return stream.duration * Fraction(stream.time_base)
        if self._container.duration is not None and len(self._container.streams) == 1:
            return Fraction(self._container.duration, av.time_base)
        return None

    def _decode(self) -> Iterator[Tuple[np.ndarray, Optional[Fraction]]]:
        count, first, last = 0, None, None  # first and last frame times (seconds)
        try:
            for packet in self._container.demux(self._stream, *self.audio_streams):
                if packet.stream.type == 'audio':
                    if packet.size:
                        self._audio.append(packet)
                    continue
                for frame in packet.decode():
                    if count == 0:
                        self.display_matrix = display_matrix(frame)
                    if frame.pts is not None:
                        last = frame.pts * Fraction(self._stream.time_base)
                        first = last if first is None else first
                    yield frame.to_ndarray(format='rgb24'), self._time(frame, count)
                    count += 1
        except av.error.FFmpegError as err:
            raise VideoIOError(f"'{self.path}' is corrupt or truncated: decoding failed after "
                               f'{count} frames ({_reason(err)})') from None
        if count == 0:
            raise VideoIOError(f"'{self.path}' has no frames")
        self._check_complete(count, first, last)

    def _check_complete(self, count: int, first: Optional[Fraction],
                        last: Optional[Fraction]) -> None:
        """Raise if clearly fewer frames (or seconds, for a container without a frame count:
        a variable frame rate makes counts from the duration wrong) were decoded than announced.
        """
        expected, duration = self._expected, self._announced_duration()
        if not self._stream.frames and duration and first is not None and count > 1:
            frame = (last - first) / (count - 1)  # mean frame duration
            decoded = last - first + frame
            if decoded < duration - max(2 * frame, duration / 100):
                raise VideoIOError(f"'{self.path}' is truncated: decoded {count} frames "
                                   f'({float(decoded):.2f} s) of the {float(duration):.2f} s '
                                   'it announces')
        elif expected and count < expected - max(2, expected // 100):
            raise VideoIOError(f"'{self.path}' is truncated: decoded {count} of the {expected} "
                               'frames it announces')

    def _time(self, frame: av.VideoFrame, index: int) -> Optional[Fraction]:
        if self.time_base is None:
            return index / self.fps
        return None if frame.pts is None else frame.pts * self.time_base

    def _frames(self) -> Iterator[Tuple[np.ndarray, Optional[Fraction]]]:
        first, self._first = self._first, None
        if first is None:
            raise RuntimeError('a VideoFileReader can be iterated once')
        yield first
        yield from self._decoded

    def pop_audio(self, until: Optional[Fraction] = None) -> list:
        packets = []
        while self._audio and (until is None or packet_time(self._audio[0]) is None
                               or packet_time(self._audio[0]) <= until):
            packets.append(self._audio.popleft())
        return packets

    def close(self) -> None:
        container = self._container
        if container is not None:
            self._container = None
            self._audio.clear()
            container.close()


def display_matrix(frame: av.VideoFrame) -> Optional[Tuple[int, ...]]:
    """The display matrix a decoded frame carries (FFmpeg attaches the stream's), or None.

    Returns:
        tuple[int, ...] | None: Nine ``int32``: a 3x3 matrix, row major, 16.16 fixed point
        except the last column (2.30), as ``av_display_rotation_set`` writes it.
    """
    side_data = frame.side_data.get(SideDataType.DISPLAYMATRIX)
    if side_data is None:
        return None
    return tuple(int(v) for v in np.frombuffer(bytes(side_data), dtype=np.int32))


def packet_time(packet: av.Packet) -> Optional[Fraction]:
    """Start of a packet in seconds (its pts, else its dts), or None if it has neither."""
    stamp = packet.pts if packet.pts is not None else packet.dts
    if stamp is None or packet.time_base is None:
        return None
    return stamp * Fraction(packet.time_base)


def open_frames(path: PathLike, fps: Optional[Fraction] = None,
                audio: bool = True) -> FrameReader:
    """Open a video file or a folder of frames for reading.

    Args:
        path (str | PathLike): A video file FFmpeg reads (mp4, mkv, avi, mov, ...) or a folder
            of images (see :class:`FrameFolderReader`).
        fps (Fraction, optional): Frame rate to use instead of the input's (a folder has
            none: :data:`DEFAULT_FPS` then); frame i is then timed at i / fps. Default: None.
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


class FolderWriter:
    """Write frames as ``folder/00000000.png``, ``00000001.png``, ... (RGB PNG).

    Args:
        folder (str): An existing, empty folder.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self.count = 0

    def write(self, frame: np.ndarray, time: Optional[Fraction] = None) -> None:
        """Write one (h, w, 3) ``uint8`` RGB frame (``time`` is ignored: files have none).

        Raises:
            VideoIOError: If the file cannot be written.
        """
        path = osp.join(self.folder, FRAME_TMPL.format(self.count))
        if not cv2.imwrite(path, cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)):
            raise VideoIOError(f"cannot write '{path}'")
        self.count += 1

    def write_audio(self, packets: Sequence) -> None:
        """Drop audio packets: a folder of frames holds no audio."""

    def close(self) -> None:
        """Nothing to flush: every frame is a complete file."""

    def abort(self) -> None:
        """Nothing to release (the caller removes the folder)."""


class VideoWriter:
    """Encode frames into a video file with libx264 (PyAV), passing audio through.

    Video, by ``pix_fmt``: ``'yuv420p'`` (the default: H.264 High profile, which browsers,
    QuickTime and phones play; an odd frame size, which 4:2:0 cannot hold, falls back to
    ``'yuv444p'`` with a note in :attr:`notes`), ``'yuv444p'`` (no chroma subsampling), both
    BT.709 limited range and tagged as such, or ``'rgb24'`` (``libx264rgb``, no colour
    conversion); at constant rate factor ``crf``. ``lossless``: ``libx264rgb`` at QP 0,
    bit-exact RGB. MP4/MOV files get their index at the front (``movflags=faststart``), so they
    start playing before they are fully downloaded. Above 1920x1080 x264's lookahead (40
    frames in preset medium) is shortened to hold at most :data:`LOOKAHEAD_PIXELS`: its memory
    grows with the frame size, about 20 MB per 3840x2160 frame.

    Timestamps: ``write(frame, time)`` keeps ``time`` (seconds, a multiple of ``time_base``),
    so a source's variable frame rate survives. A time within one ``time_base`` tick of the
    constant-rate grid (the first time + i / ``fps``) is put on the grid, so that a rate such
    as 30000/1001 stays exact even from a container with millisecond ticks (Matroska); the
    stream's time base is the coarsest unit of which both ``time_base`` and 1 / ``fps`` are
    multiples. Without ``time`` (or ``time_base``) frame i is at i / ``fps``. AVI holds only a
    constant rate, so there every time is rounded to a multiple of 1 / ``fps``. Timestamps are
    made strictly increasing.

    Audio: :meth:`add_audio` (before the first frame) adds one output stream per input audio
    stream, a copy of its packets when the muxer takes its codec (FFmpeg is asked, by writing a
    header in memory), else AAC at :data:`AAC_BIT_RATE_PER_CHANNEL` (noted in :attr:`notes`);
    :meth:`write_audio` passes their packets, with their own timestamps.

    Args:
        path (str): File to write (its suffix does not matter: ``container_format`` decides).
        container_format (str): FFmpeg muxer, e.g. 'mp4', 'matroska', 'mov', 'avi'.
        fps (Fraction): Frame rate (the encoder's rate control, and timing without times).
        width, height (int): Frame size in pixels.
        pix_fmt (str): One of :data:`PIX_FMTS`. Default: :data:`DEFAULT_PIX_FMT`.
        crf (float, optional): x264 constant rate factor (0-51; lower is better and larger).
            Default: :data:`DEFAULT_CRF`.
        lossless (bool): Lossless RGB; ``pix_fmt`` and ``crf`` are then not used.
            Default: False.
        time_base (Fraction, optional): Unit of the timestamps (a source video's time base).
            Default: 1 / ``fps``.
        display_matrix (Sequence[int], optional): Nine ``int32`` (see :func:`display_matrix`)
            written as the stream's rotation/flip. Default: None.

    Attributes:
        notes (list[str]): One-line notes for the user about changes to the request.
        count (int): Frames written.

    Raises:
        VideoIOError: If the file cannot be created.
        ValueError: For a ``pix_fmt`` not in :data:`PIX_FMTS`.
    """

    def __init__(self, path: str, container_format: str, fps: Fraction, width: int,
                 height: int, pix_fmt: str = DEFAULT_PIX_FMT, crf: Optional[float] = None,
                 lossless: bool = False, time_base: Optional[Fraction] = None,
                 display_matrix: Optional[Sequence[int]] = None):
        if pix_fmt not in PIX_FMTS:
            raise ValueError(f"pix_fmt must be one of {', '.join(PIX_FMTS)}, got '{pix_fmt}'")
        self.notes: List[str] = []
        if pix_fmt == 'yuv420p' and (width % 2 or height % 2) and not lossless:
            self.notes.append(f'frames of {width}x{height} have an odd side, which yuv420p '
                              'cannot hold: writing yuv444p')
            pix_fmt = 'yuv444p'
        self.pix_fmt = 'rgb24' if lossless else pix_fmt
        options = {'movflags': 'faststart'} if container_format in ('mp4', 'mov') else {}
        try:
            self._container = av.open(path, 'w', format=container_format,
                                      container_options=options)
        except (av.error.FFmpegError, OSError) as err:
            raise VideoIOError(f"cannot create '{path}': {_reason(err)}") from None
        self.container_format = container_format
        self.count = 0
        self.fps = Fraction(fps)
        self._tick = None if container_format == 'avi' or time_base is None else Fraction(
            time_base)
        self.time_base = 1 / self.fps if self._tick is None else _common_unit(self._tick,
                                                                            1 / self.fps)
        self._first_time: Optional[Fraction] = None
        self._last_pts: Optional[int] = None
        self._audio = {}  # input stream index -> (output stream, input stream if re-encoded)
        rgb = self.pix_fmt == 'rgb24'
        stream = self._stream = self._container.add_stream(
            'libx264rgb' if rgb else 'libx264', rate=self.fps)
        stream.width, stream.height = width, height
        stream.codec_context.time_base = stream.time_base = self.time_base
        stream.pix_fmt = self.pix_fmt
        options = {'qp': '0'} if lossless else {'crf': f'{DEFAULT_CRF if crf is None else crf:g}'}
        lookahead = LOOKAHEAD_PIXELS // (width * height)
        if lookahead < 40:  # x264's memory grows with it: ~20 MB per 3840x2160 frame
            options['rc-lookahead'] = str(max(10, lookahead))
        stream.options = options
        if not rgb:
            context = stream.codec_context
            # AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, AVCOL_PRI_BT709, AVCOL_TRC_BT709
            context.colorspace = context.color_range = 1
            context.color_primaries = context.color_trc = 1
        if display_matrix is not None and container_format == 'avi':
            self.notes.append('avi cannot hold the input\'s rotation metadata: the output '
                              'plays unrotated (use .mp4, .mkv or .mov to keep it)')
        elif display_matrix is not None:
            stream.set_display_matrix(list(display_matrix))

    def add_audio(self, streams: Sequence) -> None:
        """Add an output stream for each input audio stream (before the first frame).

        Args:
            streams (Sequence[av.audio.AudioStream]): Audio streams of an open input.
        """
        reencoded = []
        for stream in streams:
            if _muxer_takes(self.container_format, stream):
                self._audio[stream.index] = (
                    self._container.add_stream_from_template(stream), None)
                continue
            context = stream.codec_context
            out = self._container.add_stream('aac', rate=context.sample_rate,
                                             layout=f'{context.channels}c')
            out.bit_rate = AAC_BIT_RATE_PER_CHANNEL * context.channels
            self._audio[stream.index] = (out, stream)
            reencoded.append(context.name)
        if reencoded:
            self.notes.append(f"audio ({', '.join(reencoded)}) cannot go into "
                              f'{self.container_format} as it is: re-encoding it to AAC')

    def write(self, frame: np.ndarray, time: Optional[Fraction] = None) -> None:
        """Encode one (h, w, 3) ``uint8`` RGB frame shown at ``time`` seconds.

        Args:
            frame (np.ndarray): (h, w, 3) ``uint8`` RGB.
            time (Fraction, optional): Presentation time in seconds. Default: one frame
                (1 / fps) after the previous one (0 for the first).
        """
        video_frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format='rgb24')
        if self.pix_fmt != 'rgb24':
            video_frame = video_frame.reformat(format=self.pix_fmt,
                                               dst_colorspace=Colorspace.ITU709,
                                               dst_color_range=ColorRange.MPEG)
        video_frame.pts = self._next_pts(time)
        video_frame.time_base = self.time_base
        self._container.mux(self._stream.encode(video_frame))
        self.count += 1

    def _next_pts(self, time: Optional[Fraction]) -> int:
        last = self._last_pts
        if time is None:
            pts = 0 if last is None else last + max(1, round(1 / (self.fps * self.time_base)))
        else:
            time = Fraction(time)
            if self._first_time is None:
                self._first_time = time
            grid = self._first_time + self.count / self.fps
            if self._tick is not None and abs(time - grid) <= self._tick:
                time = grid
            pts = round(time / self.time_base)
            if last is not None and pts <= last:
                pts = last + 1
        self._last_pts = pts
        return pts

    def write_audio(self, packets: Sequence) -> None:
        """Mux audio packets of the streams given to :meth:`add_audio` (others are ignored).

        Args:
            packets (Sequence[av.Packet]): Demuxed packets, in their streams' order.
        """
        for packet in packets:
            out, source = self._audio.get(packet.stream.index, (None, None))
            if out is None:
                continue
            if source is None:
                packet.stream = out
                self._container.mux(packet)
            else:
                for frame in packet.decode():
                    self._container.mux(out.encode(frame))

    def close(self) -> None:
        """Flush the encoders and finish the file (idempotent)."""
        if self._container is None:
            return
        container, self._container = self._container, None
        try:
            container.mux(self._stream.encode(None))
            for out, source in self._audio.values():
                if source is not None:
                    for frame in source.codec_context.decode(None):
                        container.mux(out.encode(frame))
                    container.mux(out.encode(None))
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


def _common_unit(a: Fraction, b: Fraction) -> Fraction:
    """The largest time unit of which both ``a`` and ``b`` are whole multiples, or ``a`` if
    that unit is finer than FFmpeg's 32-bit time bases allow."""
    unit = Fraction(math.gcd(a.numerator * b.denominator, b.numerator * a.denominator),
                    a.denominator * b.denominator)
    return unit if unit.denominator < 2**31 else a


def _muxer_takes(container_format: str, stream) -> bool:
    """Whether FFmpeg's ``container_format`` muxer stores ``stream``'s codec as it is: a copy
    of the stream, a packet of zeros and the trailer are written to memory (some muxers refuse
    a codec only in the trailer, e.g. MP4 and PCM)."""
    try:
        with av.open(io.BytesIO(), 'w', format=container_format) as probe:
            out = probe.add_stream_from_template(stream)
            probe.start_encoding()
            packet = av.Packet(bytes(64))
            packet.pts = packet.dts = 0
            packet.time_base, packet.stream = out.time_base, out
            probe.mux(packet)
    except (ValueError, av.error.FFmpegError):
        return False
    return True


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


def open_writer(tmp_path: str, spec: OutputSpec, source: FrameReader, size: Tuple[int, int],
                pix_fmt: str = DEFAULT_PIX_FMT, crf: Optional[float] = None,
                lossless: bool = False) -> Union[FolderWriter, VideoWriter]:
    """A writer for ``spec``'s kind of output, writing to ``tmp_path`` (see AtomicOutput).

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

"""Reading video files with PyAV (FFmpeg): frames one at a time, with their times and audio.

:class:`FrameReader` is what every reader offers (a folder of frames too, see
:mod:`.frame_folders`): frames as (h, w, 3) ``uint8`` RGB arrays yielded one at a time with
their presentation times (:meth:`FrameReader.timed`), so a caller holds only the frames it
keeps. :class:`VideoFileReader` decodes the first video stream of a file; a video's audio
packets are queued as the demuxer meets them (:meth:`VideoFileReader.pop_audio`) for
:meth:`~.video_writers.VideoWriter.write_audio`. Frames of any pixel format are converted to
RGB by FFmpeg (``rgb24``; the frame's tagged YUV matrix is used, BT.601 when untagged), alpha
is dropped. :func:`decode_frames` decodes a whole video held in memory (no timing, no audio).
"""
import collections
import itertools
from fractions import Fraction
from typing import BinaryIO, Iterator, Optional, Tuple, Union

import av
import numpy as np
from av.sidedata.sidedata import Type as SideDataType

from .errors import VideoIOError, reason

#: Frame rate of a frame-folder input unless one is given.
DEFAULT_FPS = Fraction(25)


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
            raise VideoIOError(f"cannot read '{path}' as a video: {reason(err)}") from None
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
                               f'{count} frames ({reason(err)})') from None
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



def decode_frames(source: Union[str, BinaryIO], frame_format: str = 'rgb24', start: int = 0,
                  stop: Optional[int] = None) -> Iterator[np.ndarray]:
    """Decode the frames ``start`` to ``stop`` of the first video stream of a file.

    Args:
        source (str | BinaryIO): A video file's path, or its contents (e.g. ``io.BytesIO``).
        frame_format (str): FFmpeg pixel format of the arrays, e.g. 'rgb24', 'bgr24' (packed
            (h, w, 3)) or 'yuv420p' (I420 planes as (h * 3 // 2, w)). Default: 'rgb24'.
        start (int): Index of the first frame yielded. Default: 0.
        stop (int, optional): Index after the last frame decoded. Default: None (all).

    Yields:
        np.ndarray: Frames in display order, ``uint8``.

    Raises:
        av.error.FFmpegError: If the data cannot be decoded.
    """
    with av.open(source, mode='r') as container:
        for frame in itertools.islice(container.decode(video=0), start, stop):
            yield frame.to_ndarray(format=frame_format)

"""Writing video files with PyAV (FFmpeg): frames one at a time, with their times and audio.

:class:`VideoWriter` encodes (h, w, 3) ``uint8`` RGB frames with libx264 at the times a
reader gave them, with the source's rotation, and passes the source's audio through
(copied unchanged when the container takes its codec, else re-encoded to AAC).
:func:`encode_video` encodes a whole sequence with any FFmpeg encoder into a file or into
memory (no timing, no audio).
"""
import io
import math
from fractions import Fraction
from typing import BinaryIO, Iterable, List, Optional, Sequence, Union

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace

from .errors import VideoIOError, reason

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
        display_matrix (Sequence[int], optional): Nine ``int32`` (see
            :func:`~.video_readers.display_matrix`) written as the stream's rotation/flip.
            Default: None.

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
            raise VideoIOError(f"cannot create '{path}': {reason(err)}") from None
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



def encode_video(file: Union[str, BinaryIO], frames: Iterable[np.ndarray], codec: str,
                 fps: Union[int, Fraction], container_format: str,
                 frame_format: str = 'rgb24', pix_fmt: str = 'yuv420p',
                 options: Optional[dict] = None) -> None:
    """Encode a sequence into one video stream; the stream takes the first frame's size.

    Args:
        file (str | BinaryIO): Path or writable file object (e.g. ``io.BytesIO``).
        frames (Iterable[np.ndarray]): Frames in ``frame_format`` as PyAV's
            ``VideoFrame.from_ndarray`` takes them (a generator is fine: one at a time).
        codec (str): FFmpeg encoder, e.g. 'libx265', 'ffv1'.
        fps (int | Fraction): Frame rate of the stream.
        container_format (str): FFmpeg muxer, e.g. 'mp4', 'matroska'.
        frame_format (str): Layout of ``frames``, e.g. 'rgb24', 'bgr24', 'yuv420p'.
            Default: 'rgb24'.
        pix_fmt (str): Pixel format of the stream. Default: 'yuv420p'.
        options (dict, optional): Encoder options. Default: None.

    Raises:
        ValueError: If there are no frames.
    """
    with av.open(file, mode='w', format=container_format) as container:
        stream = container.add_stream(codec, rate=fps)
        stream.pix_fmt = pix_fmt
        if options:
            stream.options = options
        count = 0
        for frame in frames:
            video_frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame),
                                                     format=frame_format)
            if count == 0:
                stream.height, stream.width = video_frame.height, video_frame.width
            container.mux(stream.encode(video_frame))
            count += 1
        if count == 0:
            raise ValueError('cannot encode an empty sequence of frames')
        container.mux(stream.encode(None))

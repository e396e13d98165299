"""Temporal windows of a frame stream: restore overlapping windows as frames arrive.

:func:`stream_chunks` cuts an incoming frame sequence exactly as
:meth:`S2SVRNet.forward_chunked <s2svr_mm.models.backbones.S2SVRNet.forward_chunked>` does,
but without knowing its length in advance, so a video is decoded, restored and encoded as it
goes.
"""
from typing import Callable, Iterable, Iterator, List, Sequence, TypeVar

from ...models.backbones.chunking import iter_chunk_windows

FrameIn = TypeVar('FrameIn')
FrameOut = TypeVar('FrameOut')


def stream_chunks(frames: Iterable[FrameIn],
                  restore_fn: Callable[[List[FrameIn]], Sequence[FrameOut]],
                  chunk_size: int, overlap: int) -> Iterator[FrameOut]:
    """Restore a frame stream window by window; yield output frames in order as they come.

    Restores the windows of :func:`~s2svr_mm.models.backbones.chunking.iter_chunk_windows`
    (hence those of :func:`~s2svr_mm.models.backbones.chunking.chunk_windows` and the frames
    of ``S2SVRNet.forward_chunked``) without knowing the length: a window is restored as soon
    as its last frame (or the end of the stream) has arrived, and frames that no later window
    needs are dropped. At most ``chunk_size + 1`` input frames are held (``chunk_size + 1``
    only at the start, to tell a sequence that fits in one window from a longer one).

    Args:
        frames (Iterable): Input frames, consumed lazily (any type ``restore_fn`` takes).
        restore_fn (Callable[[list], Sequence]): Restores a window: takes its frames (a list
            of 1 to ``chunk_size`` frames), returns as many output frames, in order.
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side of a segment, >= 0.

    Yields:
        Output frames, one per input frame, in order.

    Raises:
        ValueError: If ``chunk_size <= 2 * overlap`` or ``overlap < 0`` (on the first frame
            asked for), or ``restore_fn`` returns a wrong count.
    """
    source = iter(frames)
    buffer: List[FrameIn] = []  # input frames [buffer_start, buffer_start + len(buffer))
    buffer_start, ended = 0, False

    def read(lo: int, hi: int) -> int:
        nonlocal buffer_start, ended
        if lo > buffer_start:  # frames before lo are no longer needed
            del buffer[:lo - buffer_start]
            buffer_start = lo
        while not ended and buffer_start + len(buffer) < hi:
            try:
                buffer.append(next(source))
            except StopIteration:
                ended = True
        return min(hi, buffer_start + len(buffer))

    for lo, start, stop, hi in iter_chunk_windows(chunk_size, overlap, read):
        yield from _restore(restore_fn, buffer[lo - buffer_start:hi - buffer_start],
                            start - lo, stop - lo)


def _restore(restore_fn, window, keep_from, keep_to):
    outputs = restore_fn(window)
    if len(outputs) != len(window):
        raise ValueError(f'restore_fn returned {len(outputs)} frames for {len(window)}')
    return outputs[keep_from:keep_to]

"""How S2SVR cuts a long sequence into overlapping chunks: the one definition of the windows
(:func:`iter_chunk_windows`) and of valid chunking (:func:`check_chunking`), for the network's
:meth:`S2SVRNet.forward_chunked` (a sequence of known length, :func:`restore_in_chunks`) and the
streaming restoration in ``s2svr_mm.apis`` (a stream whose length is known only at its end).

Output frames are cut into segments ``[start, stop)`` of ``core = chunk_size - 2 * overlap``
frames; each is restored from the window ``[lo, hi)`` that extends it by up to ``overlap``
frames on each side (the first encoder layer is bidirectional): ``lo = max(0, start -
overlap)``, ``stop = min(t, start + core)``, ``hi = min(t, start + core + overlap)`` for
``start = 0, core, 2 * core, ... < t``. A sequence of at most ``chunk_size`` frames is one
window, the whole sequence.
"""
from typing import Callable, Iterator, List, Tuple

import torch

#: ``(lo, start, stop, hi)``: restore input frames ``[lo, hi)``, keep output frames
#: ``[start, stop)`` (frame indices of the sequence, ``lo <= start < stop <= hi``).
Window = Tuple[int, int, int, int]


def check_chunking(chunk_size: int, overlap: int) -> None:
    """Validate chunking parameters.

    Args:
        chunk_size (int): Frames per window.
        overlap (int): Context frames on each side of a segment.

    Raises:
        ValueError: Unless ``overlap >= 0`` and ``chunk_size > 2 * overlap``.
    """
    if overlap < 0 or chunk_size <= 2 * overlap:
        raise ValueError(f'need overlap >= 0 and chunk size > 2 * overlap, got '
                         f'chunk_size={chunk_size} and overlap={overlap}')


def iter_chunk_windows(chunk_size: int, overlap: int,
                       read: Callable[[int, int], int]) -> Iterator[Window]:
    """The windows of a sequence whose length is learnt as it is read.

    The windows are those of the module docstring. The sequence is known only through
    ``read(lo, hi)``, called before each window is yielded (and once more at the end): frames
    ``[lo, hi)`` are wanted next, frames before ``lo`` will not be asked for again, and it
    returns how many frames the sequence has up to ``hi``, that is ``min(hi, t)`` (so fewer
    than ``hi`` only once the sequence has ended). The first call is ``read(0, chunk_size +
    1)``, which tells a sequence that fits in one window from a longer one; ``lo`` and ``hi``
    never decrease from call to call, and ``hi`` is never more than ``chunk_size + 1`` past
    ``lo``. A reader of a stream therefore holds at most ``chunk_size + 1`` frames; for a
    known length ``t``, ``read = lambda lo, hi: min(hi, t)`` (:func:`chunk_windows`).

    Args:
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side of a segment, >= 0.
        read (Callable[[int, int], int]): ``read(lo, hi) -> min(hi, t)``, see above.

    Returns:
        Iterator[Window]: ``(lo, start, stop, hi)`` per window, in order; none for an empty
        sequence. Lazy: ``read`` is called as the windows are taken.

    Raises:
        ValueError: At once (not on the first window), see :func:`check_chunking`.
    """
    check_chunking(chunk_size, overlap)
    return _windows(chunk_size, overlap, read)


def _windows(chunk_size: int, overlap: int, read: Callable[[int, int], int]) -> Iterator[Window]:
    num_frames = read(0, chunk_size + 1)
    if num_frames <= chunk_size:  # the whole sequence in one window
        if num_frames > 0:
            yield 0, 0, num_frames, num_frames
        return
    core = chunk_size - 2 * overlap
    start = 0
    while True:
        lo = max(0, start - overlap)
        available = read(lo, start + core + overlap)
        if start >= available:  # the sequence ended at or before this segment
            return
        yield lo, start, min(available, start + core), available
        start += core


def chunk_windows(num_frames: int, chunk_size: int, overlap: int) -> List[Window]:
    """The windows of a sequence of known length (:func:`iter_chunk_windows`).

    Args:
        num_frames (int): Sequence length t >= 0.
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side of a segment, >= 0.

    Returns:
        list[Window]: ``(lo, start, stop, hi)`` per window, in order: one, ``(0, 0, t, t)``,
        when ``1 <= t <= chunk_size``; none when ``t == 0``.

    Raises:
        ValueError: see :func:`check_chunking`.
    """
    return list(iter_chunk_windows(chunk_size, overlap, lambda lo, hi: min(hi, num_frames)))


def restore_in_chunks(restore: Callable[[torch.Tensor], torch.Tensor], lqs: torch.Tensor,
                      chunk_size: int, overlap: int) -> torch.Tensor:
    """Restore a sequence window by window (:func:`chunk_windows`), keeping of each window
    only its segment's output frames.

    Args:
        restore (Callable): (n, k, 3, h, w) -> (n, k, 3, s*h, s*w), e.g.
            ``S2SVRNet.forward_one_shot``.
        lqs (Tensor): (n, t, 3, h, w), t >= 1.
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side of a segment, >= 0.

    Returns:
        Tensor: (n, t, 3, s*h, s*w); ``restore(lqs)`` itself when ``t <= chunk_size``.

    Raises:
        ValueError: see :func:`check_chunking`.
    """
    windows = chunk_windows(lqs.shape[1], chunk_size, overlap)
    if len(windows) <= 1:  # t <= chunk_size
        return restore(lqs)
    return torch.cat([restore(lqs[:, lo:hi])[:, start - lo:stop - lo]
                      for lo, start, stop, hi in windows], dim=1)

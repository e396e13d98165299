"""How S2SVR cuts a long sequence into overlapping chunks (one definition for the network's
:meth:`S2SVRNet.forward_chunked` and the streaming restoration in ``s2svr_mm.apis``)."""
from typing import List, Tuple


def check_chunking(chunk_size: int, overlap: int) -> None:
    """Validate chunking parameters.

    Raises:
        ValueError: Unless ``overlap >= 0`` and ``chunk_size > 2 * overlap``.
    """
    if overlap < 0 or chunk_size <= 2 * overlap:
        raise ValueError(f'need overlap >= 0 and chunk size > 2 * overlap, got '
                         f'chunk_size={chunk_size} and overlap={overlap}')


def chunk_windows(num_frames: int, chunk_size: int,
                  overlap: int) -> List[Tuple[int, int, int, int]]:
    """The windows of a sequence of known length.

    Output frames are cut into segments ``[start, stop)`` of ``chunk_size - 2 * overlap``
    frames; each is restored from the window ``[lo, hi)`` that extends it by up to ``overlap``
    frames on each side (the first encoder layer is bidirectional). With
    ``chunk_size >= num_frames`` there is one window, the whole sequence.

    Args:
        num_frames (int): Sequence length t >= 1.
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side, >= 0.

    Returns:
        list[tuple[int, int, int, int]]: ``(lo, start, stop, hi)`` per window, in order.

    Raises:
        ValueError: see :func:`check_chunking`.
    """
    check_chunking(chunk_size, overlap)
    if chunk_size >= num_frames:
        return [(0, 0, num_frames, num_frames)]
    core = chunk_size - 2 * overlap
    return [(max(0, start - overlap), start, min(num_frames, start + core),
             min(num_frames, start + core + overlap)) for start in range(0, num_frames, core)]

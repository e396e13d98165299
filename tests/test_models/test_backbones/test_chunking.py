"""The one definition of chunk windows: known answers, and the reads a stream is asked for."""
import pytest

from s2svr_mm.models.backbones.chunking import (check_chunking, chunk_windows,
                                                iter_chunk_windows)


@pytest.mark.parametrize('num_frames,chunk_size,overlap,windows', [
    # one window, the whole sequence, up to chunk_size frames
    (1, 4, 1, [(0, 0, 1, 1)]),
    (5, 5, 2, [(0, 0, 5, 5)]),
    (22, 32, 4, [(0, 0, 22, 22)]),
    (0, 4, 1, []),
    # segments of chunk_size - 2 * overlap frames, up to overlap frames of context each side
    (5, 4, 1, [(0, 0, 2, 3), (1, 2, 4, 5), (3, 4, 5, 5)]),
    (10, 4, 1, [(0, 0, 2, 3), (1, 2, 4, 5), (3, 4, 6, 7), (5, 6, 8, 9), (7, 8, 10, 10)]),
    (9, 4, 1, [(0, 0, 2, 3), (1, 2, 4, 5), (3, 4, 6, 7), (5, 6, 8, 9), (7, 8, 9, 9)]),
    (6, 5, 2, [(0, 0, 1, 3), (0, 1, 2, 4), (0, 2, 3, 5), (1, 3, 4, 6), (2, 4, 5, 6),
               (3, 5, 6, 6)]),
    (7, 3, 0, [(0, 0, 3, 3), (3, 3, 6, 6), (6, 6, 7, 7)]),
    (6, 3, 0, [(0, 0, 3, 3), (3, 3, 6, 6)]),
    (2, 1, 0, [(0, 0, 1, 1), (1, 1, 2, 2)]),
    (50, 32, 4, [(0, 0, 24, 28), (20, 24, 48, 50), (44, 48, 50, 50)]),
    (33, 32, 4, [(0, 0, 24, 28), (20, 24, 33, 33)]),
])
def test_known_windows(num_frames, chunk_size, overlap, windows):
    assert chunk_windows(num_frames, chunk_size, overlap) == windows


@pytest.mark.parametrize('chunk_size,overlap',
                         [(c, o) for c in range(1, 9) for o in range(4) if c > 2 * o])
def test_windows_cover_every_frame_once_within_chunk_size(chunk_size, overlap):
    for num_frames in range(1, 30):
        windows = chunk_windows(num_frames, chunk_size, overlap)
        assert [w[1] for w in windows[1:]] == [w[2] for w in windows[:-1]]  # segments tile
        assert windows[0][1] == 0 and windows[-1][2] == num_frames
        for lo, start, stop, hi in windows:
            assert 0 <= lo <= start < stop <= hi <= num_frames and hi - lo <= chunk_size
            if len(windows) > 1:  # as much context as there is, up to overlap
                assert start - lo == min(start, overlap)
                assert hi - stop == min(num_frames - stop, overlap)


def test_a_stream_is_read_window_by_window():
    calls = []

    def read(lo, hi):  # a stream of 10 frames
        calls.append((lo, hi))
        return min(hi, 10)

    windows = iter_chunk_windows(4, 1, read)
    assert calls == []  # lazy
    assert next(windows) == (0, 0, 2, 3)
    assert calls == [(0, 5), (0, 3)]  # tell 10 frames from a single window, then window 1
    assert list(windows) == chunk_windows(10, 4, 1)[1:]
    assert calls[2:] == [(1, 5), (3, 7), (5, 9), (7, 11), (9, 13)]  # the last finds the end


@pytest.mark.parametrize('chunk_size,overlap', [(4, 2), (2, 1), (3, -1), (0, 0)])
def test_invalid_chunking_raises_at_once(chunk_size, overlap):
    with pytest.raises(ValueError, match=r'need overlap >= 0 and chunk size > 2 \* overlap, '
                                         f'got chunk_size={chunk_size} and overlap={overlap}'):
        check_chunking(chunk_size, overlap)
    with pytest.raises(ValueError, match=r'chunk size > 2 \* overlap'):
        iter_chunk_windows(chunk_size, overlap, lambda lo, hi: 0)  # before any window
    with pytest.raises(ValueError, match=r'chunk size > 2 \* overlap'):
        chunk_windows(10, chunk_size, overlap)

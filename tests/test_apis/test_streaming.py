"""Streaming chunked restoration: the windows of ``chunk_windows`` (tested in
``test_models/test_backbones/test_chunking.py``), hence the frames of
``S2SVRNet.forward_chunked``, with bounded memory, on index sequences and on a real clip with a
tiny network."""
import copy
import itertools
import weakref

import numpy as np
import pytest
import torch

from s2svr_mm.apis.streaming import (ENSEMBLES, FrameRestorer, auto_tile_shape, axis_segments,
                                     axis_weights, cpu_has_native_bf16,
                                     estimate_bytes_per_pixel, stream_chunks, tile_spans)
from s2svr_mm.models.backbones.chunking import chunk_windows
from s2svr_mm.models.backbones.s2svr_net import S2SVRNet
from test_apis.restore_testing import read_tree_frames, restore_reference, write_tiny_model

VALID_CHUNKINGS = [(c, o) for c in range(1, 9) for o in range(0, 4) if c > 2 * o]


class _WindowSpy:
    """Stands in for an S2SVRNet in ``S2SVRNet.forward_chunked``: records the frames of each
    one-shot window (frame k holds the value k) and returns them unchanged."""

    def __init__(self):
        self.windows = []

    def forward_one_shot(self, lqs):
        values = lqs[0, :, 0, 0, 0].long().tolist()
        self.windows.append((values[0], values[-1] + 1))
        return lqs


def _forward_chunked_windows(num_frames, chunk_size, overlap):
    spy = _WindowSpy()
    lqs = torch.arange(num_frames, dtype=torch.float32).view(1, -1, 1, 1, 1).expand(
        1, num_frames, 3, 1, 1)
    out = S2SVRNet.forward_chunked(spy, lqs, chunk_size, overlap)
    assert torch.equal(out, lqs)  # each output frame comes from its own segment
    return spy.windows


def _stream_windows(num_frames, chunk_size, overlap):
    windows = []

    def restore(window):
        windows.append((window[0], window[-1] + 1))
        assert window == list(range(window[0], window[-1] + 1))  # contiguous, in order
        return [('out', k) for k in window]

    out = list(stream_chunks(iter(range(num_frames)), restore, chunk_size, overlap))
    assert out == [('out', k) for k in range(num_frames)]  # every frame once, in order
    return windows


@pytest.mark.parametrize('chunk_size,overlap', VALID_CHUNKINGS)
def test_stream_and_forward_chunked_restore_the_windows_of_chunk_windows(chunk_size, overlap):
    for num_frames in range(1, 23):
        expected = [(lo, hi) for lo, _, _, hi in chunk_windows(num_frames, chunk_size, overlap)]
        assert _stream_windows(num_frames, chunk_size, overlap) == expected
        assert _forward_chunked_windows(num_frames, chunk_size, overlap) == expected


def test_stream_windows_known_answer():
    assert _stream_windows(10, 4, 1) == [(0, 3), (1, 5), (3, 7), (5, 9), (7, 10)]
    assert _stream_windows(6, 3, 0) == [(0, 3), (3, 6)]  # ends at a segment boundary
    assert _stream_windows(5, 5, 2) == [(0, 5)]


def test_empty_stream_and_invalid_chunking():
    assert list(stream_chunks([], lambda w: w, 4, 1)) == []
    for chunk_size, overlap in ((4, 2), (2, 1), (3, -1)):
        with pytest.raises(ValueError, match='chunk size > 2 \\* overlap'):
            list(stream_chunks(range(5), lambda w: w, chunk_size, overlap))


def test_restore_fn_must_return_one_frame_per_input():
    with pytest.raises(ValueError, match='returned 2 frames for 3'):
        list(stream_chunks(range(3), lambda w: w[:2], 4, 1))


class _Frame:
    alive = weakref.WeakSet()

    def __init__(self, index):
        self.index = index
        _Frame.alive.add(self)


@pytest.mark.parametrize('chunk_size,overlap', [(7, 2), (5, 0), (3, 1)])
def test_memory_is_bounded_and_input_is_read_lazily(chunk_size, overlap):
    pulled = itertools.count()
    source = (_Frame(next(pulled)) for _ in range(10**6))  # long: an eager reader would stall
    peak = 0

    def restore(window):
        nonlocal peak  # CPython frees a frame as soon as nothing refers to it
        peak = max(peak, len(_Frame.alive))
        return [frame.index for frame in window]

    outputs = list(itertools.islice(stream_chunks(source, restore, chunk_size, overlap), 60))
    assert outputs == list(range(60))
    assert peak <= chunk_size + 1
    consumed = next(pulled)
    assert consumed <= 60 + chunk_size + overlap + 1  # read only as far as needed


@pytest.fixture(scope='module')
def tiny_nets(tmp_path_factory):
    root = tmp_path_factory.mktemp('streaming_models')
    return {is_sr: write_tiny_model(root, is_sr)[2] for is_sr in (True, False)}


def test_one_window_equals_forward_one_shot_on_real_clip(tiny_nets):
    frames = read_tree_frames()
    net = tiny_nets[True]
    restorer = FrameRestorer(net, bf16=False)
    ref = restore_reference(net, frames)
    for chunk_size in (len(frames), 100):
        out = list(stream_chunks(iter(frames), restorer, chunk_size, overlap=2))
        assert len(out) == 8 and out[0].shape == (384, 384, 3) and out[0].dtype == np.uint8
        assert all(np.array_equal(a, b) for a, b in zip(out, ref))


def test_restorer_uses_channels_last_on_cpu_with_the_same_frames(tmp_path):
    net = write_tiny_model(tmp_path, True)[2]
    frames = read_tree_frames()[:3]
    plain = FrameRestorer(net, bf16=False, channels_last=False)
    assert net.frame_encoder[0][0].weight.is_contiguous()  # left as it was
    ref = plain(frames)
    fast = FrameRestorer(net, bf16=False)  # CPU: channels_last by default, weights converted
    assert net.frame_encoder[0][0].weight.is_contiguous(memory_format=torch.channels_last)
    out = fast(frames)
    assert len(out) == 3 and out[0].shape == ref[0].shape
    diffs = [np.abs(a.astype(int) - b.astype(int)).max() for a, b in zip(out, ref)]
    assert max(diffs) <= 1  # 1e-6 apart before rounding to uint8


@pytest.mark.parametrize('chunk_size,overlap', [(5, 1), (3, 0)])
def test_chunks_equal_forward_chunked_on_real_clip(tiny_nets, chunk_size, overlap):
    # a new same-size model is the identity (zero last conv of its head), which chunking
    # cannot change: give that conv PyTorch's default random weights
    net = copy.deepcopy(tiny_nets[False])
    torch.manual_seed(0)
    net.head.conv_last.reset_parameters()
    frames = [torch.from_numpy(f).permute(2, 0, 1).float() / 255 for f in read_tree_frames()]

    def restore(window):
        with torch.no_grad():
            return net.forward_one_shot(torch.stack(window)[None])[0]

    out = torch.stack(list(stream_chunks(iter(frames), restore, chunk_size, overlap)))
    with torch.no_grad():
        ref = net.forward_chunked(torch.stack(frames)[None], chunk_size, overlap)[0]
    assert torch.equal(out, ref)
    with torch.no_grad():  # and chunking does change the result (the test can fail)
        assert not torch.equal(out, net.forward_one_shot(torch.stack(frames)[None])[0])


# ---------------------------------------------------------------- spatial tiling
@pytest.mark.parametrize('tile,overlap', [(32, 0), (32, 8), (40, 5), (64, 16), (100, 25)])
def test_tile_spans_cover_with_overlap_and_weights_sum_to_one(tile, overlap):
    for size in range(1, 300):
        spans = tile_spans(size, tile, overlap)
        assert spans[0][0] == 0 and spans[-1][1] == size
        assert len({b - a for a, b in spans}) == 1 and spans[0][1] <= tile  # one length
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert overlap <= a1 - b0 <= overlap + 2
        for (_, a1), (b0, _) in zip(spans, spans[2:]):
            assert b0 >= a1  # never three tiles on one pixel
        total = torch.zeros(size)
        for i, (a, b) in enumerate(spans):
            total[a:b] += axis_weights(spans, i)
        assert torch.allclose(total, torch.ones(size))
        covered = [owners for lo, hi, owners in axis_segments(spans) for _ in range(hi - lo)]
        assert len(covered) == size


def test_tile_spans_known_answers_and_bad_tiles():
    assert tile_spans(100, 128, 16) == [(0, 100)]
    assert tile_spans(100, 64, 16) == [(0, 58), (42, 100)]  # 2 tiles of 58, overlap 16
    assert axis_segments([(0, 58), (42, 100)]) == [(0, 42, (0, )), (42, 58, (0, 1)),
                                                   (58, 100, (1, ))]
    assert axis_weights([(0, 6), (2, 8)], 1).tolist() == [0.125, 0.375, 0.625, 0.875, 1, 1]
    for tile, overlap in ((16, 0), (64, 17), (64, -1)):
        with pytest.raises(ValueError, match='at least 32 pixels and an overlap of at most'):
            tile_spans(100, tile, overlap)


def test_auto_tile_shape_fits_the_budget_with_the_least_work():
    mib = 1 << 20
    assert auto_tile_shape(8, 96, 96, 1000, 100 * mib, 16) == (96, 96)  # fits: no tiling
    # 180x320 in 1 GiB over 32 frames of 1056 B: bands as tall as the frame, two of them
    assert auto_tile_shape(32, 180, 320, 1056, 1 << 30, 16) == (180, 168)
    for size in ((540, 960), (1080, 1920)):
        h, w = auto_tile_shape(32, *size, 1056, 1 << 30, 16)
        assert h * w * 32 * 1056 <= 1 << 30 and min(h, w) >= 64
    # nothing fits 1 byte: the smallest tile of at least 4 x 16 (22 rows of 65, columns of 64)
    assert auto_tile_shape(32, 1080, 1920, 1056, 1, 16) == (65, 64)


class _PointwiseX4(torch.nn.Module):
    """A generator whose every output pixel depends on one input pixel: tiling cannot change
    it, so the tiled output must equal the untiled one exactly."""

    def forward_one_shot(self, lqs):
        return 0.9 * lqs.repeat_interleave(4, -1).repeat_interleave(4, -2) + 0.05


@pytest.mark.parametrize('tile,overlap', [(32, 0), (32, 8), (40, 5), (64, 16)])
def test_tiles_blend_back_exactly_for_a_pointwise_generator(tile, overlap):
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (45, 77, 3), dtype=np.uint8) for _ in range(3)]
    ref = FrameRestorer(_PointwiseX4(), tile=0)(frames)
    out = FrameRestorer(_PointwiseX4(), tile=tile, tile_overlap=overlap)(frames)
    assert len(out) == 3 and out[0].shape == (180, 308, 3)
    assert all(np.array_equal(a, b) for a, b in zip(out, ref))


@pytest.mark.parametrize('is_sr', [True, False])
def test_tiled_equals_untiled_within_tolerance_on_real_clip(tiny_nets, is_sr):
    """Measured (docs/restore.md, "Tiling"): tiles of 48 with an overlap of 12 on the 96x96
    clip differ from the untiled output by at most 1 level, 0.024 on average."""
    frames = read_tree_frames()
    net = tiny_nets[is_sr]
    ref = FrameRestorer(net, bf16=False, tile=0)(frames)
    out = FrameRestorer(net, bf16=False, tile=48, tile_overlap=12)(frames)
    diff = np.stack([np.abs(a.astype(int) - b) for a, b in zip(out, ref)])
    assert diff.max() <= 2 and diff.mean() < 0.05
    seams = np.stack([np.abs(a.astype(int) - b) for a, b in zip(
        FrameRestorer(net, bf16=False, tile=32, tile_overlap=0)(frames), ref)])
    # without overlap the tile seams show: measured 3.0x the overlapped error for the tiny
    # same-size model (whose last conv is random x 0.5, restore_testing), more at x4
    assert seams.mean() > 2.5 * diff.mean()


def test_auto_tiling_follows_the_budget(tiny_nets):
    net = tiny_nets[False]
    frames = read_tree_frames()[:4]
    budget = 4 * 4800 * estimate_bytes_per_pixel(net)  # 4 frames of 4800 pixels
    restorer = FrameRestorer(net, bf16=False, tile_overlap=8, tile_memory=budget)
    # 2x2 tiles of 52 (10816 pixels of work) beat 3 bands of 96x38 (10944)
    assert restorer.tile_shape(4, 96, 96) == (52, 52)
    out = restorer(frames)
    ref = FrameRestorer(net, bf16=False, tile=0)(frames)
    assert np.abs(np.stack(out).astype(int) - np.stack(ref)).max() <= 2
    assert FrameRestorer(net).tile_shape(4, 96, 96) == (96, 96)  # fits 1 GiB: one tile
    with pytest.raises(ValueError, match='at least 32 pixels'):
        FrameRestorer(net, bf16=False, tile=16)


def test_auto_tiling_counts_the_self_ensembles_outputs(tiny_nets):
    """MMagic's ensemble holds 17 outputs (8 runs) or 18 (16 runs) of 3 floats per output pixel
    beside one forward pass: the automatic tile shrinks to keep the budget."""
    for is_sr, scale in ((True, 4), (False, 1)):
        net = tiny_nets[is_sr]
        one = estimate_bytes_per_pixel(net)
        assert ENSEMBLES['spatial'] == (False, 8, 17)
        assert ENSEMBLES['spatial-temporal'] == (True, 16, 18)
        assert estimate_bytes_per_pixel(net, 17) == one + 4 * 3 * scale**2 * 17
        assert estimate_bytes_per_pixel(net, 18) == one + 4 * 3 * scale**2 * 18
    net = tiny_nets[True]
    budget = 4 * 96 * 96 * estimate_bytes_per_pixel(net)  # 4 frames of 96x96 fit untiled
    assert FrameRestorer(net, tile_memory=budget, tile_overlap=8).tile_shape(4, 96, 96) == (96, 96)
    tiled = FrameRestorer(net, tile_memory=budget, tile_overlap=8,
                          ensemble='spatial').tile_shape(4, 96, 96)
    assert tiled[0] * tiled[1] * estimate_bytes_per_pixel(net, 17) * 4 <= budget
    assert tiled[0] * tiled[1] < 96 * 96
    with pytest.raises(ValueError, match='>= 0'):
        estimate_bytes_per_pixel(net, -1)


def test_bf16_autocast_is_close_to_float32(tiny_nets):
    """bfloat16 convolutions (the default on CPUs that compute them natively) against float32:
    measured on this clip, at most 1 level apart, 0.023 on average."""
    frames = read_tree_frames()
    net = tiny_nets[True]
    ref = FrameRestorer(net, bf16=False)(frames)
    out = FrameRestorer(net, bf16=True)(frames)
    diff = np.stack([np.abs(a.astype(int) - b) for a, b in zip(out, ref)])
    assert diff.any() and diff.max() <= 2 and diff.mean() < 0.05
    assert FrameRestorer(net).bf16 == cpu_has_native_bf16()


class _CornerSpike(torch.nn.Module):
    """Not equivariant: frame 0's top-left output pixel is 1, every other pixel 0."""

    def forward_one_shot(self, lqs):
        out = torch.zeros_like(lqs)
        out[:, 0, :, 0, 0] = 1
        return out


@pytest.mark.parametrize('ensemble', ['spatial', 'spatial-temporal'])
def test_ensemble_averages_the_flips_and_transposes(ensemble):
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (5, 7, 3), dtype=np.uint8) for _ in range(3)]
    # a pointwise generator is equivariant: the ensemble changes nothing
    plain = FrameRestorer(_PointwiseX4(), tile=0)(frames)
    ensembled = FrameRestorer(_PointwiseX4(), tile=0, ensemble=ensemble)(frames)
    assert all(np.array_equal(a, b) for a, b in zip(ensembled, plain))
    # 8 flips/transposes put the spike in each of the 4 corners twice: 2/8 = 0.25 there
    # (64 of 255); the reversed frame order moves half of it to the last frame (0.125: 32)
    out = FrameRestorer(_CornerSpike(), tile=0, ensemble=ensemble)(frames)
    corner = 64 if ensemble == 'spatial' else 32
    expected = [np.zeros((5, 7, 3), np.uint8) for _ in range(3)]
    for i in ([0] if ensemble == 'spatial' else [0, 2]):
        expected[i][[0, 0, -1, -1], [0, -1, 0, -1]] = corner
    assert all(np.array_equal(a, b) for a, b in zip(out, expected))


def test_unknown_ensemble_raises():
    with pytest.raises(ValueError, match="ensemble must be one of spatial, spatial-temporal"):
        FrameRestorer(_PointwiseX4(), ensemble='rotations')

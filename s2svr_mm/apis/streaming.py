"""Streaming chunked restoration: frames in, restored frames out, bounded memory.

:func:`stream_chunks` cuts an incoming frame sequence exactly as
:meth:`S2SVRNet.forward_chunked <s2svr_mm.models.backbones.S2SVRNet.forward_chunked>` does,
but without knowing its length in advance, so a video is decoded, restored and encoded as it
goes. :class:`FrameRestorer` runs a generator on one window of ``uint8`` frames, cut into
overlapping spatial tiles when the window would not fit a memory budget: every tile is restored
over the window's frames (the same temporal window), and the tiles are blended back with linear
weights across their overlaps (:func:`tile_spans`, :func:`axis_weights`). Memory then holds
one tile's network, the window's ``uint8`` output frames and ``float32`` strips of the overlaps
still waiting for their last tile; it does not grow with the frame size beyond those.
"""
import contextlib
import math
from typing import (Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple,
                    TypeVar)

import numpy as np
import torch

from ..models.backbones.chunking import iter_chunk_windows

__all__ = [
    'stream_chunks', 'DEFAULT_TILE_MEMORY', 'DEFAULT_TILE_OVERLAP', 'MIN_TILE',
    'estimate_bytes_per_pixel', 'auto_tile_shape', 'tile_spans', 'check_tiling',
    'axis_segments', 'axis_weights', 'cpu_has_native_bf16', 'FrameRestorer'
]

FrameIn = TypeVar('FrameIn')
FrameOut = TypeVar('FrameOut')


def stream_chunks(frames: Iterable[FrameIn],
                  restore_fn: Callable[[List[FrameIn]], Sequence[FrameOut]],
                  chunk_size: int, overlap: int) -> Iterator[FrameOut]:
    """Restore a frame stream window by window; yield output frames in order as they come.

    Restores the windows of :func:`~s2svr_mm.models.backbones.chunking.iter_chunk_windows`
    (hence those of :func:`~s2svr_mm.models.backbones.chunking.chunk_windows` and the frames of ``S2SVRNet.forward_chunked``)
    without knowing the length: a window is restored as soon as its last frame (or the end of
    the stream) has arrived, and frames that no later window needs are dropped. At most
    ``chunk_size + 1`` input frames are held (``chunk_size + 1`` only at the start, to tell a
    sequence that fits in one window from a longer one).

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


#: Network memory (bytes) the automatic tile size plans for (:func:`auto_tile_shape`).
DEFAULT_TILE_MEMORY = 1 << 30
#: Overlap of neighbouring tiles in input pixels (``docs/restore.md``, "Tiling").
DEFAULT_TILE_OVERLAP = 16
#: Smallest tile side in input pixels (the flow network needs 16; tiles this small are slow).
MIN_TILE = 32


def estimate_bytes_per_pixel(generator: torch.nn.Module) -> float:
    """Peak memory of a generator's one-shot forward pass per input pixel and frame, in bytes.

    A fit of peak RSS over ``forward_one_shot`` on CPU (float32, channels-last, 8-16 frames of
    64-256 px) for two S2SVR configurations: the shipped x4 model (C=16, 2 layers; about
    1000 B) and the paper's x4 configuration (C=64, 3 layers; about 3800 B). Per pixel and
    frame: six floats per output pixel (the output and its skip connection) and 3.5 floats per
    hidden channel and layer, plus one (states, latents, their warps; PWC-Lite is inside the
    constant). A generator without ``mid_channels`` is assumed as wide as the paper's.

    Args:
        generator (nn.Module): An S2SVR-like generator (``mid_channels``,
            ``encoder_layers``, ``upscale``).

    Returns:
        float: Bytes per input pixel and frame.
    """
    channels = getattr(generator, 'mid_channels', 64)
    layers = len(getattr(generator, 'encoder_layers', ())) + 1 if hasattr(
        generator, 'encoder_layers') else 3
    scale = getattr(generator, 'upscale', 4)
    return 4.0 * (6 * scale**2 + 3.5 * channels * (layers + 1))


def auto_tile_shape(num_frames: int, height: int, width: int, bytes_per_pixel: float,
                    memory: float = DEFAULT_TILE_MEMORY,
                    overlap: int = DEFAULT_TILE_OVERLAP) -> Tuple[int, int]:
    """The tile (h, w) that restores a frame with the least work within a memory budget.

    The whole frame if its restoration over ``num_frames`` frames fits ``memory``; else, of the
    tilings (:func:`tile_spans` on each axis) whose tile fits, the one whose tiles add up to
    the fewest pixels (overlaps are restored twice), then the one with the fewest tiles. Tile
    sides never go below :data:`MIN_TILE` or 4 x ``overlap``; when no such tile fits, the
    smallest one is used (the budget gives way).

    Args:
        num_frames (int): Frames restored together (a window).
        height, width (int): Frame size in input pixels.
        bytes_per_pixel (float): See :func:`estimate_bytes_per_pixel`.
        memory (float): Budget in bytes. Default: :data:`DEFAULT_TILE_MEMORY`.
        overlap (int): Tile overlap in pixels. Default: :data:`DEFAULT_TILE_OVERLAP`.

    Returns:
        tuple[int, int]: Tile (h, w) in input pixels, at most the frame's.
    """
    area = memory / (max(num_frames, 1) * bytes_per_pixel)
    if height * width <= area:
        return height, width
    floor = max(MIN_TILE, 4 * overlap)
    best = None
    for rows in range(1, height + 1):
        tile_h = height if rows == 1 else math.ceil((height - overlap) / rows) + overlap
        if tile_h < floor and rows > 1:
            break
        tile_w = min(width, max(floor, int(area // tile_h)))
        spans_y, spans_x = tile_spans(height, tile_h, overlap), tile_spans(width, tile_w, overlap)
        shape = (spans_y[0][1] - spans_y[0][0], spans_x[0][1] - spans_x[0][0])
        tiles = len(spans_y) * len(spans_x)
        fits = shape[0] * shape[1] <= area
        key = (not fits, tiles * shape[0] * shape[1] if fits else shape[0] * shape[1], tiles)
        if best is None or key < best[0]:
            best = (key, shape)
    return best[1]


def tile_spans(size: int, tile: int, overlap: int) -> List[Tuple[int, int]]:
    """Cover [0, size) with equal spans of at most ``tile`` overlapping by at least ``overlap``.

    As few spans as possible, all of one length, spread evenly: neighbours overlap by
    ``overlap`` or one or two pixels more, and no pixel is in more than two spans (so the
    blending weights of :func:`axis_weights` sum to one).

    Args:
        size (int): Length of the axis, >= 1.
        tile (int): Longest span; ``tile >= size`` gives one span.
        overlap (int): Least overlap of neighbours, 0 <= overlap <= tile / 4, with
            tile >= :data:`MIN_TILE` when ``size > tile``.

    Returns:
        list[tuple[int, int]]: (start, stop) of each span, in order.

    Raises:
        ValueError: For an overlap over a quarter of the tile, or a tile under
            :data:`MIN_TILE` that would split the axis.
    """
    if tile >= size:
        return [(0, size)]
    check_tiling(tile, overlap)
    count = math.ceil((size - overlap) / (tile - overlap))
    length = math.ceil((size - overlap) / count) + overlap
    starts = [round(i * (size - length) / (count - 1)) for i in range(count)]
    return [(start, start + length) for start in starts]


def check_tiling(tile: int, overlap: int) -> None:
    """Raise ``ValueError`` unless ``tile >= MIN_TILE`` and ``0 <= 4 * overlap <= tile``."""
    if tile < MIN_TILE or overlap < 0 or 4 * overlap > tile:
        raise ValueError(f'need a tile of at least {MIN_TILE} pixels and an overlap of at most '
                         f'a quarter of it, got tile {tile} and overlap {overlap}')


def axis_segments(spans: Sequence[Tuple[int, int]]) -> List[Tuple[int, int, Tuple[int, ...]]]:
    """Cut an axis covered by ``spans`` (see :func:`tile_spans`) into pieces with one owner
    (a single span) or two (the overlap of neighbours).

    Returns:
        list[tuple[int, int, tuple[int, ...]]]: (start, stop, indices of the spans covering
        it), in order, empty pieces left out.
    """
    segments = []
    for i, (start, stop) in enumerate(spans):
        if i > 0 and spans[i - 1][1] > start:
            segments.append((start, spans[i - 1][1], (i - 1, i)))
        lo = start if i == 0 else spans[i - 1][1]
        hi = stop if i == len(spans) - 1 else spans[i + 1][0]
        if hi > lo:
            segments.append((lo, hi, (i, )))
    return segments


def axis_weights(spans: Sequence[Tuple[int, int]], index: int) -> torch.Tensor:
    """Blending weights of span ``index`` along its own extent: 1, falling linearly to 0 across
    the overlap with each neighbour, so that the weights of neighbours sum to 1.

    In an overlap of L pixels, pixel k (k = 0 .. L-1 from the overlap's start) has weight
    (k + 0.5) / L in the later span and 1 - (k + 0.5) / L in the earlier one.

    Returns:
        Tensor: (stop - start,) float32.
    """
    start, stop = spans[index]
    weights = torch.ones(stop - start)
    if index > 0:
        length = spans[index - 1][1] - start
        weights[:length] = (torch.arange(length) + 0.5) / length
    if index < len(spans) - 1:
        length = stop - spans[index + 1][0]
        weights[stop - start - length:] = 1 - (torch.arange(length) + 0.5) / length
    return weights


def cpu_has_native_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX): bfloat16 autocast is
    then faster than float32; elsewhere oneDNN emulates it, slower."""
    checks = ('_is_avx512_bf16_supported', '_is_amx_tile_supported')
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


class FrameRestorer:
    """Run a video generator on a window of ``uint8`` RGB frames, tile by tile if need be.

    Frames go to the device as ``uint8`` (one tile at a time), become (1, t, 3, h, w) floats in
    [0, 1], run through ``generator.forward_one_shot`` (``forward`` for generators without it)
    under ``torch.no_grad``, and come back clipped to [0, 1], scaled by 255 and rounded to
    ``uint8`` (MMagic's ``tensor2img`` rounding).

    Tiling: a window whose one-shot restoration would need more than ``tile_memory`` (estimated
    by :func:`estimate_bytes_per_pixel`), or any window when ``tile`` is given, is cut into
    overlapping tiles (:func:`tile_spans` per axis). Each tile is restored over all the
    window's frames; its output is weighted by :func:`axis_weights` (rows times columns, which
    sum to one over the tiles) and added into ``float32`` accumulators that exist only for
    pixels shared by several tiles; every pixel becomes ``uint8`` as soon as its last tile
    (in raster order) is done. A window that fits in one tile takes exactly the untiled path.

    Args:
        generator (nn.Module): In eval mode, on ``device``; maps (n, t, 3, h, w) to
            (n, t, 3, s*h, s*w).
        device (str | torch.device): Where the generator is.
        fp16 (bool): Run under CUDA autocast (float16). Default: False.
        channels_last (bool, optional): Convert the generator's weights (in place) to
            ``torch.channels_last``, which ``S2SVRNet`` follows with its frames: about 15%
            faster on CPU, same outputs within 1e-6 (``tools/bench_speedups.py``). Default:
            None, which means True on CPU and False elsewhere (not measured there).
        bf16 (bool, optional): Run under CPU autocast (bfloat16: convolutions and matrix
            products in bfloat16, the rest in float32). On the shipped x4 model 1.2x faster
            end to end on a CPU with native bfloat16, -0.026 to +0.001 dB Y-PSNR on real clips
            (``docs/restore.md``, "Speed"). Default: None, which means True on a CPU with
            native bfloat16 (:func:`cpu_has_native_bf16`) and False elsewhere.
        tile (int, optional): Tile side in input pixels, >= :data:`MIN_TILE`; 0: never tile.
            Default: None (chosen per window by :func:`auto_tile_shape` from ``tile_memory``).
        tile_overlap (int): Overlap of neighbouring tiles in input pixels, at most a quarter of
            the tile. Default: :data:`DEFAULT_TILE_OVERLAP`.
        tile_memory (float): Budget in bytes of the automatic tile size. Default:
            :data:`DEFAULT_TILE_MEMORY`.

    Raises:
        ValueError: For a ``tile`` under :data:`MIN_TILE` (other than 0), or an overlap over a
            quarter of it, or a negative overlap.
    """

    def __init__(self, generator: torch.nn.Module, device='cpu', fp16: bool = False,
                 channels_last: Optional[bool] = None, bf16: Optional[bool] = None,
                 tile: Optional[int] = None,
                 tile_overlap: int = DEFAULT_TILE_OVERLAP,
                 tile_memory: float = DEFAULT_TILE_MEMORY):
        self.device = torch.device(device)
        if channels_last is None:
            channels_last = self.device.type == 'cpu'
        if channels_last:
            generator = generator.to(memory_format=torch.channels_last)
        if tile:
            check_tiling(tile, tile_overlap)
        elif tile_overlap < 0:
            raise ValueError(f'the tile overlap must be >= 0, got {tile_overlap}')
        self.generator = generator
        self.fp16 = fp16
        if bf16 is None:
            bf16 = self.device.type == 'cpu' and not fp16 and cpu_has_native_bf16()
        self.bf16 = bf16
        self.forward = getattr(generator, 'forward_one_shot', generator)
        self.tile, self.tile_overlap, self.tile_memory = tile, tile_overlap, tile_memory
        self.bytes_per_pixel = estimate_bytes_per_pixel(generator)

    def tile_shape(self, num_frames: int, height: int, width: int) -> Tuple[int, int]:
        """Tile (h, w) in input pixels for a window of ``num_frames`` frames of this size
        (the frame size itself when it is not tiled)."""
        if self.tile == 0:
            return height, width
        if self.tile:
            return min(self.tile, height), min(self.tile, width)
        return auto_tile_shape(num_frames, height, width, self.bytes_per_pixel,
                               self.tile_memory, self.tile_overlap)

    @torch.no_grad()
    def __call__(self, frames: Sequence[np.ndarray]) -> List[np.ndarray]:
        """Restore a window.

        Args:
            frames (Sequence[np.ndarray]): t frames (h, w, 3) ``uint8`` RGB.

        Returns:
            list[np.ndarray]: t frames (s*h, s*w, 3) ``uint8`` RGB, separate arrays.
        """
        t, (h, w) = len(frames), frames[0].shape[:2]
        tile_h, tile_w = self.tile_shape(t, h, w)
        rows = tile_spans(h, tile_h, self.tile_overlap)
        cols = tile_spans(w, tile_w, self.tile_overlap)
        outputs: List[np.ndarray] = []
        pending: Dict[Tuple[int, int], torch.Tensor] = {}
        for r, (y0, y1) in enumerate(rows):
            for c, (x0, x1) in enumerate(cols):
                restored = self._restore_tile([f[y0:y1, x0:x1] for f in frames])
                scale = restored.shape[-1] // (x1 - x0)
                if not outputs:
                    outputs = [np.empty((scale * h, scale * w, 3), np.uint8) for _ in range(t)]
                self._blend(restored, (r, c), rows, cols, scale, pending, outputs)
                del restored  # not alive while the next tile is restored
        return outputs

    def _restore_tile(self, frames: Sequence[np.ndarray]) -> torch.Tensor:
        """(t, 3, s*h, s*w) float32 restoration of t (h, w, 3) ``uint8`` crops."""
        lqs = torch.from_numpy(np.stack(frames)).to(self.device)
        lqs = lqs.permute(0, 3, 1, 2).unsqueeze(0).float().div_(255)
        if self.fp16:
            autocast = torch.autocast('cuda', dtype=torch.float16)
        elif self.bf16:
            autocast = torch.autocast(self.device.type, dtype=torch.bfloat16)
        else:
            autocast = contextlib.nullcontext()
        with autocast:
            outputs = self.forward(lqs)
        return outputs[0].float()

    def _blend(self, restored, tile, rows, cols, scale, pending, outputs) -> None:
        """Add a tile's output into its pieces of the window; write finished pieces as uint8.

        Pieces (row segment x column segment of :func:`axis_segments`, in output pixels) that
        only this tile covers are written at once; shared ones are accumulated, weighted, in
        ``pending`` and written when their last tile in raster order has been added.
        """
        r, c = tile
        out_rows = [(scale * a, scale * b) for a, b in rows]
        out_cols = [(scale * a, scale * b) for a, b in cols]
        (oy, _), (ox, _) = out_rows[r], out_cols[c]
        weights_y = axis_weights(out_rows, r).to(restored.device)
        weights_x = axis_weights(out_cols, c).to(restored.device)
        for i, (y0, y1, row_owners) in enumerate(axis_segments(out_rows)):
            if r not in row_owners:
                continue
            for j, (x0, x1, col_owners) in enumerate(axis_segments(out_cols)):
                if c not in col_owners:
                    continue
                piece = restored[:, :, y0 - oy:y1 - oy, x0 - ox:x1 - ox]
                if len(row_owners) * len(col_owners) > 1:
                    piece = piece * weights_y[y0 - oy:y1 - oy, None] * weights_x[x0 - ox:x1 - ox]
                    if (i, j) in pending:
                        piece = pending.pop((i, j)).add_(piece)
                    if (r, c) != (max(row_owners), max(col_owners)):
                        pending[(i, j)] = piece
                        continue
                _write_uint8(piece, outputs, y0, y1, x0, x1)


def _write_uint8(piece: torch.Tensor, outputs: List[np.ndarray], y0: int, y1: int, x0: int,
                 x1: int) -> None:
    """Clip (t, 3, y1-y0, x1-x0) floats (in place) to [0, 1] and write them rounded to uint8
    into ``outputs[i][y0:y1, x0:x1]``."""
    piece = piece.clamp_(0, 1).mul_(255).round_().to(torch.uint8).permute(0, 2, 3, 1).cpu()
    for frame, values in zip(outputs, piece.numpy()):
        frame[y0:y1, x0:x1] = values

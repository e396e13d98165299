"""Spatial tiling of a window: tile sizes within a memory budget, spans and blending weights.

A window too large to restore at once is cut into overlapping tiles (:func:`tile_spans` per
axis, sized by :func:`auto_tile_shape` from :func:`estimate_bytes_per_pixel`), and the tiles
are blended back with linear weights across their overlaps (:func:`axis_segments`,
:func:`axis_weights`).
"""
import math
from typing import List, Sequence, Tuple

import torch

#: Network memory (bytes) the automatic tile size plans for (:func:`auto_tile_shape`).
DEFAULT_TILE_MEMORY = 1 << 30
#: Overlap of neighbouring tiles in input pixels (``docs/restore.md``, "Tiling").
DEFAULT_TILE_OVERLAP = 16
#: Smallest tile side in input pixels (the flow network needs 16; tiles this small are slow).
MIN_TILE = 32


def estimate_bytes_per_pixel(generator: torch.nn.Module, held_outputs: int = 0) -> float:
    """Peak memory of a generator's one-shot forward pass per input pixel and frame, in bytes.

    A fit of peak RSS over ``forward_one_shot`` on CPU (float32, channels-last, 8-16 frames of
    64-256 px) for two S2SVR configurations: the shipped x4 model (C=16, 2 layers; about
    1000 B) and the paper's x4 configuration (C=64, 3 layers; about 3800 B). Per pixel and
    frame: six floats per output pixel (the output and its skip connection) and 3.5 floats per
    hidden channel and layer, plus one (states, latents, their warps; PWC-Lite is inside the
    constant). A generator without ``mid_channels`` is assumed as wide as the paper's.

    Outputs held beside the forward pass (a self-ensemble's: 17 for MMagic's 8-run
    ``SpatialTemporalEnsemble``, 18 for its 16-run one, ``restorer.EnsembleShape``) add 3
    floats per output pixel each, counted from the ensemble's code rather than measured.

    Args:
        generator (nn.Module): An S2SVR-like generator (``mid_channels``,
            ``encoder_layers``, ``upscale``).
        held_outputs (int): Restored windows held at once beside the forward pass, >= 0.
            Default: 0.

    Returns:
        float: Bytes per input pixel and frame.

    Raises:
        ValueError: For a negative ``held_outputs``.
    """
    channels = getattr(generator, 'mid_channels', 64)
    layers = len(getattr(generator, 'encoder_layers', ())) + 1 if hasattr(
        generator, 'encoder_layers') else 3
    scale = getattr(generator, 'upscale', 4)
    if held_outputs < 0:
        raise ValueError(f'held_outputs must be >= 0, got {held_outputs}')
    return 4.0 * (6 * scale**2 + 3.5 * channels * (layers + 1) + 3 * scale**2 * held_outputs)


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

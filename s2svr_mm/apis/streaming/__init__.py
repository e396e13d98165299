"""Streaming chunked restoration: frames in, restored frames out, bounded memory.

:func:`stream_chunks` (:mod:`.windows`) cuts an incoming frame sequence exactly as
:meth:`S2SVRNet.forward_chunked <s2svr_mm.models.backbones.S2SVRNet.forward_chunked>` does,
but without knowing its length in advance, so a video is decoded, restored and encoded as it
goes. :class:`FrameRestorer` (:mod:`.restorer`) runs a generator on one window of ``uint8``
frames, cut into overlapping spatial tiles when the window would not fit a memory budget: every
tile is restored over the window's frames (the same temporal window), and the tiles are blended
back with linear weights across their overlaps (:mod:`.tiling`: :func:`tile_spans`,
:func:`axis_weights`). Memory then holds one tile's network, the window's ``uint8`` output
frames and ``float32`` strips of the overlaps still waiting for their last tile; it does not
grow with the frame size beyond those.
"""
from .restorer import (ENSEMBLES, EnsembleShape, FrameRestorer, check_ensemble,
                       cpu_has_native_bf16)
from .tiling import (DEFAULT_TILE_MEMORY, DEFAULT_TILE_OVERLAP, MIN_TILE, auto_tile_shape,
                     axis_segments, axis_weights, check_tiling, estimate_bytes_per_pixel,
                     tile_spans)
from .windows import stream_chunks

__all__ = [
    'stream_chunks', 'DEFAULT_TILE_MEMORY', 'DEFAULT_TILE_OVERLAP', 'MIN_TILE',
    'estimate_bytes_per_pixel', 'auto_tile_shape', 'tile_spans', 'check_tiling',
    'axis_segments', 'axis_weights', 'cpu_has_native_bf16', 'ENSEMBLES', 'EnsembleShape',
    'check_ensemble', 'FrameRestorer'
]

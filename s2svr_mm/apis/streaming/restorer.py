"""Run a generator on one window of ``uint8`` frames, tile by tile within a memory budget.

:class:`FrameRestorer` restores every tile over the window's frames (the same temporal
window) and blends the tiles back (:mod:`.tiling`). Memory then holds one tile's network, the
window's ``uint8`` output frames and ``float32`` strips of the overlaps still waiting for their
last tile; it does not grow with the frame size beyond those.
"""
import contextlib
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np
import torch

from .tiling import (DEFAULT_TILE_MEMORY, DEFAULT_TILE_OVERLAP, auto_tile_shape, axis_segments,
                     axis_weights, check_tiling, estimate_bytes_per_pixel, tile_spans)


class EnsembleShape(NamedTuple):
    """What one self-ensemble of MMagic's ``SpatialTemporalEnsemble`` does and holds.

    Attributes:
        is_temporal_ensemble (bool): Also runs the reversed frame order (its constructor's
            argument).
        runs (int): Generator runs per window: 8 flips and transposes, 16 with the reversal.
        held_outputs (int): Restored windows it holds at once, counted from its code: each
            spatial ensemble keeps its 8 outputs, stacks them (8 more) and takes their mean
            (one more); the temporal one keeps the first mean while it runs the reversed frames
            (one more).
    """
    is_temporal_ensemble: bool
    runs: int
    held_outputs: int


#: ``ensemble`` values of :class:`FrameRestorer` and their shapes: the one table of them.
ENSEMBLES = {'spatial': EnsembleShape(False, 8, 17),
             'spatial-temporal': EnsembleShape(True, 16, 18)}


def check_ensemble(ensemble: Optional[str]) -> None:
    """Raise ``ValueError`` unless ``ensemble`` is None or a key of :data:`ENSEMBLES`."""
    if ensemble is not None and ensemble not in ENSEMBLES:
        raise ValueError(f"ensemble must be one of {', '.join(ENSEMBLES)} or None, "
                         f'got {ensemble!r}')


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

    Self-ensemble (``ensemble``): each tile is restored by MMagic's ``SpatialTemporalEnsemble``
    (``mmagic.models.archs``, the ``ensemble`` of MMagic's BasicVSR configs), which runs the
    generator on the 8 flips and transposes of the tile (``'spatial-temporal'``: also on the
    reversed frame order, 16 runs), undoes each transform on its output and averages them.
    It takes 8 (16) times the time and holds 17 (18) outputs of the tile on the CPU at once
    (:class:`EnsembleShape`), which the automatic tile size counts
    (:func:`estimate_bytes_per_pixel`).

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
        ensemble (str, optional): 'spatial' or 'spatial-temporal' (:data:`ENSEMBLES`): the
            self-ensemble above. Default: None (one run).

    Raises:
        ValueError: For a ``tile`` under :data:`MIN_TILE` (other than 0), or an overlap over a
            quarter of it, or a negative overlap, or an ``ensemble`` not in :data:`ENSEMBLES`.
    """

    def __init__(self, generator: torch.nn.Module, device='cpu', fp16: bool = False,
                 channels_last: Optional[bool] = None, bf16: Optional[bool] = None,
                 tile: Optional[int] = None,
                 tile_overlap: int = DEFAULT_TILE_OVERLAP,
                 tile_memory: float = DEFAULT_TILE_MEMORY, ensemble: Optional[str] = None):
        check_ensemble(ensemble)
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
        self.ensemble = None
        if ensemble is not None:
            from mmagic.models.archs import SpatialTemporalEnsemble
            self.ensemble = SpatialTemporalEnsemble(ENSEMBLES[ensemble].is_temporal_ensemble)
        self.tile, self.tile_overlap, self.tile_memory = tile, tile_overlap, tile_memory
        held_outputs = 0 if ensemble is None else ENSEMBLES[ensemble].held_outputs
        self.bytes_per_pixel = estimate_bytes_per_pixel(generator, held_outputs)

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
            if self.ensemble is None:
                outputs = self.forward(lqs)
            else:
                outputs = self.ensemble(lqs, self.forward)
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

"""Restore a video file or frame folder into a video file or frame folder, streaming.

decode (PyAV / cv2) -> :func:`~s2svr_mm.apis.streaming.stream_chunks` (overlapping windows,
each cut into spatial tiles when it would not fit the memory budget, through the generator) ->
encode, frame by frame: memory holds at most ``chunk_size + 1`` input frames, one tile's
network and one window's ``uint8`` outputs, whatever the video's length and (beyond those
buffers) its frame size. The input's timestamps, rotation and audio go to a video output,
which is written under a temporary name and renamed when complete
(:class:`~s2svr_mm.fileio.SequenceOutput`).
"""
import collections
import os.path as osp
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Optional, Tuple

import numpy as np
import torch
from tqdm import tqdm

from ..fileio import (DEFAULT_PIX_FMT, PIX_FMTS, FrameReader, SequenceOutput, check_output,
                      open_frames)
from ..models.backbones.chunking import check_chunking, chunk_windows
from .catalogue import MIN_INPUT_SIZE, TASKS, resolve_model
from .errors import RestoreError, first_line
from .loading import generator_scale, load_config, load_generator, resolve_device
from .streaming import (DEFAULT_TILE_OVERLAP, FrameRestorer, check_ensemble, check_tiling,
                        stream_chunks)

#: Chunking when neither the caller nor the config's generator (``chunk_size``,
#: ``chunk_overlap``) sets it: windows of 32 frames, 24 of them kept.
DEFAULT_CHUNK_SIZE = 32
DEFAULT_OVERLAP = 4


@dataclass
class RestoreSummary:
    """What :func:`restore_video` wrote.

    Attributes:
        output (str): Absolute output path.
        num_frames (int): Frames written (= frames read).
        fps (Fraction): Frame rate of the output (the input's average rate, or the one given).
        input_size (tuple[int, int]): (h, w) of the input frames.
        output_size (tuple[int, int]): (h, w) of the output frames.
        chunk_size (int): Frames per window used.
        overlap (int): Context frames per side used.
        tile_shape (tuple[int, int]): (h, w) of the tiles of the first window in input pixels
            (the input size when it was not tiled); from the announced frame count.
        audio_streams (int): Audio streams written (copied or re-encoded).
    """
    output: str
    num_frames: int
    fps: Fraction
    input_size: Tuple[int, int]
    output_size: Tuple[int, int]
    chunk_size: int
    overlap: int
    tile_shape: Tuple[int, int]
    audio_streams: int


def chunking_from_config(cfg, chunk_size: Optional[int],
                         overlap: Optional[int]) -> Tuple[int, int]:
    """Chunking to use: the caller's, else the config generator's, else the defaults.

    Args:
        cfg (mmengine.Config): Config with ``model.generator``.
        chunk_size (int, optional): Caller's frames per window.
        overlap (int, optional): Caller's context frames per side.

    Returns:
        tuple[int, int]: (chunk_size, overlap).

    Raises:
        RestoreError: If the result violates ``chunk_size > 2 * overlap >= 0`` (exit code 2).
    """
    gen_cfg = cfg.model.generator
    from_config = gen_cfg.get('chunk_size') is not None
    if chunk_size is None:
        chunk_size = gen_cfg.chunk_size if from_config else DEFAULT_CHUNK_SIZE
    if overlap is None:
        overlap = gen_cfg.get('chunk_overlap', 2) if from_config else DEFAULT_OVERLAP
        overlap = min(overlap, (chunk_size - 1) // 2)  # keep a small --chunk-size valid
    try:
        check_chunking(chunk_size, overlap)
    except ValueError as err:
        raise RestoreError(str(err), 2) from None
    return chunk_size, overlap


def check_encoding(pix_fmt: Optional[str], crf: Optional[float], lossless: bool) -> None:
    """Check the video encoding options (see :class:`~s2svr_mm.fileio.VideoWriter`).

    Raises:
        RestoreError: For an unknown pixel format, a CRF outside [0, 51], or ``lossless``
            with a CRF or a pixel format other than rgb24 (exit code 2).
    """
    if pix_fmt is not None and pix_fmt not in PIX_FMTS:
        raise RestoreError(f"unknown pixel format '{pix_fmt}' (choose from "
                           f"{', '.join(PIX_FMTS)})", 2)
    if crf is not None and not 0 <= crf <= 51:
        raise RestoreError(f'--crf must be between 0 and 51, got {crf:g}', 2)
    if lossless and (crf is not None or pix_fmt not in (None, 'rgb24')):
        raise RestoreError('--lossless writes RGB at QP 0: it takes neither --crf nor a '
                           '--pix-fmt other than rgb24', 2)


def _timed_frames(reader: FrameReader, times: collections.deque) -> Iterator[np.ndarray]:
    """The reader's frames; their times are appended to ``times`` as they are read."""
    for frame, time in reader.timed():
        times.append(time)
        yield frame


def restore_video(input_path: str, output_path: str, task: str, config: Optional[str] = None,
                  checkpoint: Optional[str] = None, chunk_size: Optional[int] = None,
                  overlap: Optional[int] = None, device: str = 'auto', fp16: bool = False,
                  overwrite: bool = False, lossless: bool = False,
                  fps: Optional[Fraction] = None, progress: bool = False, audio: bool = True,
                  pix_fmt: Optional[str] = None, crf: Optional[float] = None,
                  tile: Optional[int] = None, tile_overlap: Optional[int] = None,
                  bf16: Optional[bool] = None, flow_downsample: Optional[int] = None,
                  ensemble: Optional[str] = None,
                  notify: Optional[Callable[[str], None]] = None) -> RestoreSummary:
    """Restore a video, streaming: decode -> overlapping windows (tiled if large) -> encode.

    Cheap checks run before the model is loaded, in this order: task, encoding, tiling and
    device, model files (:func:`~s2svr_mm.apis.catalogue.resolve_model`), chunking (the caller's,
    else the config's: :func:`chunking_from_config`, the one check of it), output path
    (:func:`~s2svr_mm.fileio.check_output`), input (opened, first frame decoded, at
    least :data:`~s2svr_mm.apis.catalogue.MIN_INPUT_SIZE` pixels per side).

    A video output keeps the input's timestamps (its exact or variable frame rate, unless
    ``fps`` is given), rotation metadata and, with ``audio``, its audio streams (copied, or
    re-encoded to AAC where the container cannot hold them). A frame folder holds frames only.

    Args:
        input_path (str): Video file or folder of frames (see
            :func:`~s2svr_mm.fileio.open_frames`).
        output_path (str): Video file (.mp4, .m4v, .mkv, .mov, .avi) or folder for
            ``%08d.png`` frames.
        task (str): 'sr', 'deblur' or 'decompress'.
        config (str, optional): mmengine config; with ``checkpoint``. Default: the task's.
        checkpoint (str, optional): Checkpoint with ``generator.*`` weights. Default: the
            task's shipped weights.
        chunk_size (int, optional): Frames per window; sequences up to this long are restored
            in one shot. Default: the config generator's ``chunk_size``, else 32.
        overlap (int, optional): Context frames on each side of a window's kept segment.
            Default: the config generator's ``chunk_overlap`` (with its ``chunk_size``), else 4
            (reduced to fit a small ``chunk_size``).
        device (str): 'auto', 'cpu' or 'cuda'. Default: 'auto'.
        fp16 (bool): CUDA autocast in float16. Default: False.
        overwrite (bool): Replace an existing output (once the new one is complete).
        lossless (bool): Lossless RGB video (libx264rgb, QP 0). Default: False.
        fps (Fraction, optional): Output frame rate; frame i is then shown at i / fps.
            Default: the input video's timing; 25 fps for a frame folder.
        progress (bool): Show a tqdm progress bar on stderr. Default: False.
        audio (bool): Pass the input's audio through to a video output. Default: True.
        pix_fmt (str, optional): 'yuv420p', 'yuv444p' or 'rgb24'. Default: 'yuv420p'.
        crf (float, optional): x264 constant rate factor, 0-51. Default:
            :data:`~s2svr_mm.fileio.DEFAULT_CRF`.
        tile (int, optional): Tile side in input pixels (>= 32); 0: never tile. Default:
            None, the largest tile whose restoration fits the memory budget
            (:class:`~s2svr_mm.apis.streaming.FrameRestorer`).
        tile_overlap (int, optional): Overlap of neighbouring tiles in input pixels, at most a
            quarter of the tile. Default: 16.
        bf16 (bool, optional): bfloat16 autocast on CPU; False: float32 throughout. Default:
            None, on where the CPU computes bfloat16 natively
            (:class:`~s2svr_mm.apis.streaming.FrameRestorer`).
        flow_downsample (int, optional): Estimate flows at 1/k of the input size instead of
            the config's (:func:`~s2svr_mm.apis.loading.load_generator`). Default: None.
        ensemble (str, optional): 'spatial' (8 flips and transposes) or 'spatial-temporal'
            (also the reversed frame order, 16): restore each chunk with MMagic's
            self-ensemble, 8 (16) times the time
            (:class:`~s2svr_mm.apis.streaming.FrameRestorer`). Default: None (one run).
        notify (Callable[[str], None], optional): Receives one-line notes for the user (audio
            re-encoded, audio not written to a folder, ...). Default: None (dropped).

    Returns:
        RestoreSummary: What was written.

    Raises:
        RestoreError: Bad options, model files, or a failure while restoring (e.g. out of
            memory).
        VideoIOError: Bad input or output path, or unreadable frames.
    """
    if task not in TASKS:
        raise RestoreError(f"unknown task '{task}' (choose from {', '.join(TASKS)})", 2)
    check_encoding(pix_fmt, crf, lossless)
    tile_overlap = DEFAULT_TILE_OVERLAP if tile_overlap is None else tile_overlap
    try:
        if tile:
            check_tiling(tile, tile_overlap)
        elif tile_overlap < 0:
            raise ValueError(f'the tile overlap must be >= 0, got {tile_overlap}')
    except ValueError as err:
        raise RestoreError(f'--tile/--tile-overlap: {err}', 2) from None
    try:
        check_ensemble(ensemble)
    except ValueError as err:
        raise RestoreError(f'--ensemble: {err}', 2) from None
    notify = notify or (lambda message: None)
    torch_device = resolve_device(device, fp16)
    config, checkpoint = resolve_model(task, config, checkpoint)
    chunk_size, overlap = chunking_from_config(load_config(config), chunk_size, overlap)
    spec = check_output(output_path, overwrite, input_path)
    with open_frames(input_path, fps, audio) as reader:
        if min(reader.height, reader.width) < MIN_INPUT_SIZE:
            raise RestoreError(
                f"frames of '{input_path}' are {reader.width}x{reader.height}; the model needs "
                f'at least {MIN_INPUT_SIZE}x{MIN_INPUT_SIZE} pixels')
        if reader.audio_streams and spec.is_folder:
            notify(f"the output is a frame folder, which holds no audio: the audio of "
                   f"'{input_path}' is not written")
        elif reader.audio_streams and fps:
            notify('--fps retimes the video but not its audio: they drift apart unless the '
                   'rates agree (--no-audio drops the audio)')
        generator, _ = load_generator(config, checkpoint, torch_device, task, flow_downsample)
        scale = generator_scale(generator) or 1
        out_size = (reader.height * scale, reader.width * scale)
        restorer = FrameRestorer(generator, torch_device, fp16, bf16=bf16, tile=tile,
                                 tile_overlap=tile_overlap, ensemble=ensemble)
        lo, _, _, hi = chunk_windows(reader.num_frames or chunk_size + 1, chunk_size, overlap)[0]
        tile_shape = restorer.tile_shape(hi - lo, reader.height, reader.width)
        bar, times = None, collections.deque()
        try:
            with SequenceOutput(spec, reader, out_size, pix_fmt or DEFAULT_PIX_FMT, crf,
                                lossless, overwrite) as output:
                for note in output.notes:
                    notify(note)  # before the progress bar takes the line
                bar = tqdm(total=reader.num_frames, unit='frame', desc=osp.basename(spec.path),
                           disable=not progress, file=sys.stderr, dynamic_ncols=True)
                for frame in stream_chunks(_timed_frames(reader, times), restorer, chunk_size,
                                           overlap):
                    output.write(frame, times.popleft())
                    bar.update()
                bar.total = bar.n  # an estimate of the count can be off (variable rates)
                bar.refresh()
        except (torch.cuda.OutOfMemoryError, MemoryError) as err:
            raise RestoreError(f'out of memory with chunks of {chunk_size} frames and tiles of '
                               f'{tile_shape[1]}x{tile_shape[0]} pixels; try a smaller '
                               f'--chunk-size or --tile ({first_line(err)})') from None
        finally:
            if bar is not None:
                bar.close()
    return RestoreSummary(spec.path, output.count, reader.fps, (reader.height, reader.width),
                          out_size, chunk_size, overlap, tile_shape,
                          0 if spec.is_folder else len(reader.audio_streams))

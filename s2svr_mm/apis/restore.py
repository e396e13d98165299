"""Restore a video file or frame folder into a video file or frame folder, streaming.

decode (PyAV / cv2) -> :func:`~s2svr_mm.apis.streaming.stream_chunks` (overlapping windows
through the generator) -> encode, frame by frame: memory holds at most ``chunk_size + 1``
input frames and one window's outputs, whatever the video's length. The output is written
under a temporary name and renamed when complete (:class:`~s2svr_mm.utils.video_io.AtomicOutput`).
"""
import os.path as osp
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional, Tuple

import torch
from tqdm import tqdm

from ..utils.video_io import AtomicOutput, check_output, open_frames, open_writer
from .models import (MIN_INPUT_SIZE, RestoreError, TASKS, first_line, generator_scale,
                     load_generator, resolve_device, resolve_model)
from .streaming import FrameRestorer, check_chunking, stream_chunks

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
        fps (Fraction): Frame rate of the output.
        input_size (tuple[int, int]): (h, w) of the input frames.
        output_size (tuple[int, int]): (h, w) of the output frames.
        chunk_size (int): Frames per window used.
        overlap (int): Context frames per side used.
    """
    output: str
    num_frames: int
    fps: Fraction
    input_size: Tuple[int, int]
    output_size: Tuple[int, int]
    chunk_size: int
    overlap: int


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


def restore_video(input_path: str, output_path: str, task: str, config: Optional[str] = None,
                  checkpoint: Optional[str] = None, chunk_size: Optional[int] = None,
                  overlap: Optional[int] = None, device: str = 'auto', fp16: bool = False,
                  overwrite: bool = False, lossless: bool = False,
                  fps: Optional[Fraction] = None, progress: bool = False) -> RestoreSummary:
    """Restore a video, streaming: decode -> overlapping windows -> encode.

    Cheap checks run before the model is loaded, in this order: task and device, model files
    (:func:`~s2svr_mm.apis.models.resolve_model`), output path
    (:func:`~s2svr_mm.utils.video_io.check_output`), input (opened, first frame decoded, at
    least :data:`~s2svr_mm.apis.models.MIN_INPUT_SIZE` pixels per side).

    Args:
        input_path (str): Video file or folder of frames (see
            :func:`~s2svr_mm.utils.video_io.open_frames`).
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
        fps (Fraction, optional): Output frame rate. Default: the input video's; 25 for a
            frame folder.
        progress (bool): Show a tqdm progress bar on stderr. Default: False.

    Returns:
        RestoreSummary: What was written.

    Raises:
        RestoreError: Bad options, model files, or a failure while restoring (e.g. out of
            memory).
        VideoIOError: Bad input or output path, or unreadable frames.
    """
    if task not in TASKS:
        raise RestoreError(f"unknown task '{task}' (choose from {', '.join(TASKS)})", 2)
    if chunk_size is not None and overlap is not None:
        try:
            check_chunking(chunk_size, overlap)
        except ValueError as err:
            raise RestoreError(str(err), 2) from None
    torch_device = resolve_device(device, fp16)
    config, checkpoint = resolve_model(task, config, checkpoint)
    spec = check_output(output_path, overwrite, input_path)
    with open_frames(input_path, fps) as reader:
        if min(reader.height, reader.width) < MIN_INPUT_SIZE:
            raise RestoreError(
                f"frames of '{input_path}' are {reader.width}x{reader.height}; the model needs "
                f'at least {MIN_INPUT_SIZE}x{MIN_INPUT_SIZE} pixels')
        generator, cfg = load_generator(config, checkpoint, torch_device, task)
        chunk_size, overlap = chunking_from_config(cfg, chunk_size, overlap)
        scale = generator_scale(generator) or 1
        out_size = (reader.height * scale, reader.width * scale)
        restorer = FrameRestorer(generator, torch_device, fp16)
        bar = tqdm(total=reader.num_frames, unit='frame', desc=osp.basename(spec.path),
                   disable=not progress, file=sys.stderr, dynamic_ncols=True)
        try:
            with AtomicOutput(spec, overwrite) as tmp:
                writer = open_writer(tmp, spec, reader.fps, out_size, lossless)
                try:
                    for frame in stream_chunks(reader, restorer, chunk_size, overlap):
                        writer.write(frame)
                        bar.update()
                    writer.close()
                except BaseException:
                    writer.abort()
                    raise
        except (torch.cuda.OutOfMemoryError, MemoryError) as err:
            raise RestoreError(f'out of memory with chunks of {chunk_size} frames; try a '
                               f'smaller --chunk-size ({first_line(err)})') from None
        finally:
            bar.close()
    return RestoreSummary(spec.path, writer.count, reader.fps, (reader.height, reader.width),
                          out_size, chunk_size, overlap)

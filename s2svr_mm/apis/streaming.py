"""Streaming chunked restoration: frames in, restored frames out, bounded memory.

:func:`stream_chunks` cuts an incoming frame sequence exactly as
:meth:`S2SVRNet.forward_chunked <s2svr_mm.models.backbones.S2SVRNet.forward_chunked>` does,
but without knowing its length in advance, so a video is decoded, restored and encoded as it
goes. :class:`FrameRestorer` runs a generator on one window of ``uint8`` frames.
"""
import contextlib
from typing import Callable, Iterable, Iterator, List, Optional, Sequence, TypeVar

import numpy as np
import torch

from ..models.backbones.chunking import check_chunking, chunk_windows  # noqa: F401

FrameIn = TypeVar('FrameIn')
FrameOut = TypeVar('FrameOut')


def stream_chunks(frames: Iterable[FrameIn],
                  restore_fn: Callable[[List[FrameIn]], Sequence[FrameOut]],
                  chunk_size: int, overlap: int) -> Iterator[FrameOut]:
    """Restore a frame stream window by window; yield output frames in order as they come.

    Gives the windows of :func:`chunk_windows` (hence the frames of
    ``S2SVRNet.forward_chunked``) without knowing the length: a window is restored as soon as
    its last frame (or the end of the stream) has arrived, and frames that no later window
    needs are dropped. At most ``chunk_size + 1`` input frames are held (``chunk_size + 1``
    only at the start, to tell a sequence that fits in one window from a longer one).

    Args:
        frames (Iterable): Input frames, consumed lazily (any type ``restore_fn`` takes).
        restore_fn (Callable[[list], Sequence]): Restores a window: takes its frames (a list
            of 1 to ``chunk_size`` frames), returns as many output frames, in order.
        chunk_size (int): Frames per window, > 2 * overlap.
        overlap (int): Context frames on each side of a segment, >= 0.

    Yields:
        Output frames, one per input frame, in order.

    Raises:
        ValueError: If ``chunk_size <= 2 * overlap``, or ``restore_fn`` returns a wrong count.
    """
    check_chunking(chunk_size, overlap)
    source = iter(frames)
    buffer: List[FrameIn] = []  # input frames [buffer_start, buffer_start + len(buffer))
    for frame in source:
        buffer.append(frame)
        if len(buffer) > chunk_size:
            break
    if len(buffer) <= chunk_size:  # the whole sequence fits in one window: one shot
        if buffer:
            yield from _restore(restore_fn, buffer, 0, len(buffer))
        return
    core = chunk_size - 2 * overlap
    buffer_start, start, ended = 0, 0, False
    while True:
        stop = start + core
        while not ended and buffer_start + len(buffer) < stop + overlap:
            try:
                buffer.append(next(source))
            except StopIteration:
                ended = True
        available = buffer_start + len(buffer)
        if start >= available:  # ended exactly at a segment boundary
            return
        stop, hi = min(stop, available), min(stop + overlap, available)
        lo = max(0, start - overlap)
        yield from _restore(restore_fn, buffer[lo - buffer_start:hi - buffer_start],
                            start - lo, stop - lo)
        start = stop
        if ended and start >= available:
            return
        next_lo = max(0, start - overlap)
        del buffer[:next_lo - buffer_start]
        buffer_start = next_lo


def _restore(restore_fn, window, keep_from, keep_to):
    outputs = restore_fn(window)
    if len(outputs) != len(window):
        raise ValueError(f'restore_fn returned {len(outputs)} frames for {len(window)}')
    return outputs[keep_from:keep_to]


class FrameRestorer:
    """Run a video generator on a window of ``uint8`` RGB frames.

    Frames go to the device as ``uint8``, become (1, t, 3, h, w) floats in [0, 1], run through
    ``generator.forward_one_shot`` (``forward`` for generators without it) under
    ``torch.no_grad``, and come back clipped to [0, 1], scaled by 255 and rounded to ``uint8``
    (MMagic's ``tensor2img`` rounding).

    Args:
        generator (nn.Module): In eval mode, on ``device``; maps (n, t, 3, h, w) to
            (n, t, 3, s*h, s*w).
        device (str | torch.device): Where the generator is.
        fp16 (bool): Run under CUDA autocast (float16). Default: False.
        channels_last (bool, optional): Convert the generator's weights (in place) to
            ``torch.channels_last``, which ``S2SVRNet`` follows with its frames: about 15%
            faster on CPU, same outputs within 1e-6 (``tools/bench_speedups.py``). Default:
            None, which means True on CPU and False elsewhere (not measured there).
    """

    def __init__(self, generator: torch.nn.Module, device='cpu', fp16: bool = False,
                 channels_last: Optional[bool] = None):
        self.device = torch.device(device)
        if channels_last is None:
            channels_last = self.device.type == 'cpu'
        if channels_last:
            generator = generator.to(memory_format=torch.channels_last)
        self.generator = generator
        self.fp16 = fp16
        self.forward = getattr(generator, 'forward_one_shot', generator)

    @torch.no_grad()
    def __call__(self, frames: Sequence[np.ndarray]) -> List[np.ndarray]:
        """Restore a window.

        Args:
            frames (Sequence[np.ndarray]): t frames (h, w, 3) ``uint8`` RGB.

        Returns:
            list[np.ndarray]: t frames (s*h, s*w, 3) ``uint8`` RGB.
        """
        lqs = torch.from_numpy(np.stack(frames)).to(self.device)
        lqs = lqs.permute(0, 3, 1, 2).unsqueeze(0).float().div_(255)
        autocast = (torch.autocast('cuda', dtype=torch.float16) if self.fp16
                    else contextlib.nullcontext())
        with autocast:
            outputs = self.forward(lqs)
        outputs = outputs[0].float().clamp_(0, 1).mul_(255).round_().to(torch.uint8)
        return list(outputs.permute(0, 2, 3, 1).cpu().numpy())

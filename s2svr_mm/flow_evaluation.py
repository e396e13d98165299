"""Scores flow networks against ground truth (issue #15): end-point error, a known translation
of a real frame, and the photometric gain of warping real consecutive frames.

Conventions (``s2svr_mm.models.flow_utils``): a flow is ``(n, 2, h, w)`` in pixels, channel 0 =
x, channel 1 = y, **from img1 to img2**: pixel p of img1 is at p + F(p) in img2, so
``warp(img2, F)`` reconstructs img1. A *flow net* is any callable ``net(img1, img2) -> F`` on
``(n, 3, h, w)`` RGB tensors in [0, 1]: ``PWCLite``, :func:`zero_flow`, ``DISFlow``
(``s2svr_mm.models.backbones.dis_flow``).
Frames passed to this module are ``(h, w, 3)`` or ``(t, h, w, 3)`` ``uint8`` RGB arrays.
Used by ``tools/eval_flow.py``.
"""
from typing import Callable, Tuple

import numpy as np
import torch

from .models.flow_utils import neighbour_flows, resize_flow, warp

FlowNet = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def epe(flow, gt_flow, valid=None) -> float:
    """Mean end-point error ``||flow - gt_flow||_2`` in pixels over the valid pixels.

    Args:
        flow, gt_flow (np.ndarray | Tensor): (2, h, w) or (n, 2, h, w) flows in pixels, same
            shape and direction. Invalid pixels of ``gt_flow`` may hold inf/nan.
        valid (np.ndarray | Tensor, optional): (h, w) or (n, h, w) bool mask of the pixels to
            score. Default: None (every pixel).

    Returns:
        float: The mean over all valid pixels of all pairs (pixel-weighted).

    Raises:
        ValueError: If the shapes differ, the channel axis is not 2, no pixel is valid, or a
            valid pixel of either flow is not finite.
    """
    flow, gt_flow = (np.asarray(torch.as_tensor(f).detach().cpu(), dtype=np.float64)
                     for f in (flow, gt_flow))
    if flow.shape != gt_flow.shape or flow.ndim not in (3, 4) or flow.shape[-3] != 2:
        raise ValueError(f'flow {flow.shape} and GT {gt_flow.shape} must both be (n, 2, h, w)')
    flow, gt_flow = flow.reshape(-1, *flow.shape[-3:]), gt_flow.reshape(-1, *gt_flow.shape[-3:])
    mask = np.ones((flow.shape[0], *flow.shape[-2:]), bool)
    if valid is not None:
        valid = np.asarray(torch.as_tensor(valid).cpu(), dtype=bool)
        if valid.size != mask.size:
            raise ValueError(f'valid mask {valid.shape} does not match the flow {flow.shape}')
        mask = valid.reshape(mask.shape)
    if not mask.any():
        raise ValueError('no valid pixel to score')
    err = np.sqrt(((flow - gt_flow)**2).sum(1))[mask]
    if not np.isfinite(err).all():
        raise ValueError('a valid pixel holds a non-finite flow')
    return float(err.mean())


def to_tensor(frames: np.ndarray) -> torch.Tensor:
    """(h, w, 3) or (t, h, w, 3) ``uint8`` RGB -> (t, 3, h, w) float RGB in [0, 1]."""
    frames = np.asarray(frames)
    if frames.ndim == 3:
        frames = frames[None]
    if frames.ndim != 4 or frames.shape[-1] != 3:
        raise ValueError(f'frames must be (t, h, w, 3) RGB, got {frames.shape}')
    return torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2).float() / 255


@torch.no_grad()
def estimate_flows(flow_net: FlowNet, frames1: np.ndarray, frames2: np.ndarray,
                   batch: int = 8) -> torch.Tensor:
    """Flows frames1[k] -> frames2[k] of ``flow_net``, in batches, without gradients.

    Args:
        frames1, frames2 (np.ndarray): (t, h, w, 3) ``uint8`` RGB.

    Returns:
        Tensor: (t, 2, h, w) float flows in pixels.
    """
    if np.shape(frames1) != np.shape(frames2):
        raise ValueError(f'frame pairs differ in shape: {np.shape(frames1)} vs '
                         f'{np.shape(frames2)}')
    return torch.cat([
        flow_net(to_tensor(frames1[k:k + batch]), to_tensor(frames2[k:k + batch])).float()
        for k in range(0, len(frames1), batch)])


def zero_flow(img1: torch.Tensor, img2: torch.Tensor) -> torch.Tensor:
    """The zero field, a flow net that assumes no motion: (n, 2, h, w) zeros."""
    return img1.new_zeros(img1.shape[0], 2, *img1.shape[-2:])


class GeneratorFlow:
    """A PWC-Lite's flow from img1 to img2 as ``S2SVRNet`` estimates it
    (:func:`~s2svr_mm.models.flow_utils.neighbour_flows`): on the frames resized (bilinear) by
    ``upscale``, optionally forward-backward symmetrised
    (:func:`~s2svr_mm.models.flow_utils.symmetrize_flows`, ``S2SVRNet(symmetric_flow=True)``),
    and resized back to the input grid (:func:`~s2svr_mm.models.flow_utils.resize_flow`, values
    in pixels of the input).

    Args:
        net (PWCLite): Any net with ``forward_pyramid(img1, img2, bidirectional=True)``.
        symmetric (bool): Symmetrise the flows. Default: False.
        upscale (int): Estimate on frames ``upscale`` times larger, as
            ``S2SVRNet(flow_upscale=upscale)`` (a x4 LQ pair at the HQ size with 4). Default: 1.

    Raises:
        ValueError: If ``upscale`` is not an integer >= 1 (the values ``S2SVRNet`` accepts).
    """

    def __init__(self, net, symmetric: bool = False, upscale: int = 1):
        if int(upscale) != upscale or upscale < 1:
            raise ValueError(f'upscale must be an integer >= 1, got {upscale}')
        self.net, self.symmetric, self.upscale = net, symmetric, int(upscale)

    def __call__(self, img1: torch.Tensor, img2: torch.Tensor) -> torch.Tensor:
        h, w = img1.shape[-2:]
        size = None if self.upscale == 1 else (h * self.upscale, w * self.upscale)
        flows_12, _ = neighbour_flows(self.net, torch.stack([img1, img2], 1), size,
                                      self.symmetric)
        return resize_flow(flows_12, (h, w))


def translation_pair(frame: np.ndarray, shift: Tuple[int, int] = (3, -2),
                     size: Tuple[int, int] = None):
    """A window of a real frame and the same window moved by a known whole-pixel shift.

    img1 is a window of ``frame``; img2 is the window displaced by ``-shift``, so pixel p of
    img1 is at p + (dx, dy) in img2 and the true flow img1 -> img2 is (dx, dy) everywhere.
    Pixels within ``max(|dx|, |dy|) + 2`` of the border leave the frame and are not scored.

    Args:
        frame (np.ndarray): (H, W, 3) ``uint8`` RGB real frame.
        shift (tuple[int, int]): (dx, dy) in whole pixels. Default: (3, -2).
        size (tuple[int, int], optional): (h, w) of the window, centred in the frame. Default:
            None (the largest window: (H - |dy|, W - |dx|)).

    Returns:
        tuple: ``(img1, img2, border)``: two (h, w, 3) ``uint8`` windows and the border width
        in pixels.

    Raises:
        ValueError: If the shift is not whole pixels or the window and its shifted copy do not
            fit in the frame, or leave no interior.
    """
    dx, dy = shift
    if dx != int(dx) or dy != int(dy):
        raise ValueError(f'shift must be whole pixels, got {shift}')
    dx, dy = int(dx), int(dy)
    big_h, big_w = frame.shape[:2]
    h, w = size if size is not None else (big_h - abs(dy), big_w - abs(dx))
    # window top-left (y0, x0) so that both [y0, y0 + h) and [y0 - dy, y0 - dy + h) fit
    y0 = (big_h - h - abs(dy)) // 2 + max(dy, 0)
    x0 = (big_w - w - abs(dx)) // 2 + max(dx, 0)
    if h <= 0 or w <= 0 or h + abs(dy) > big_h or w + abs(dx) > big_w:
        raise ValueError(f'a {h}x{w} window shifted by {shift} does not fit in a '
                         f'{big_h}x{big_w} frame')
    border = max(abs(dx), abs(dy)) + 2
    if h <= 2 * border or w <= 2 * border:
        raise ValueError(f'a {h}x{w} window leaves no interior inside a {border} px border')
    return (frame[y0:y0 + h, x0:x0 + w], frame[y0 - dy:y0 - dy + h, x0 - dx:x0 - dx + w],
            border)


def translation_flow(flow_net: FlowNet, frame: np.ndarray, shift: Tuple[int, int] = (3, -2),
                     size: Tuple[int, int] = None) -> torch.Tensor:
    """The flow of ``flow_net`` on :func:`translation_pair`, inside its border.

    Args:
        flow_net (callable): A flow net (see the module docstring).
        frame, shift, size: As :func:`translation_pair` (same errors).

    Returns:
        Tensor: (2, h - 2b, w - 2b) flow in pixels (true value: ``shift`` everywhere).
    """
    img1, img2, border = translation_pair(frame, shift, size)
    flow = estimate_flows(flow_net, img1[None], img2[None])[0]
    return flow[:, border:-border, border:-border]


def translation_epe(flow_net: FlowNet, frame: np.ndarray, shift: Tuple[int, int] = (3, -2),
                    size: Tuple[int, int] = None) -> float:
    """EPE of ``flow_net`` on a real frame and a copy moved by a known whole-pixel shift
    (:func:`translation_pair`), away from the border.

    Args:
        flow_net (callable): A flow net (see the module docstring).
        frame, shift, size: As :func:`translation_pair` (same errors).

    Returns:
        float: Mean EPE in pixels over the interior.
    """
    return shift_epe(translation_flow(flow_net, frame, shift, size), shift)


def shift_epe(flow, shift: Tuple[float, float]) -> float:
    """EPE of a (2, h, w) flow against the constant flow ``shift`` = (dx, dy) px, every pixel."""
    flow = torch.as_tensor(flow)
    return epe(flow, torch.tensor([float(shift[0]), float(shift[1])]).view(2, 1, 1)
               .expand_as(flow))


def warp_gain(flow_net: FlowNet, frames: np.ndarray, batch: int = 8) -> float:
    """Photometric gain (dB) of warping real consecutive frames with ``flow_net``'s flow.

    For each i: frame_{i+1} warped with the flow frame_i -> frame_{i+1} (MMagic's
    ``flow_warp``, bilinear, border padding) is scored against frame_i with MMagic's PSNR on
    BT.601 Y (``convert_to='Y'``, no border crop); the same with the zero flow is subtracted.
    Both go through the same warp, so the zero flow's gain is exactly 0.

    Args:
        flow_net (callable): A flow net (see the module docstring).
        frames (np.ndarray): (t, h, w, 3) ``uint8`` RGB consecutive frames, t >= 2.

    Returns:
        float: mean_i PSNR_Y(warp(f_{i+1}, F_i), f_i) - mean_i PSNR_Y(f_{i+1}, f_i); > 0 when
        the flow helps.

    Raises:
        ValueError: If fewer than two frames are given.
    """
    if len(frames) < 2:
        raise ValueError(f'warp_gain needs at least 2 frames, got {len(frames)}')
    flows = estimate_flows(flow_net, frames[:-1], frames[1:], batch)
    gains = []
    for flow in (flows, torch.zeros_like(flows)):
        gains.append(np.mean([_warp_psnr_y(frames[i + 1], flow[i], frames[i])
                              for i in range(len(flows))]))
    return float(gains[0] - gains[1])


def _warp_psnr_y(frame2: np.ndarray, flow: torch.Tensor, frame1: np.ndarray) -> float:
    """Y-PSNR (dB) of ``warp(frame2, flow)`` against frame1, float (not rounded)."""
    from mmagic.evaluation.metrics.psnr import psnr
    warped = warp(to_tensor(frame2), flow[None], padding_mode='border')
    warped = (warped[0].permute(1, 2, 0).clamp(0, 1) * 255).double().numpy()
    return psnr(warped, frame1.astype(np.float64), input_order='HWC', convert_to='Y')


def cost_volume_accuracy(flow_net, img1: torch.Tensor, img2: torch.Tensor,
                         shift: Tuple[int, int], level: int) -> float:
    """Share of pixels where ``flow_net``'s cost volume at pyramid ``level`` peaks at the true
    displacement of a whole-image shift: what the flow estimator of a PWC-Lite has to read.

    Args:
        flow_net (PWCLite): The network (its own ``cost_volume``, so its
            ``normalize_features`` setting, is used).
        img1 (Tensor): (1, 3, h, w) RGB in [0, 1].
        img2 (Tensor): (1, 3, h, w), img1 moved by ``shift``: ``img2(p + shift) = img1(p)``.
        shift (tuple[int, int]): (dx, dy) in pixels of the images; multiples of
            ``2 ** (level + 1)``.
        level (int): Pyramid level, 0 = 1/2 resolution.

    Returns:
        float: In [0, 1], over the pixels at least ``search_range`` from the border.

    Raises:
        ValueError: if the shift is not a whole number of pixels at that level, or beyond the
            search range there.
    """
    stride, d = 2**(level + 1), flow_net.search_range
    if any(s % stride for s in shift) or any(abs(s) // stride > d for s in shift):
        raise ValueError(f'shift {shift} is not a whole displacement within +-{d} px at level '
                         f'{level} (stride {stride})')
    f1, f2 = flow_net.extract_features(img1)[level], flow_net.extract_features(img2)[level]
    peak = flow_net.cost_volume(f1, f2)[0, :, d:-d, d:-d].argmax(dim=0)
    dx, dy = (s // stride for s in shift)
    return (peak == (dy + d) * (2 * d + 1) + (dx + d)).float().mean().item()

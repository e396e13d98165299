"""Occlusion masks of the photometric loss: which pixels of image 1 are visible in image 2.

S2SVR's distillation flow (Lin et al., ICML 2022, Section 3.3, Eq. 11) masks occluded pixels
out of the photometric loss as ARFlow (Liu et al., "Learning by Analogy: Reliable Supervision
from Transformations for Unsupervised Optical Flow Estimation", CVPR 2020),
``utils/warp_utils.py``: from the backward flow's range map (``"occ_from_back": true``) or by
forward-backward consistency.

Flows are (n, 2, h, w) in pixels; ``flow_12`` is the flow from image 1 to image 2: pixel p of
image 1 is at p + flow_12(p) in image 2, so ``warp(img2, flow_12)`` reconstructs image 1.
"""
import torch

from ..flow_utils import warp

OCCLUSION_MODES = ('backward', 'bidirectional', None)


def occlusion_mask(flow_12, flow_21, alpha1=0.01, alpha2=0.5):
    """Visibility of image 1's pixels by forward-backward consistency (Meister et al., AAAI
    2018; ARFlow ``utils/warp_utils.py``, ``get_occu_mask_bidirection``, used when
    ``"occ_from_back": false``).

    A pixel p is occluded when ``|F12 + F21w|^2 > alpha1 * (|F12|^2 + |F21w|^2) + alpha2`` with
    ``F21w = warp(F21, F12)`` (the backward flow sampled where p lands in image 2, zero outside
    the frame, as ARFlow: a pixel that moves out of view is occluded).

    Args:
        flow_12 (Tensor): (n, 2, h, w) flow from image 1 to image 2, pixels.
        flow_21 (Tensor): (n, 2, h, w) flow from image 2 to image 1, pixels.
        alpha1 (float): Relative tolerance. Default: 0.01.
        alpha2 (float): Absolute tolerance, pixels^2. Default: 0.5.

    Returns:
        Tensor: (n, 1, h, w) float mask, 1 = visible (non-occluded), 0 = occluded. No gradient.
    """
    with torch.no_grad():
        flow_21_warped = warp(flow_21, flow_12, padding_mode='zeros')
        mismatch = (flow_12 + flow_21_warped).square().sum(1, keepdim=True)
        magnitude = flow_12.square().sum(1, keepdim=True) + flow_21_warped.square().sum(
            1, keepdim=True)
        return (mismatch <= alpha1 * magnitude + alpha2).float()


def range_map(flow_21):
    """How much of image 2 lands on each pixel of image 1 (Wang et al., CVPR 2018).

    Every pixel q of image 2 is sent to ``q + flow_21(q)`` in image 1 and splatted bilinearly
    onto its four neighbours (targets outside image 1 are dropped).

    Args:
        flow_21 (Tensor): (n, 2, h, w) flow from image 2 to image 1, pixels.

    Returns:
        Tensor: (n, 1, h, w) splatted weight per pixel of image 1 (1 for a one-to-one map).
    """
    n, _, h, w = flow_21.shape
    ys, xs = torch.meshgrid(torch.arange(h, dtype=flow_21.dtype, device=flow_21.device),
                            torch.arange(w, dtype=flow_21.dtype, device=flow_21.device),
                            indexing='ij')
    x = (xs + flow_21[:, 0]).flatten(1)  # (n, h*w) targets in image 1
    y = (ys + flow_21[:, 1]).flatten(1)
    x0, y0 = x.floor(), y.floor()
    splat = flow_21.new_zeros(n, h * w)
    for dx in (0, 1):
        for dy in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            weight = (1 - (x - xi).abs()) * (1 - (y - yi).abs())
            inside = (xi >= 0) & (xi <= w - 1) & (yi >= 0) & (yi <= h - 1)
            index = (yi.clamp(0, h - 1) * w + xi.clamp(0, w - 1)).long()
            splat.scatter_add_(1, index, weight * inside)
    return splat.view(n, 1, h, w)


def occlusion_mask_backward(flow_21, threshold=0.2):
    """Visibility of image 1's pixels from the backward flow's range map (ARFlow
    ``utils/warp_utils.py``, ``get_occu_mask_backward``, th 0.2; ``configs/sintel_raw.json``:
    ``"occ_from_back": true``): a pixel of image 1 that less than ``threshold`` of image 2
    lands on is occluded (or out of view) in image 2.

    Args:
        flow_21 (Tensor): (n, 2, h, w) flow from image 2 to image 1, pixels.
        threshold (float): Minimum splatted weight of a visible pixel. Default: 0.2.

    Returns:
        Tensor: (n, 1, h, w) float mask, 1 = visible, 0 = occluded. No gradient.
    """
    with torch.no_grad():
        return (range_map(flow_21).clamp(0, 1) >= threshold).float()


def visibility_mask(flow_12, flow_21, mode='backward', threshold=0.2, alpha1=0.01, alpha2=0.5):
    """Visibility of image 1's pixels (1 = visible) by :func:`occlusion_mask_backward`
    (``mode='backward'``, ARFlow's ``occ_from_back``) or :func:`occlusion_mask`
    (``'bidirectional'``); ``None`` gives all ones."""
    if mode == 'backward':
        return occlusion_mask_backward(flow_21, threshold)
    if mode == 'bidirectional':
        return occlusion_mask(flow_12, flow_21, alpha1, alpha2)
    if mode is None:
        return flow_12.new_ones(flow_12.shape[0], 1, *flow_12.shape[-2:])
    raise ValueError(f'occlusion must be one of {OCCLUSION_MODES}, got {mode!r}')

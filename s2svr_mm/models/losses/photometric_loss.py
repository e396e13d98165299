"""Photometric loss of the distillation flow (paper Eq. 11): L1, SSIM and census distances.

S2SVR (Lin et al., ICML 2022, Section 3.3) takes the loss and its scales from ARFlow (Liu et
al., "Learning by Analogy: Reliable Supervision from Transformations for Unsupervised Optical
Flow Estimation", CVPR 2020), ``configs/sintel_raw.json`` (its unsupervised training on raw
Sintel video) and ``losses/flow_loss.py`` / ``losses/loss_blocks.py``. The paper's
omega_ph = 0.15 is that config's ``"w_l1": 0.15``, the L1 weight inside the L1 + SSIM mix.

Element-wise distances first, then the thin registered class with ``loss_weight``.
Flows are (n, 2, h, w) in pixels; ``flow_12`` is the flow from image 1 to image 2: pixel p of
image 1 is at p + flow_12(p) in image 2, so ``warp(img2, flow_12)`` reconstructs image 1.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmagic.registry import MODELS

from ..flow_utils import warp
from .occlusion import OCCLUSION_MODES, visibility_mask
from .pyramid import _as_list, _resize_image


def l1_distance(img1, img2):
    """Per-pixel mean absolute difference over channels: (n, c, h, w) x2 -> (n, 1, h, w)."""
    return (img1 - img2).abs().mean(1, keepdim=True)


def ssim_distance(img1, img2, c1=0.01**2, c2=0.03**2):
    """Per-pixel SSIM distance ``(1 - SSIM) / 2`` clipped to [0, 1] over 3x3 windows without
    padding (ARFlow ``losses/loss_blocks.py``, ``SSIM`` with md=1).

    Args:
        img1, img2 (Tensor): (n, c, h, w) images in [0, 1].
        c1, c2 (float): SSIM stabilisers. Default: 0.01^2 and 0.03^2.

    Returns:
        Tensor: (n, 1, h - 2, w - 2) channel means, 0 for identical windows. Images with a
        side under 3 pixels (the coarse levels of a small crop) are first padded by one pixel
        (replicate), giving (n, 1, h, w).
    """
    if min(img1.shape[-2:]) < 3:
        img1, img2 = (F.pad(x, [1, 1, 1, 1], mode='replicate') for x in (img1, img2))
    pool = lambda x: F.avg_pool2d(x, 3, 1, 0)  # noqa: E731
    mu1, mu2 = pool(img1), pool(img2)
    var1 = pool(img1 * img1) - mu1.square()
    var2 = pool(img2 * img2) - mu2.square()
    cov = pool(img1 * img2) - mu1 * mu2
    ssim = ((2 * mu1 * mu2 + c1) * (2 * cov + c2)) / (
        (mu1.square() + mu2.square() + c1) * (var1 + var2 + c2))
    return ((1 - ssim) / 2).clamp(0, 1).mean(1, keepdim=True)


def census_distance(img1, img2, max_distance=1, eps=0.81):
    """Per-pixel soft census (ternary) distance as ARFlow's ``TernaryLoss``
    (``losses/loss_blocks.py``, after UnFlow, Meister et al., AAAI 2018); the loss of
    ``configs/sintel_raw.json``'s ``"stage1"`` (``"w_ternary": 1.0``).

    Each pixel is described by ``d / sqrt(eps + d^2)`` of the grey-level differences d (0-255,
    grey = 0.2989 R + 0.5870 G + 0.1140 B) to its ``(2 max_distance + 1)^2`` neighbours (zero
    outside the image); descriptors are compared with ``(a - b)^2 / (0.1 + (a - b)^2)``
    averaged over the window; a border of ``max_distance`` pixels is set to 0.

    Args:
        img1, img2 (Tensor): (n, 3, h, w) RGB in [0, 1].
        max_distance (int): Window radius. Default: 1 (ARFlow's 3x3).
        eps (float): Softness of the census transform. Default: 0.81.

    Returns:
        Tensor: (n, 1, h, w); 0 where the two images agree up to brightness offsets.
    """
    size = 2 * max_distance + 1
    grey_weights = img1.new_tensor([0.2989, 0.5870, 0.1140]).view(1, 3, 1, 1)

    def transform(img):
        grey = (img * grey_weights).sum(1, keepdim=True) * 255
        neighbours = F.unfold(grey, size, padding=max_distance).view(
            img.shape[0], size * size, *img.shape[-2:])
        diff = neighbours - grey
        return diff / torch.sqrt(eps + diff.square())

    delta = (transform(img1) - transform(img2)).square()
    distance = (delta / (0.1 + delta)).mean(1, keepdim=True)
    valid = torch.zeros_like(distance)
    valid[..., max_distance:distance.shape[-2] - max_distance,
          max_distance:distance.shape[-1] - max_distance] = 1
    return distance * valid


DISTANCES = dict(l1=l1_distance, ssim=ssim_distance, census=census_distance)


def photometric_error(img1, img1_warped, weights, mask=None, census_max_distance=1):
    """Masked mix of photometric distances ρ (Eq. 11) normalised as ARFlow
    (``losses/flow_loss.py``, ``loss_photomatric``): ``sum_k w_k mean(D_k) / mean(mask)``, where
    L1 is masked after the distance (``|I1 - I1w| * O``) and SSIM and census are computed on the
    masked images (``D(I1w * O, I1 * O)``); the means run over the batch and all pixels.

    Args:
        img1 (Tensor): (n, 3, h, w) reference image in [0, 1].
        img1_warped (Tensor): (n, 3, h, w) image 2 warped to image 1.
        weights (dict[str, float]): e.g. ``dict(l1=0.15, ssim=0.85)`` (ARFlow
            ``"w_l1": 0.15, "w_ssim": 0.85``) or ``dict(census=1.0)``; keys among 'l1', 'ssim',
            'census'.
        mask (Tensor, optional): (n, 1, h, w) visibility, 1 = visible. Default: all visible.
        census_max_distance (int): Window radius of the census distance. Default: 1.

    Returns:
        Tensor: scalar.
    """
    if mask is None:
        mask = img1.new_ones(img1.shape[0], 1, *img1.shape[-2:])
    total = 0.
    for name, weight in weights.items():
        if not weight:
            continue
        if name == 'l1':
            distance = l1_distance(img1, img1_warped) * mask
        elif name == 'census':
            distance = census_distance(img1_warped * mask, img1 * mask, census_max_distance)
        else:
            distance = DISTANCES[name](img1_warped * mask, img1 * mask)
        total = total + weight * distance.mean()
    return total / mask.mean().clamp(min=1e-6)


@MODELS.register_module()
class PhotometricLoss(nn.Module):
    """Occlusion-masked, multi-scale photometric loss (paper Eq. 11) as ARFlow's
    ``unFlowLoss`` (``losses/flow_loss.py``) with ``configs/sintel_raw.json``'s values.

    ``loss_weight * sum_s w_s * photometric_error(I1_s, warp(I2_s, F12_s), O_s)`` over the flow
    pyramid (:func:`photometric_error`: ``sum_k w_k mean(D_k) / mean(O)``); images
    area-downsampled to each level; I2 warped with border padding; O the visibility of image 1
    at the finest level (from the backward flow's range map by default), nearest-downsampled to
    the coarser ones.

    Deviation from the paper's equations, following ARFlow's code: omega_ph = 0.15 is the L1
    weight *inside* rho (``"w_l1": 0.15, "w_ssim": 0.85``), not a factor on the whole term, so
    ``loss_weight`` is 1. (This project's first version multiplied the mix by 0.15 once more:
    with smoothness at full weight, the flow collapsed to a constant, issue 15.)

    Args:
        loss_weight (float): Factor on the whole term. Default: 1.0.
        distance_weights (dict): Mix of ρ, keys 'l1', 'ssim', 'census'. Default:
            ``dict(l1=0.15, ssim=0.85)`` (``"w_l1": 0.15, "w_ssim": 0.85, "w_ternary": 0.0``).
            Note: despite its name, ARFlow's ``"stage1"`` block (census, ``"occ_from_back":
            false``) is applied by its trainer *from* epoch 50 (``trainer/sintel_trainer.py``:
            ``if self.i_epoch == self.cfg.stage1.epoch: ...update(self.cfg.stage1.loss)``),
            i.e. after 50k iterations of this L1 + SSIM loss; ``dict(census=1.0)`` with
            ``occlusion='bidirectional'`` is that later loss.
        scale_weights (Sequence[float]): Weight of each pyramid level, finest first. Default:
            (1, 1, 1, 1, 0) (``"w_scales": [1.0, 1.0, 1.0, 1.0, 0.0]``).
        occlusion (str | None): 'backward' (range map of the backward flow,
            ``"occ_from_back": true``), 'bidirectional' (forward-backward consistency, ARFlow's
            ``"occ_from_back": false``) or None (no mask). Used when backward flows are given.
            Default: 'backward'.
        occlusion_threshold (float): Range-map threshold of 'backward' (``th=0.2``).
            Default: 0.2.
        alpha1, alpha2 (float): Thresholds of 'bidirectional', see :func:`occlusion_mask`.
        padding_mode (str): Padding of the warp (``"warp_pad": "border"``). Default: 'border'.
        census_max_distance (int): Window radius of the census distance. Default: 1.
    """

    def __init__(self, loss_weight=1.0, distance_weights=None, scale_weights=(1., 1., 1., 1., 0.),
                 occlusion='backward', occlusion_threshold=0.2, alpha1=0.01, alpha2=0.5,
                 padding_mode='border', census_max_distance=1):
        super().__init__()
        distance_weights = dict(l1=0.15, ssim=0.85) if distance_weights is None else dict(
            distance_weights)
        unknown = set(distance_weights) - set(DISTANCES)
        if unknown:
            raise ValueError(f'unknown photometric distances {sorted(unknown)}; '
                             f'choose among {sorted(DISTANCES)}')
        if occlusion not in OCCLUSION_MODES:
            raise ValueError(f'occlusion must be one of {OCCLUSION_MODES}, got {occlusion!r}')
        self.loss_weight = loss_weight
        self.distance_weights = distance_weights
        self.scale_weights = tuple(scale_weights)
        self.occlusion = occlusion
        self.occlusion_threshold = occlusion_threshold
        self.alpha1, self.alpha2 = alpha1, alpha2
        self.padding_mode = padding_mode
        self.census_max_distance = census_max_distance

    def visibility(self, flow_12, flow_21):
        """(n, 1, h, w) visibility of image 1 (1 = visible) by this loss's occlusion mode."""
        return visibility_mask(flow_12, flow_21, self.occlusion, self.occlusion_threshold,
                               self.alpha1, self.alpha2)

    def forward(self, img1, img2, flows_12, flows_21=None, mask=None):
        """Loss of the flows from img1 to img2.

        Args:
            img1, img2 (Tensor): (n, 3, h, w) in [0, 1].
            flows_12 (Tensor | list[Tensor]): flow(s) from img1 to img2, finest first, each
                (n, 2, h_s, w_s) in pixels of its own level.
            flows_21 (Tensor | list[Tensor], optional): the backward flows, for the mask.
            mask (Tensor, optional): (n, 1, h, w) visibility to use instead (1 = visible).

        Returns:
            Tensor: scalar.
        """
        flows_12 = _as_list(flows_12)
        if mask is None and self.occlusion and flows_21 is not None:
            mask = self.visibility(flows_12[0], _as_list(flows_21)[0])
        total = 0.
        for flow, weight in zip(flows_12, self.scale_weights):
            if not weight:
                continue
            size = flow.shape[-2:]
            im1, im2 = _resize_image(img1, size), _resize_image(img2, size)
            level_mask = None if mask is None else F.interpolate(mask, size=tuple(size),
                                                                 mode='nearest')
            warped = warp(im2, flow, padding_mode=self.padding_mode)
            total = total + weight * photometric_error(im1, warped, self.distance_weights,
                                                       level_mask, self.census_max_distance)
        return self.loss_weight * total

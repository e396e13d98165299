"""Optical-flow losses of S2SVR's distillation flow (Lin et al., ICML 2022, Section 3.3,
Eq. 10-17) with the scales and conventions of the implementation the paper took them from:
ARFlow (Liu et al., "Learning by Analogy: Reliable Supervision from Transformations for
Unsupervised Optical Flow Estimation", CVPR 2020), ``configs/sintel_raw.json`` (its unsupervised
training on raw Sintel video) and ``losses/flow_loss.py`` / ``losses/loss_blocks.py``. The
paper's omega_ph = 0.15 and omega_sm = 50 are that config's ``"w_l1": 0.15`` and
``"w_smooth": 50.0``.

Plus a supervised multi-scale end-point-error loss (PWC-Net, Sun et al., CVPR 2018) for the
optional supervised warm start of ``FlowPretrainer`` on sequences with exact flow.

Element-wise functions first, then thin registered classes with ``loss_weight``. Flows are
(n, 2, h, w) in pixels; ``flow_12`` is the flow from image 1 to image 2: pixel p of image 1 is
at p + flow_12(p) in image 2, so ``warp(img2, flow_12)`` reconstructs image 1.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmagic.models.losses.loss_wrapper import mask_reduce_loss
from mmagic.registry import MODELS

from ..flow_utils import resize_flow, warp

_REDUCTIONS = ('none', 'mean', 'sum')
OCCLUSION_MODES = ('backward', 'bidirectional', None)


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f'reduction must be one of {_REDUCTIONS}, got {reduction!r}')


# ---------------------------------------------------------------- occlusion
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


# ---------------------------------------------------------------- photometric distances
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


# ---------------------------------------------------------------- smoothness
def _dx(x):
    return x[..., :, 1:] - x[..., :, :-1]


def _dy(x):
    return x[..., 1:, :] - x[..., :-1, :]


def smoothness(flow, img, order=1, alpha=10.0):
    """Edge-aware smoothness of a flow (Eq. 13), ARFlow's ``smooth_grad_1st`` /
    ``smooth_grad_2nd`` (``losses/loss_blocks.py``).

    With edge weights ``w = exp(-alpha * mean_c |dI|)`` along x and y,
    first order is ``mean(w_x |dF/dx|) / 4 + mean(w_y |dF/dy|) / 4`` (ARFlow halves each term
    twice) and second order ``mean(w_x |d2F/dx2|) / 2 + mean(w_y |d2F/dy2|) / 2``; the means
    run over the batch, both flow channels and all pixels.

    Args:
        flow (Tensor): (n, 2, h, w) flow (any unit: ARFlow passes flow / min(h, w)).
        img (Tensor): (n, 3, h, w) the image the flow starts from, in [0, 1].
        order (int): 1 (``"smooth_2nd"`` absent in ``sintel_raw.json``) or 2. Default: 1.
        alpha (float): Edge sensitivity (``"alpha": 10``). Default: 10.

    Returns:
        Tensor: scalar, 0 for a constant flow.

    Raises:
        ValueError: if ``order`` is not 1 or 2.
    """
    if order not in (1, 2):
        raise ValueError(f'order must be 1 or 2, got {order}')
    w_x = torch.exp(-alpha * _dx(img).abs().mean(1, keepdim=True))
    w_y = torch.exp(-alpha * _dy(img).abs().mean(1, keepdim=True))
    if order == 1:
        return (w_x * _dx(flow).abs()).mean() / 4 + (w_y * _dy(flow).abs()).mean() / 4
    return ((w_x[..., :, 1:] * _dx(_dx(flow)).abs()).mean() / 2 +
            (w_y[..., 1:, :] * _dy(_dy(flow)).abs()).mean() / 2)


def upsample_flow(flow, size):
    """F_u of Eq. 16: resize an LQ flow to the HQ size and scale its values by the size ratio
    (an LQ flow of 1 px is an HQ flow of s px at scale s). Identity when sizes match."""
    return resize_flow(flow, size)


def downsample_flow(flow, size):
    """Area-average a flow to ``size`` and scale its values to pixels of the new grid (used
    to bring a ground-truth flow to each level of a flow pyramid)."""
    h, w = flow.shape[-2:]
    if (h, w) == tuple(size):
        return flow
    out = F.interpolate(flow, size=tuple(size), mode='area')
    return out * out.new_tensor([size[1] / w, size[0] / h]).view(1, 2, 1, 1)


# ---------------------------------------------------------------- registered losses
def _as_list(flows):
    return list(flows) if isinstance(flows, (list, tuple)) else [flows]


def _resize_image(img, size):
    if img.shape[-2:] == tuple(size):
        return img
    return F.interpolate(img, size=tuple(size), mode='area')


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


@MODELS.register_module()
class SmoothnessLoss(nn.Module):
    """Edge-aware flow smoothness (paper Eq. 13) as ARFlow's ``unFlowLoss.loss_smooth`` with
    ``configs/sintel_raw.json``: ``"w_smooth": 50.0`` x the **first-order** smoothness
    (:func:`smoothness`, ``"alpha": 10``) of ``flow / min(h, w)`` (h, w of the finest level,
    ``s = min(h, w)`` in ``flow_loss.py``), at the finest level only
    (``"w_sm_scales": [1.0, 0.0, 0.0, 0.0, 0.0]``).

    Args:
        loss_weight (float): ω_sm. Default: 50.0.
        order (int): 1 or 2 (ARFlow's ``"smooth_2nd"``). Default: 1.
        alpha (float): Edge sensitivity α. Default: 10.
        scale_weights (Sequence[float]): Weight of each pyramid level, finest first.
            Default: (1, 0, 0, 0, 0).
        flow_divisor (float, optional): Divide the flows by this number; None divides by
            min(h, w) of the finest flow, as ARFlow. Default: None.
    """

    def __init__(self, loss_weight=50.0, order=1, alpha=10.0, scale_weights=(1., 0., 0., 0., 0.),
                 flow_divisor=None):
        super().__init__()
        if order not in (1, 2):
            raise ValueError(f'order must be 1 or 2, got {order}')
        self.loss_weight = loss_weight
        self.order, self.alpha = order, alpha
        self.scale_weights = tuple(scale_weights)
        self.flow_divisor = flow_divisor

    def forward(self, flows, img):
        """Loss.

        Args:
            flows (Tensor | list[Tensor]): flow(s) (n, 2, h_s, w_s) in pixels, finest first.
            img (Tensor): (n, 3, H, W) the image the flows start from, in [0, 1].

        Returns:
            Tensor: scalar.
        """
        flows = _as_list(flows)
        divisor = self.flow_divisor or min(flows[0].shape[-2:])
        total = 0.
        for flow, weight in zip(flows, self.scale_weights):
            if weight:
                total = total + weight * smoothness(
                    flow / divisor, _resize_image(img, flow.shape[-2:]), self.order, self.alpha)
        return self.loss_weight * total


@MODELS.register_module()
class FlowDistillationLoss(nn.Module):
    """Distillation of an HQ teacher flow into an LQ student flow (paper Eq. 16):
    ``|F^y - F_u(F^x)|`` with F_u = :func:`upsample_flow` (identity for same-size tasks).

    The teacher flow is a target: it is detached, so gradients reach only the student.

    Args:
        loss_weight (float): ω_dis (the paper's 0.1). Default: 0.1.
        reduction (str): 'mean' (over visible pixels when a mask is given), 'sum' or 'none'.
            Default: 'mean'.
    """

    def __init__(self, loss_weight=0.1, reduction='mean'):
        super().__init__()
        _check_reduction(reduction)
        self.loss_weight = loss_weight
        self.reduction = reduction

    def forward(self, student_flow, teacher_flow, mask=None):
        """Loss.

        Args:
            student_flow (Tensor): (n, 2, h, w) LQ flow F^x in LQ pixels.
            teacher_flow (Tensor): (n, 2, H, W) HQ flow F^y in HQ pixels.
            mask (Tensor, optional): (n, 1, H, W) teacher visibility (1 = visible).

        Returns:
            Tensor: scalar (or (n, 2, H, W) for 'none').
        """
        error = (teacher_flow.detach() - upsample_flow(student_flow, teacher_flow.shape[-2:])).abs()
        return self.loss_weight * mask_reduce_loss(error, mask, self.reduction)


@MODELS.register_module()
class FlowEPELoss(nn.Module):
    """Multi-scale end-point error against a ground-truth flow (PWC-Net, Sun et al., CVPR 2018,
    Sec. 3, "Training loss"), for the optional *supervised* warm start of ``FlowPretrainer``
    (not part of S2SVR or ARFlow, which train without labels).

    ``loss_weight * sum_l w_l * mean_p rho(s_l * (F_l(p) - G_l(p)))``: the ground truth G (in
    pixels of the full-size image) is area-downsampled to each level's size and its values
    scaled with it (:func:`downsample_flow`); the error is converted back to full-size pixels
    (``s_l`` = the level's stride along x and y) so every level measures the same pixels, as
    PWC-Net's flows, which all live in full-resolution units. rho is the end-point error ``|d|_2``
    (PWC-Net's training loss) or, with ``robust=True``, ``(|d|_1 + eps)^q`` (PWC-Net's
    fine-tuning loss, eps = 0.01, q = 0.4).

    Level weights: PWC-Net's (0.32, 0.08, 0.02, 0.01, 0.005) weigh sums over each level's
    pixels, i.e. per-pixel means x (1/4 per coarser level) x alpha; we weigh means, finest
    first, by (1, 0.5, 0.25, 0.125, 0.0625), which keeps the finest level dominant as there.

    Args:
        loss_weight (float): Factor on the whole loss. Default: 1.0.
        scale_weights (Sequence[float]): Weight of each pyramid level, finest first.
            Default: (1, 0.5, 0.25, 0.125, 0.0625).
        robust (bool): Use the robust penalty instead of the EPE. Default: False.
        eps (float): Robust offset. Default: 0.01.
        q (float): Robust exponent. Default: 0.4.
    """

    def __init__(self, loss_weight=1.0, scale_weights=(1., 0.5, 0.25, 0.125, 0.0625),
                 robust=False, eps=0.01, q=0.4):
        super().__init__()
        self.loss_weight = loss_weight
        self.scale_weights = tuple(scale_weights)
        self.robust, self.eps, self.q = robust, eps, q

    def penalty(self, diff):
        """(n, 2, h, w) flow difference -> (n, 1, h, w) penalty."""
        if self.robust:
            return (diff.abs().sum(1, keepdim=True) + self.eps)**self.q
        return diff.square().sum(1, keepdim=True).add(1e-12).sqrt()

    def forward(self, flows, gt_flow, valid=None):
        """Loss.

        Args:
            flows (Tensor | list[Tensor]): predicted flow(s) (n, 2, h_l, w_l) in pixels of
                their own level, finest first (``PWCLite.forward_pyramid``).
            gt_flow (Tensor): (n, 2, H, W) ground truth in pixels of the full-size image, same
                direction as ``flows``.
            valid (Tensor, optional): (n, 1, H, W) 1 where the ground truth is valid.

        Returns:
            Tensor: scalar.
        """
        total = 0.
        full_h, full_w = gt_flow.shape[-2:]
        for flow, weight in zip(_as_list(flows), self.scale_weights):
            if not weight:
                continue
            size = flow.shape[-2:]
            stride = flow.new_tensor([full_w / size[1], full_h / size[0]]).view(1, 2, 1, 1)
            error = self.penalty((flow - downsample_flow(gt_flow, size)) * stride)
            mask = None if valid is None else (F.interpolate(valid.float(), size=tuple(size),
                                                             mode='area') > 0.999).float()
            total = total + weight * mask_reduce_loss(error, mask, 'mean')
        return self.loss_weight * total

"""Unsupervised optical-flow losses of S2SVR's distillation flow (Lin et al., ICML 2022,
Section 3.3, Eq. 10-17), following ARFlow (Liu et al., CVPR 2020) for the photometric,
occlusion and smoothness terms.

Element-wise functions first, then thin registered classes with ``loss_weight`` and
``reduction`` (as MMagic's pixel-wise losses). Flows are (n, 2, h, w) in pixels; ``flow_12`` is
the flow from image 1 to image 2, so ``warp(img2, flow_12)`` reconstructs img1.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmagic.models.losses.loss_wrapper import mask_reduce_loss
from mmagic.registry import MODELS

from ..flow_utils import resize_flow, warp

_REDUCTIONS = ('none', 'mean', 'sum')


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f'reduction must be one of {_REDUCTIONS}, got {reduction!r}')


# ---------------------------------------------------------------- element-wise functions
def occlusion_mask(flow_12, flow_21, alpha1=0.01, alpha2=0.5):
    """Visibility of image 1's pixels by forward-backward consistency (Wang et al., CVPR 2018).

    A pixel p is occluded when ``|F12 + F21w|^2 > alpha1 * (|F12|^2 + |F21w|^2) + alpha2`` with
    ``F21w = warp(F21, F12)`` (the backward flow sampled where p lands in image 2).

    Args:
        flow_12 (Tensor): (n, 2, h, w) flow from image 1 to image 2, pixels.
        flow_21 (Tensor): (n, 2, h, w) flow from image 2 to image 1, pixels.
        alpha1 (float): Relative tolerance. Default: 0.01.
        alpha2 (float): Absolute tolerance, pixels^2. Default: 0.5.

    Returns:
        Tensor: (n, 1, h, w) float mask, 1 = visible (non-occluded), 0 = occluded. No gradient.
    """
    with torch.no_grad():
        flow_21_warped = warp(flow_21, flow_12, padding_mode='border')
        mismatch = (flow_12 + flow_21_warped).square().sum(1, keepdim=True)
        magnitude = flow_12.square().sum(1, keepdim=True) + flow_21_warped.square().sum(
            1, keepdim=True)
        return (mismatch <= alpha1 * magnitude + alpha2).float()


def l1_distance(img1, img2):
    """Per-pixel mean absolute difference over channels: (n, c, h, w) x2 -> (n, 1, h, w)."""
    return (img1 - img2).abs().mean(1, keepdim=True)


def ssim_distance(img1, img2, c1=0.01**2, c2=0.03**2):
    """Per-pixel SSIM distance ``(1 - SSIM) / 2`` clipped to [0, 1], 3x3 windows (ARFlow).

    Args:
        img1, img2 (Tensor): (n, c, h, w) images in [0, 1].
        c1, c2 (float): SSIM stabilisers. Default: 0.01^2 and 0.03^2.

    Returns:
        Tensor: (n, 1, h, w), 0 for identical windows.
    """
    pool = lambda x: F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)  # noqa: E731
    mu1, mu2 = pool(img1), pool(img2)
    var1 = pool(img1 * img1) - mu1.square()
    var2 = pool(img2 * img2) - mu2.square()
    cov = pool(img1 * img2) - mu1 * mu2
    ssim = ((2 * mu1 * mu2 + c1) * (2 * cov + c2)) / (
        (mu1.square() + mu2.square() + c1) * (var1 + var2 + c2))
    return ((1 - ssim) / 2).clamp(0, 1).mean(1, keepdim=True)


def census_distance(img1, img2, patch_size=7, eps=0.81):
    """Per-pixel soft census (ternary) distance (Zabih & Woodfill 1994; Meister et al. 2018;
    Yu et al. 2016 as used by ARFlow).

    Each pixel is described by ``d / sqrt(eps + d^2)`` of the grey-level differences d (0-255
    scale) to its ``patch_size^2`` neighbours; descriptors are compared with
    ``sum (a - b)^2 / (0.1 + (a - b)^2)``, averaged over the patch.

    Args:
        img1, img2 (Tensor): (n, 3, h, w) RGB in [0, 1].
        patch_size (int): Odd window side. Default: 7.
        eps (float): Softness of the census transform. Default: 0.81.

    Returns:
        Tensor: (n, 1, h, w); 0 where the two images agree up to brightness offsets.
    """
    def transform(img):
        gray = (img * img.new_tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(1, True) * 255
        neighbours = F.unfold(F.pad(gray, [patch_size // 2] * 4, mode='replicate'), patch_size)
        diff = neighbours.view(img.shape[0], -1, *img.shape[-2:]) - gray
        return diff / torch.sqrt(eps + diff.square())

    delta = (transform(img1) - transform(img2)).square()
    return (delta / (0.1 + delta)).mean(1, keepdim=True)


DISTANCES = dict(l1=l1_distance, ssim=ssim_distance, census=census_distance)


def photometric_error(img1, img1_warped, weights):
    """Weighted mix of photometric distances ρ (Eq. 11), per pixel.

    Args:
        img1 (Tensor): (n, 3, h, w) reference image in [0, 1].
        img1_warped (Tensor): (n, 3, h, w) image 2 warped to image 1.
        weights (dict[str, float]): e.g. ``dict(l1=0.15, ssim=0.85)`` (ARFlow) or
            ``dict(census=1.0)``; keys among 'l1', 'ssim', 'census'.

    Returns:
        Tensor: (n, 1, h, w).
    """
    return sum(w * DISTANCES[name](img1, img1_warped) for name, w in weights.items() if w)


def smoothness(flow, img, order=2, alpha=10.0):
    """Edge-aware smoothness of a flow (Eq. 13), per pixel.

    ``w = exp(-alpha * mean_c |∂I|)`` along x and y; first order penalises ``|∂F|``, second
    order ``|∂²F|`` (ARFlow's default), averaged over both flow channels and both directions.

    Args:
        flow (Tensor): (n, 2, h, w) flow in pixels.
        img (Tensor): (n, 3, h, w) the image the flow starts from, in [0, 1].
        order (int): 1 or 2. Default: 2.
        alpha (float): Edge sensitivity. Default: 10.

    Returns:
        Tensor: (n, 1, h - 2, w - 2) (order 2) or (n, 1, h - 1, w - 1) (order 1); 0 for a
        constant flow.

    Raises:
        ValueError: if ``order`` is not 1 or 2.
    """
    if order not in (1, 2):
        raise ValueError(f'order must be 1 or 2, got {order}')
    dx = lambda x: x[..., :, 1:] - x[..., :, :-1]  # noqa: E731
    dy = lambda x: x[..., 1:, :] - x[..., :-1, :]  # noqa: E731
    w_x = torch.exp(-alpha * dx(img).abs().mean(1, keepdim=True))
    w_y = torch.exp(-alpha * dy(img).abs().mean(1, keepdim=True))
    grad_x, grad_y = dx(flow), dy(flow)
    if order == 2:
        grad_x, grad_y = dx(grad_x), dy(grad_y)
        w_x, w_y = w_x[..., :, 1:], w_y[..., 1:, :]
    h, w = min(grad_x.shape[-2], grad_y.shape[-2]), min(grad_x.shape[-1], grad_y.shape[-1])
    term_x = (w_x * grad_x.abs())[..., :h, :w].mean(1, keepdim=True)
    term_y = (w_y * grad_y.abs())[..., :h, :w].mean(1, keepdim=True)
    return (term_x + term_y) / 2


def upsample_flow(flow, size):
    """F_u of Eq. 16: resize an LQ flow to the HQ size and scale its values by the size ratio
    (an LQ flow of 1 px is an HQ flow of s px at scale s). Identity when sizes match."""
    return resize_flow(flow, size)


# ---------------------------------------------------------------- registered losses
def _as_list(flows):
    return list(flows) if isinstance(flows, (list, tuple)) else [flows]


def _resize_image(img, size):
    if img.shape[-2:] == tuple(size):
        return img
    return F.interpolate(img, size=tuple(size), mode='area')


@MODELS.register_module()
class PhotometricLoss(nn.Module):
    """Occlusion-masked, multi-scale photometric loss (paper Eq. 11; ARFlow).

    ``sum_s w_s * sum_p ρ(I1(p), I2(p + F12(p))) O(p) / sum_p O(p)`` over the flow pyramid,
    with O the forward-backward occlusion mask of the finest level (downsampled, nearest, to
    the coarser ones) and the images area-downsampled to each level.

    Args:
        loss_weight (float): ω_ph. Default: 1.0.
        reduction (str): 'mean' (normalised by the visible-pixel count), 'sum' or 'none'.
            Default: 'mean'.
        distance_weights (dict): Mix of ρ: keys 'l1', 'ssim', 'census'.
            Default: ``dict(l1=0.15, ssim=0.85)`` (ARFlow).
        scale_weights (Sequence[float]): Weight of each pyramid level, finest first.
            Default: (1, 1, 1, 1, 0) (ARFlow).
        use_occlusion (bool): Mask occluded pixels when backward flows are given. Default: True.
        alpha1, alpha2 (float): Occlusion thresholds, see :func:`occlusion_mask`.
    """

    def __init__(self, loss_weight=1.0, reduction='mean', distance_weights=None,
                 scale_weights=(1., 1., 1., 1., 0.), use_occlusion=True, alpha1=0.01, alpha2=0.5):
        super().__init__()
        _check_reduction(reduction)
        distance_weights = distance_weights or dict(l1=0.15, ssim=0.85)
        unknown = set(distance_weights) - set(DISTANCES)
        if unknown:
            raise ValueError(f'unknown photometric distances {sorted(unknown)}; '
                             f'choose among {sorted(DISTANCES)}')
        self.loss_weight = loss_weight
        self.reduction = reduction
        self.distance_weights = dict(distance_weights)
        self.scale_weights = tuple(scale_weights)
        self.use_occlusion = use_occlusion
        self.alpha1, self.alpha2 = alpha1, alpha2

    def forward(self, img1, img2, flows_12, flows_21=None, mask=None):
        """Loss of the flows from img1 to img2.

        Args:
            img1, img2 (Tensor): (n, 3, h, w) in [0, 1].
            flows_12 (Tensor | list[Tensor]): flow(s) from img1 to img2, finest first, each
                (n, 2, h_s, w_s) in pixels of its own level.
            flows_21 (Tensor | list[Tensor], optional): the backward flows, for the mask.
            mask (Tensor, optional): (n, 1, h, w) visibility to use instead (1 = visible).

        Returns:
            Tensor: scalar (or per-pixel map of the finest level for 'none').
        """
        flows_12 = _as_list(flows_12)
        if mask is None and self.use_occlusion and flows_21 is not None:
            mask = occlusion_mask(flows_12[0], _as_list(flows_21)[0], self.alpha1, self.alpha2)
        total = 0.
        for level, (flow, weight) in enumerate(zip(flows_12, self.scale_weights)):
            if not weight and self.reduction != 'none':
                continue
            size = flow.shape[-2:]
            im1, im2 = _resize_image(img1, size), _resize_image(img2, size)
            error = photometric_error(im1, warp(im2, flow), self.distance_weights)
            level_mask = None if mask is None else F.interpolate(mask, size=tuple(size),
                                                                 mode='nearest')
            if self.reduction == 'none':
                return self.loss_weight * error * (1 if level_mask is None else level_mask)
            total = total + weight * mask_reduce_loss(error, level_mask, self.reduction)
        return self.loss_weight * total


@MODELS.register_module()
class SmoothnessLoss(nn.Module):
    """Edge-aware flow smoothness (paper Eq. 13), see :func:`smoothness`.

    Args:
        loss_weight (float): ω_sm. Default: 1.0.
        reduction (str): 'mean', 'sum' or 'none'. Default: 'mean'.
        order (int): 1 or 2. Default: 2.
        alpha (float): Edge sensitivity α. Default: 10.
        flow_divisor (float): The flow is divided by this before the penalty; ARFlow uses 20
            with ω_sm = 50. Default: 1.
    """

    def __init__(self, loss_weight=1.0, reduction='mean', order=2, alpha=10.0, flow_divisor=1.0):
        super().__init__()
        _check_reduction(reduction)
        if order not in (1, 2):
            raise ValueError(f'order must be 1 or 2, got {order}')
        self.loss_weight = loss_weight
        self.reduction = reduction
        self.order, self.alpha, self.flow_divisor = order, alpha, flow_divisor

    def forward(self, flow, img):
        """flow (n, 2, h, w) pixels (the finest of a pyramid if a list), img (n, 3, H, W)."""
        flow = _as_list(flow)[0]
        img = _resize_image(img, flow.shape[-2:])
        error = smoothness(flow / self.flow_divisor, img, self.order, self.alpha)
        return self.loss_weight * mask_reduce_loss(error, None, self.reduction)


@MODELS.register_module()
class FlowDistillationLoss(nn.Module):
    """Distillation of an HQ teacher flow into an LQ student flow (paper Eq. 16):
    ``|F^y - F_u(F^x)|`` with F_u = :func:`upsample_flow` (identity for same-size tasks).

    The teacher flow is a target: it is detached, so gradients reach only the student.

    Args:
        loss_weight (float): ω_dis. Default: 1.0.
        reduction (str): 'mean' (over visible pixels when a mask is given), 'sum' or 'none'.
            Default: 'mean'.
    """

    def __init__(self, loss_weight=1.0, reduction='mean'):
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

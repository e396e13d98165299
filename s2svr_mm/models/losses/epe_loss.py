"""Supervised multi-scale end-point-error loss (PWC-Net, Sun et al., CVPR 2018).

For the optional supervised warm start of ``FlowPretrainer`` on sequences with exact flow; not
part of S2SVR or ARFlow, which train without labels. Flows are (n, 2, h, w) in pixels.
"""
import torch.nn as nn
import torch.nn.functional as F
from mmagic.models.losses.loss_wrapper import mask_reduce_loss
from mmagic.registry import MODELS

from .pyramid import _as_list


def downsample_flow(flow, size):
    """Area-average a flow to ``size`` and scale its values to pixels of the new grid (used
    to bring a ground-truth flow to each level of a flow pyramid)."""
    h, w = flow.shape[-2:]
    if (h, w) == tuple(size):
        return flow
    out = F.interpolate(flow, size=tuple(size), mode='area')
    return out * out.new_tensor([size[1] / w, size[0] / h]).view(1, 2, 1, 1)


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

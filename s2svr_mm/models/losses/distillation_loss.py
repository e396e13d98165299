"""Distillation loss of S2SVR's flow (paper Eq. 16): the LQ student matches the HQ teacher.

Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for Video Restoration"
(ICML 2022), Section 3.3, Eq. 16-17: ``|F^y - F_u(F^x)|`` with the HQ teacher flow F^y as a
detached target and F_u the up-sampling of the LQ student flow F^x to the HQ size.
"""
import torch.nn as nn
from mmagic.models.losses.loss_wrapper import mask_reduce_loss
from mmagic.registry import MODELS

from ..flow_utils import resize_flow

_REDUCTIONS = ('none', 'mean', 'sum')


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f'reduction must be one of {_REDUCTIONS}, got {reduction!r}')


def upsample_flow(flow, size):
    """F_u of Eq. 16: resize an LQ flow to the HQ size and scale its values by the size ratio
    (an LQ flow of 1 px is an HQ flow of s px at scale s). Identity when sizes match."""
    return resize_flow(flow, size)


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

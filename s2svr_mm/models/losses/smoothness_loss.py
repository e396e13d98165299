"""Edge-aware smoothness loss of the distillation flow (paper Eq. 13), first or second order.

S2SVR (Lin et al., ICML 2022, Section 3.3) takes the loss and its scale from ARFlow (Liu et
al., "Learning by Analogy: Reliable Supervision from Transformations for Unsupervised Optical
Flow Estimation", CVPR 2020), ``configs/sintel_raw.json`` and ``losses/loss_blocks.py``: the
paper's omega_sm = 50 is that config's ``"w_smooth": 50.0`` on the first-order smoothness of
``flow / min(h, w)``.

Flows are (n, 2, h, w) in pixels; the image is the one the flow starts from.
"""
import torch
import torch.nn as nn
from mmagic.registry import MODELS

from .pyramid import _as_list, _resize_image


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


@MODELS.register_module()
class SmoothnessLoss(nn.Module):
    """Edge-aware flow smoothness (paper Eq. 13) as ARFlow's ``unFlowLoss.loss_smooth`` with
    ``configs/sintel_raw.json``: ``"w_smooth": 50.0`` x the **first-order** smoothness
    (:func:`smoothness`, ``"alpha": 10``) of ``flow / min(h, w)`` (h, w of the finest level,
    ``s = min(h, w)`` in ``flow_loss.py``), at the finest level only
    (``"w_sm_scales": [1.0, 0.0, 0.0, 0.0, 0.0]``).

    Deviation used by one shipped flow net: the blurred student
    ``pwclite-norm-flips-ms180-ft6-sm500_student_deblur.pth``
    (``configs/flow/pwclite-norm-ft6-flips_student-mssmooth500_1xb4-800_motion-seqs180-blur.py``)
    trains with ``loss_weight=500`` at four levels, ``scale_weights=(1, 1, 1, 1, 0)``: its real
    (3, -2) shift error fell from 0.543 to 0.490 px and its ``bikes`` warp gain from +1.34 to
    +1.04 dB (docs/flow.md, 2026-12-06, eleventh stop). The defaults stay ARFlow's.

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

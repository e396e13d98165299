"""Flow helpers shared by the networks and the flow losses.

Flows are ``(n, 2, h, w)`` tensors in pixels, channel 0 = x (horizontal), channel 1 = y. A flow
``F_12`` "from frame 1 to frame 2" maps pixel p of frame 1 to p + F_12(p) in frame 2, so
``warp(frame2, F_12)`` reconstructs frame 1 (backward warping, paper Eq. 8).
"""
import torch.nn.functional as F
from mmagic.models.utils import flow_warp


def warp(feat, flow, padding_mode='zeros', interpolation='bilinear'):
    """Backward-warp ``feat`` with ``flow`` using MMagic's ``flow_warp`` (paper Eq. 8).

    Args:
        feat (Tensor): (n, c, h, w) features/image of the frame the flow points *to* (frame 2).
        flow (Tensor): (n, 2, h, w) flow in pixels from the target frame (frame 1) to frame 2:
            ``output(p) = feat(p + flow(p))``.
        padding_mode (str): ``'zeros'`` or ``'border'`` for samples outside the frame.
        interpolation (str): ``'bilinear'`` (the paper, BasicVSR) or ``'nearest'`` (each
            sample is the nearest pixel: no resampling filter, an error of up to 0.5 px, and no
            gradient with respect to ``flow``).

    Returns:
        Tensor: (n, c, h, w) ``feat`` aligned to frame 1.
    """
    return flow_warp(feat, flow.permute(0, 2, 3, 1), interpolation=interpolation,
                     padding_mode=padding_mode)


def resize_flow(flow, size, mode='bilinear'):
    """Resize a flow field and rescale its values so they stay in pixels of the new grid.

    Args:
        flow (Tensor): (n, 2, h, w) flow in pixels of the (h, w) grid.
        size (tuple[int, int]): Target (h', w').
        mode (str): Interpolation mode of ``F.interpolate``. Default: 'bilinear'.

    Returns:
        Tensor: (n, 2, h', w') flow with x scaled by w'/w and y by h'/h.
    """
    h, w = flow.shape[-2:]
    if (h, w) == tuple(size):
        return flow
    out = F.interpolate(flow, size=tuple(size), mode=mode, align_corners=False)
    scale = out.new_tensor([size[1] / w, size[0] / h]).view(1, 2, 1, 1)
    return out * scale


def symmetrize_flows(flows_12, flows_21):
    """Forward-backward symmetrisation of a pair of flows (not in the paper; issue #15).

    ``F_12 <- (F_12 - warp(F_21, F_12)) / 2`` and ``F_21 <- (F_21 - warp(F_12, F_21)) / 2``,
    warps with border padding. A consistent pair (``F_21`` at the matched pixel equals
    ``-F_12``) is unchanged; an error made alike in both directions (a bias on static content)
    cancels.

    Args:
        flows_12 (Tensor): (n, 2, h, w) flows from frame 1 to frame 2, pixels.
        flows_21 (Tensor): (n, 2, h, w) flows from frame 2 to frame 1, pixels.

    Returns:
        tuple[Tensor, Tensor]: The symmetrised ``flows_12``, ``flows_21``.
    """
    return (0.5 * (flows_12 - warp(flows_21, flows_12, 'border')),
            0.5 * (flows_21 - warp(flows_12, flows_21, 'border')))


def global_flows(flows):
    """Each flow field replaced by its median translation: the camera's motion, not the
    objects' (not in the paper; issue #17, deblurring with a moving and a static camera).

    The median is taken per field and per component (x, y) over all pixels, so objects moving
    over less than half of the frame do not change it.

    Args:
        flows (Tensor): (..., 2, h, w) flows, pixels.

    Returns:
        Tensor: The same shape, constant over (h, w) within each field.
    """
    # contiguous(): torch 2.13's median reads garbage from an expanded (stride-0) tensor
    median = flows.contiguous().flatten(-2).median(dim=-1).values
    return median[..., None, None].expand_as(flows).contiguous()


def neighbour_flows(flow_net, lqs, flow_size=None, symmetric=False):
    """Flows between neighbouring frames of sequences, both directions, in one batched call.

    Args:
        flow_net (nn.Module): A flow network with ``forward_pyramid(img1, img2,
            bidirectional=True)`` (:class:`~s2svr_mm.models.backbones.PWCLite`).
        lqs (Tensor): (n, t, 3, h, w) RGB in [0, 1], t >= 2.
        flow_size (tuple[int, int], optional): Estimate on the frames resized (bilinear) to
            (h', w'). Default: None (the input size).
        symmetric (bool): Apply :func:`symmetrize_flows`. Default: False.

    Returns:
        tuple[Tensor, Tensor]: ``flows_12``, ``flows_21``, each (n * (t-1), 2, h', w') in
        pixels of the (h', w') grid, sequence-major: entry ``b * (t-1) + i`` of ``flows_12`` is
        the flow from frame i to frame i+1 of sequence b, that of ``flows_21`` the reverse.
    """
    n, t, c, h, w = lqs.shape
    lqs_1 = lqs[:, :-1].reshape(-1, c, h, w)
    lqs_2 = lqs[:, 1:].reshape(-1, c, h, w)
    if flow_size is not None:
        lqs_1, lqs_2 = (F.interpolate(x, size=tuple(flow_size), mode='bilinear',
                                      align_corners=False) for x in (lqs_1, lqs_2))
    flows = flow_net.forward_pyramid(lqs_1, lqs_2, bidirectional=True)
    flows_12, flows_21 = flows['flows_12'][0], flows['flows_21'][0]
    return symmetrize_flows(flows_12, flows_21) if symmetric else (flows_12, flows_21)

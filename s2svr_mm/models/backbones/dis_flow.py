"""OpenCV's DIS optical flow (Kroeger et al., ECCV 2016) as a flow network with PWC-Lite's
interface: a classical, parameter-free reference for the flow that S2SVR aligns with.

Used as a row of ``tools/eval_flow.py`` and, as ``S2SVRNet(flow_net=dict(type='DISFlow'))``, to
measure what motion compensation gives a restorer when the flow is good (issue #15/#17: DIS
recovers a (3, -2) px shift of a real frame within 0.03 px, where the CPU-trained PWC-Lites are
1.4-1.8 px off). Not the paper's flow, and not differentiable: the output carries no gradient,
so a restorer must be trained with ``train_cfg.fix_iter=0`` (there is nothing to freeze).
"""
import cv2
import numpy as np
import torch
from mmagic.registry import MODELS
from torch import nn

from .min_size_pad import pad_to_min_size

#: OpenCV's DIS needs a side of at least this many pixels; smaller frames are padded
#: (replicate) to it and the flow is cropped back.
MIN_SIDE = 12
PRESETS = {'ultrafast': cv2.DISOPTICAL_FLOW_PRESET_ULTRAFAST,
           'fast': cv2.DISOPTICAL_FLOW_PRESET_FAST,
           'medium': cv2.DISOPTICAL_FLOW_PRESET_MEDIUM}


@MODELS.register_module()
class DISFlow(nn.Module):
    """DIS flow from img1 to img2 on grey frames: ``img1(p) ~ img2(p + F(p))``, the convention
    of :mod:`s2svr_mm.models.flow_utils` (``warp(img2, F)`` reconstructs img1).

    Args:
        preset (str): 'ultrafast', 'fast' or 'medium' (``cv2.DISOPTICAL_FLOW_PRESET_*``).
            Default: 'medium'.

    Raises:
        ValueError: For an unknown preset.
    """

    def __init__(self, preset: str = 'medium'):
        super().__init__()
        if preset not in PRESETS:
            raise ValueError(f"unknown DIS preset '{preset}' (choose from {', '.join(PRESETS)})")
        self.preset = preset

    @staticmethod
    def _grey(img: torch.Tensor) -> np.ndarray:
        rgb = (img.detach().permute(1, 2, 0).clamp(0, 1) * 255).round().byte().cpu().numpy()
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)

    def forward(self, img1: torch.Tensor, img2: torch.Tensor) -> torch.Tensor:
        """Flow from img1 to img2.

        Args:
            img1, img2 (Tensor): (n, 3, h, w) RGB in [0, 1], the same shape.

        Returns:
            Tensor: (n, 2, h, w) float32 flow in pixels (channel 0 = x), on img1's device,
            without gradient. Frames with a side under :data:`MIN_SIDE` are padded (replicate)
            for OpenCV and the flow cropped back. Each pair gets a fresh OpenCV DIS object, so
            the flow of a pair does not depend on earlier calls.

        Raises:
            ValueError: If the inputs are not two (n, 3, h, w) tensors of the same shape.
        """
        if img1.shape != img2.shape or img1.dim() != 4 or img1.shape[1] != 3:
            raise ValueError(f'img1 and img2 must both be (n, 3, h, w); got '
                             f'{tuple(img1.shape)} and {tuple(img2.shape)}')
        h, w = img1.shape[-2:]
        # OpenCV refuses frames under MIN_SIDE pixels on both sides
        img1, img2 = (pad_to_min_size(x, (MIN_SIDE, MIN_SIDE)) for x in (img1, img2))
        # a new OpenCV object per pair: one that has seen frames of another size returns a
        # different flow for the same pair (measured: 0.28 px after a 32x32 call)
        flows = [cv2.DISOpticalFlow_create(PRESETS[self.preset]).calc(
            self._grey(a), self._grey(b), None) for a, b in zip(img1, img2)]
        flows = torch.from_numpy(np.stack(flows)[:, :h, :w]).permute(0, 3, 1, 2)
        return flows.contiguous().to(img1.device)

    def forward_pyramid(self, img1, img2, bidirectional=True):
        """PWC-Lite's interface with one level (``S2SVRNet``, ``neighbour_flows``).

        Returns:
            dict: ``flows_12`` (and ``flows_21``): one-element lists of (n, 2, h, w) flows in
            pixels, img1 -> img2 (img2 -> img1).
        """
        out = dict(flows_12=[self(img1, img2)])
        if bidirectional:
            out['flows_21'] = [self(img2, img1)]
        return out

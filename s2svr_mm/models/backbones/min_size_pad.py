"""Run a video generator on inputs padded up to the smallest size it accepts."""
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmagic.registry import MODELS


def pad_to_min_size(x, min_size):
    """Pad ``x`` (..., h, w) with replicated bottom rows / right columns up to ``min_size``
    (h, w); ``x`` itself when it is already that large (the caller crops results back)."""
    h, w = x.shape[-2:]
    pad_h, pad_w = max(min_size[0] - h, 0), max(min_size[1] - w, 0)
    if not (pad_h or pad_w):
        return x
    padded = F.pad(x.flatten(0, -4), [0, pad_w, 0, pad_h], mode='replicate')
    return padded.view(*x.shape[:-2], h + pad_h, w + pad_w)


@MODELS.register_module()
class MinSizePadWrapper(BaseModule):
    """Pad a sequence up to ``min_size`` (replicate, bottom/right), restore, crop back.

    MMagic's ``BasicVSRPlusPlusNet`` with ``is_low_res_input=False`` asserts that its inputs
    are at least 256x256 (its SPyNet runs at 1/4 and needs 64x64), so it cannot run on the
    real clips' 128x128 training crops or on small validation frames (carphone, 88x72). This
    wrapper lets the baseline run on them unchanged; the padded border costs compute and is
    cropped away before the loss and the metrics.

    Args:
        generator (dict): Config of the wrapped network, ``forward(lqs) -> (n, t, 3, s*h, s*w)``.
        min_size (tuple[int, int]): Smallest (h, w) the wrapped network accepts. Default:
            (256, 256).
        scale (int): Output/input size ratio of the wrapped network. Default: 1.
    """

    def __init__(self, generator, min_size=(256, 256), scale=1):
        super().__init__()
        self.net = MODELS.build(generator)
        self.min_size = tuple(min_size)
        self.scale = scale

    def forward(self, lqs):
        """Args: lqs (Tensor): (n, t, c, h, w). Returns: (n, t, c, scale*h, scale*w)."""
        h, w = lqs.shape[-2:]
        return self.net(pad_to_min_size(lqs, self.min_size))[..., :self.scale * h,
                                                              :self.scale * w]

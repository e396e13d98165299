"""Cost volume for PWC-Lite: ``mmcv.ops.Correlation`` on CUDA, pure torch elsewhere.

Both return ``(n, (2d+1)^2, h, w)`` where channel ``(dy + d) * (2d + 1) + (dx + d)`` holds
``mean_c feat1[c, y, x] * feat2[c, y + dy, x + dx]`` (zero outside ``feat2``), ``d`` being the
search range (max displacement in pixels at that pyramid level).
"""
import torch
import torch.nn.functional as F


def correlation_torch(feat1, feat2, max_displacement=4):
    """Cost volume in pure torch (CPU or any device).

    Args:
        feat1 (Tensor): (n, c, h, w) features of the reference image.
        feat2 (Tensor): (n, c, h, w) features of the other image (warped towards feat1).
        max_displacement (int): Search range d in pixels. Default: 4 (81 displacements).

    Returns:
        Tensor: (n, (2d+1)^2, h, w) channel-mean correlations, ordered dy-major.
    """
    h, w = feat1.shape[-2:]
    d = max_displacement
    padded = F.pad(feat2, [d, d, d, d])
    costs = [(feat1 * padded[:, :, dy:dy + h, dx:dx + w]).mean(dim=1)
             for dy in range(2 * d + 1) for dx in range(2 * d + 1)]
    return torch.stack(costs, dim=1)


def correlation_mmcv(feat1, feat2, max_displacement=4):
    """Cost volume with mmcv's compiled CUDA op; same contract as :func:`correlation_torch`."""
    from mmcv.ops import Correlation
    op = Correlation(kernel_size=1, max_displacement=max_displacement, stride=1, padding=0)
    n, c, h, w = feat1.shape
    # mmcv sums over channels and returns (n, 2d+1, 2d+1, h, w), dy-major.
    return op(feat1.contiguous(), feat2.contiguous()).view(n, -1, h, w) / c


def correlation(feat1, feat2, max_displacement=4):
    """Cost volume on the best backend for the inputs' device (see module docstring)."""
    if feat1.is_cuda:
        return correlation_mmcv(feat1, feat2, max_displacement)
    return correlation_torch(feat1, feat2, max_displacement)

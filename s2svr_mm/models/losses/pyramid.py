"""Helpers shared by the multi-scale flow losses: flows as a pyramid list, images per level."""
import torch.nn.functional as F


def _as_list(flows):
    return list(flows) if isinstance(flows, (list, tuple)) else [flows]


def _resize_image(img, size):
    if img.shape[-2:] == tuple(size):
        return img
    return F.interpolate(img, size=tuple(size), mode='area')

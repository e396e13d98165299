import pytest
import torch
import torch.nn.functional as F

from s2svr_testing import panned_frames
from mmagic.registry import MODELS
from s2svr_mm.models.backbones.correlation import (correlation, correlation_mmcv,
                                                   correlation_torch)
from s2svr_mm.models.flow_utils import warp


def to_tensor(frames):
    return torch.stack([torch.from_numpy(f).permute(2, 0, 1).float() / 255 for f in frames])


@pytest.mark.parametrize('dx,dy', [(2, -1), (-3, 0), (0, 4)])
def test_cost_volume_peaks_at_the_true_displacement(dx, dy):
    torch.manual_seed(0)
    feat1 = torch.randn(1, 96, 20, 20)
    feat2 = torch.roll(feat1, shifts=(dy, dx), dims=(2, 3))  # feat2(p + (dx, dy)) = feat1(p)
    cost = correlation_torch(feat1, feat2, max_displacement=4)
    assert cost.shape == (1, 81, 20, 20)
    inner = cost[..., 5:-5, 5:-5]
    assert torch.all(inner.argmax(dim=1) == (dy + 4) * 9 + (dx + 4))
    # channel mean, not sum: self-correlation of unit-variance features is ~1
    assert inner.max(dim=1).values.mean().item() == pytest.approx(1.0, abs=0.3)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='mmcv Correlation is CUDA-only')
def test_mmcv_correlation_matches_torch_on_cuda():
    feat1, feat2 = torch.randn(2, 2, 8, 12, 14, device='cuda')
    assert torch.allclose(correlation_mmcv(feat1, feat2), correlation_torch(feat1, feat2),
                          atol=1e-5)
    assert torch.allclose(correlation(feat1, feat2), correlation_torch(feat1, feat2), atol=1e-5)


def test_pwc_lite_paper_size_and_pyramid_outputs():
    net = MODELS.build(dict(type='PWCLite'))
    # ARFlow's PWC-Lite has ~2.24 M parameters
    assert sum(p.numel() for p in net.parameters()) == pytest.approx(2.24e6, rel=0.01)
    img1, img2 = torch.rand(2, 1, 3, 70, 45)
    out = net.forward_pyramid(img1, img2, bidirectional=True)
    sizes = [tuple(f.shape) for f in out['flows_12']]
    assert sizes == [(1, 2, 70, 45), (1, 2, 35, 23), (1, 2, 18, 12), (1, 2, 9, 6), (1, 2, 5, 3)]
    assert [tuple(f.shape) for f in out['flows_21']] == sizes
    assert net(img1, img2).shape == (1, 2, 70, 45)
    assert torch.allclose(net(img1, img2), out['flows_12'][0], atol=1e-5)


def test_pwc_lite_rejects_mismatched_inputs():
    net = MODELS.build(dict(type='PWCLite'))
    with pytest.raises(ValueError, match='img1 and img2'):
        net(torch.rand(1, 3, 32, 32), torch.rand(1, 3, 32, 16))
    with pytest.raises(ValueError, match='num_decoded_levels'):
        MODELS.build(dict(type='PWCLite', num_decoded_levels=7))


def test_pwc_lite_learns_the_shift_direction_on_a_real_image():
    """A few steps of the photometric loss on a real photo shifted by (+2, +1) pixels.

    img2 is img1 moved right by 2 and down by 1, so the flow from img1 to img2 is (+2, +1):
    ``warp(img2, flow)`` reconstructs img1.
    """
    torch.manual_seed(0)
    frames = to_tensor(panned_frames(num_frames=2, size=(64, 64), step=(-2, -1)))
    img1, img2 = frames[:1], frames[1:]
    net = MODELS.build(dict(type='PWCLite'))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)
    inner = (slice(None), slice(None), slice(8, -8), slice(8, -8))
    for _ in range(150):
        flow = net(img1, img2)
        loss = (warp(img2, flow) - img1).abs()[inner].mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    flow = net(img1, img2).detach()[inner]
    mean_flow = flow.mean(dim=(0, 2, 3))
    assert mean_flow[0] > 1.0 and mean_flow[1] > 0.4, mean_flow
    assert F.l1_loss(warp(img2, net(img1, img2))[inner], img1[inner]) < 0.05

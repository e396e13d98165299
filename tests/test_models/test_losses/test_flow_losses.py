import pytest
import torch

from mmagic.registry import MODELS
from s2svr_mm.models.flow_utils import warp
from s2svr_mm.models.losses import (occlusion_mask, photometric_error, smoothness,
                                    upsample_flow)
from s2svr_testing import panned_frames


def real_image(h=64, w=80):
    return torch.from_numpy(panned_frames(1, (h, w))[0]).permute(2, 0, 1)[None].float() / 255


def constant_flow(dx, dy, h=64, w=80):
    flow = torch.zeros(1, 2, h, w)
    flow[:, 0], flow[:, 1] = dx, dy
    return flow


def inner_mask(h=64, w=80, margin=8):
    mask = torch.zeros(1, 1, h, w)
    mask[..., margin:-margin, margin:-margin] = 1
    return mask


@pytest.mark.parametrize('distance', [dict(l1=1.0), dict(ssim=1.0), dict(census=1.0),
                                      dict(l1=0.15, ssim=0.85)])
def test_photometric_loss_is_zero_for_a_perfect_warp_and_grows_with_error(distance):
    img2 = real_image()
    flow = constant_flow(2, -1)
    img1 = warp(img2, flow)  # img2 sampled at p + flow: the flow from img1 to img2 is `flow`
    loss = MODELS.build(dict(type='PhotometricLoss', distance_weights=distance))
    mask = inner_mask()
    assert loss(img1, img2, flow, mask=mask).item() < 1e-6
    wrong_1 = loss(img1, img2, constant_flow(1, -1), mask=mask).item()
    wrong_3 = loss(img1, img2, constant_flow(-1, 1), mask=mask).item()
    assert 1e-3 < wrong_1 < wrong_3


def test_photometric_loss_normalises_by_the_visible_area():
    img1, img2 = real_image(), real_image().flip(-1)
    flow = constant_flow(0, 0)
    loss = MODELS.build(dict(type='PhotometricLoss', distance_weights=dict(l1=1.0)))
    mask = inner_mask()
    error = photometric_error(img1, img2, dict(l1=1.0))
    assert loss(img1, img2, flow, mask=mask).item() == pytest.approx(
        (error * mask).sum().item() / mask.sum().item(), rel=1e-5)
    # multi-scale: weights over the pyramid, finest first
    two_levels = MODELS.build(dict(type='PhotometricLoss', distance_weights=dict(l1=1.0),
                                   scale_weights=(1.0, 0.5)))
    coarse = constant_flow(0, 0, 32, 40)
    expected = loss(img1, img2, flow) + 0.5 * loss(img1, img2, coarse)
    assert two_levels(img1, img2, [flow, coarse]).item() == pytest.approx(expected.item(),
                                                                          rel=1e-5)


def test_occlusion_mask_consistent_flows_are_visible_disagreement_is_flagged():
    flow_12, flow_21 = constant_flow(3, -2), constant_flow(-3, 2)
    mask = occlusion_mask(flow_12, flow_21)
    assert mask.shape == (1, 1, 64, 80)
    assert torch.all(mask[..., 4:-4, 4:-4] == 1)
    flow_21_bad = flow_21.clone()
    flow_21_bad[..., 20:40, 30:50] = 5.0  # the backward flow disagrees in this region
    bad = occlusion_mask(flow_12, flow_21_bad)
    # pixels of image 1 that land in the bad region (p + (3, -2)) are flagged
    assert torch.all(bad[..., 23:37, 28:45] == 0)
    assert torch.all(bad[..., 45:60, 5:20] == 1)


@pytest.mark.parametrize('order', [1, 2])
def test_smoothness_is_zero_for_constant_flow_and_positive_at_a_discontinuity(order):
    img = real_image()
    loss = MODELS.build(dict(type='SmoothnessLoss', order=order))
    assert loss(constant_flow(2.5, -1), img).item() == 0
    step = constant_flow(0, 0)
    step[..., 40:] = 4.0
    assert loss(step, img).item() > 0
    assert smoothness(step, img, order=order).shape[1] == 1
    with pytest.raises(ValueError, match='order'):
        MODELS.build(dict(type='SmoothnessLoss', order=3))


def test_smoothness_is_weaker_across_image_edges():
    img = torch.zeros(1, 3, 32, 32)
    img[..., 16:] = 1.0  # an image edge between columns 15 and 16
    flow_at_edge, flow_elsewhere = constant_flow(0, 0, 32, 32), constant_flow(0, 0, 32, 32)
    flow_at_edge[..., 16:] = 2.0
    flow_elsewhere[..., 8:] = 2.0
    loss = MODELS.build(dict(type='SmoothnessLoss', order=1))
    assert loss(flow_at_edge, img) < 1e-3 * loss(flow_elsewhere, img)


def test_distillation_zero_for_equal_flows_and_scales_lq_flows_by_four():
    loss = MODELS.build(dict(type='FlowDistillationLoss'))
    hq = constant_flow(4.0, -8.0)
    assert loss(hq, hq).item() == 0
    lq = constant_flow(1.0, -2.0, 16, 20)  # 1 LQ pixel is 4 HQ pixels at x4
    assert loss(lq, hq).item() == pytest.approx(0, abs=1e-6)
    assert upsample_flow(lq, (64, 80)).shape == (1, 2, 64, 80)
    unscaled = constant_flow(4.0, -8.0, 16, 20)
    assert loss(unscaled, hq).item() == pytest.approx((12 + 24) / 2)
    # only the student receives a gradient
    student = lq.clone().requires_grad_()
    teacher = (hq + 1).requires_grad_()
    loss(student, teacher).backward()
    assert student.grad is not None and teacher.grad is None


def test_bad_loss_arguments_raise():
    with pytest.raises(ValueError, match='unknown photometric'):
        MODELS.build(dict(type='PhotometricLoss', distance_weights=dict(l2=1.0)))
    with pytest.raises(ValueError, match='reduction'):
        MODELS.build(dict(type='FlowDistillationLoss', reduction='max'))

import pytest
import torch
import torch.nn.functional as F
from skimage import data as skdata

from mmagic.registry import MODELS
from s2svr_mm.models.flow_utils import warp
from s2svr_mm.models.losses import (census_distance, occlusion_mask, occlusion_mask_backward,
                                    photometric_error, range_map, smoothness, ssim_distance,
                                    upsample_flow)


def astronaut(h=96, w=128):
    """scikit-image's astronaut photo (real camera texture), area-resized, (1, 3, h, w)."""
    img = torch.from_numpy(skdata.astronaut()).permute(2, 0, 1)[None].float() / 255
    return F.interpolate(img, size=(h, w), mode='area')


def shifted(img, dx, dy):
    """img moved right by dx and down by dy (wrapping): the flow from img to it is (dx, dy)."""
    return torch.roll(img, shifts=(dy, dx), dims=(2, 3))


def constant_flow(dx, dy, h=96, w=128):
    flow = torch.zeros(1, 2, h, w)
    flow[:, 0], flow[:, 1] = dx, dy
    return flow


# ---------------------------------------------------------------- distances
def test_census_and_ssim_are_zero_for_identical_images_and_positive_otherwise():
    img = astronaut()
    assert census_distance(img, img).abs().max() == 0
    assert ssim_distance(img, img).abs().max() < 1e-6
    other = shifted(img, 2, 1)
    assert census_distance(img, other).mean() > 0.05
    assert ssim_distance(img, other).mean() > 0.05
    # census ignores a brightness offset (it compares local differences)
    assert census_distance(img, img + 0.1).abs().max() < 1e-5


def test_census_is_arflows_3x3_ternary_with_a_zero_border():
    img1, img2 = astronaut(), astronaut().flip(-1)
    distance = census_distance(img1, img2)
    assert distance.shape == (1, 1, 96, 128)
    assert distance[..., 0, :].abs().max() == 0 and distance[..., :, -1].abs().max() == 0
    # by hand at one pixel: 9 neighbours of the grey (0-255) image
    grey = lambda x: (x * torch.tensor([0.2989, 0.5870, 0.1140]).view(1, 3, 1, 1)).sum(1)[0] * 255
    g1, g2 = grey(img1), grey(img2)
    y, x = 40, 50
    t = lambda g: [(g[y + dy, x + dx] - g[y, x]) / torch.sqrt(0.81 + (g[y + dy, x + dx] -
                                                                      g[y, x])**2)
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    expected = sum((a - b)**2 / (0.1 + (a - b)**2) for a, b in zip(t(g1), t(g2))) / 9
    assert distance[0, 0, y, x].item() == pytest.approx(expected.item(), rel=1e-4)


# ---------------------------------------------------------------- photometric loss
def test_photometric_loss_is_lower_for_the_true_flow_on_a_shifted_real_image():
    img1 = astronaut()
    img2 = shifted(img1, 3, -2)
    loss = MODELS.build(dict(type='PhotometricLoss'))  # ARFlow: 0.15 L1 + 0.85 SSIM, weight 1
    assert loss.loss_weight == 1 and loss.distance_weights == dict(l1=0.15, ssim=0.85)
    true_12, true_21 = constant_flow(3, -2), constant_flow(-3, 2)
    at_truth = loss(img1, img2, true_12, true_21)
    at_zero = loss(img1, img2, constant_flow(0, 0), constant_flow(0, 0))
    half_way = loss(img1, img2, constant_flow(1.5, -1), constant_flow(-1.5, 1))
    assert at_truth < 1e-3  # only the wrapped border differs, and it is masked out
    assert at_truth < half_way < at_zero
    assert at_zero > 0.05


@pytest.mark.parametrize('distance', [dict(l1=1.0), dict(ssim=1.0), dict(census=1.0),
                                      dict(l1=0.15, ssim=0.85)])
def test_photometric_loss_is_zero_for_a_perfect_warp_and_grows_with_error(distance):
    img2 = astronaut()
    flow = constant_flow(2, -1)
    img1 = warp(img2, flow)  # img2 sampled at p + flow: the flow from img1 to img2 is `flow`
    loss = MODELS.build(dict(type='PhotometricLoss', distance_weights=distance))
    mask = torch.zeros(1, 1, 96, 128)
    mask[..., 8:-8, 8:-8] = 1
    assert loss(img1, img2, flow, mask=mask).item() < 1e-6
    wrong_1 = loss(img1, img2, constant_flow(1, -1), mask=mask).item()
    wrong_3 = loss(img1, img2, constant_flow(-1, 1), mask=mask).item()
    assert 1e-3 < wrong_1 < wrong_3


def test_photometric_error_is_normalised_as_arflow():
    """sum_k w_k mean(D_k) / mean(mask), L1 masked after, SSIM on the masked images."""
    img1, img2 = astronaut(), astronaut().flip(-1)
    mask = torch.zeros(1, 1, 96, 128)
    mask[..., :, :64] = 1  # half visible
    l1 = photometric_error(img1, img2, dict(l1=1.0), mask)
    by_hand = ((img1 - img2).abs() * mask).mean() / 0.5
    assert l1.item() == pytest.approx(by_hand.item(), rel=1e-5)
    ssim = photometric_error(img1, img2, dict(ssim=1.0), mask)
    assert ssim.item() == pytest.approx(
        (ssim_distance(img2 * mask, img1 * mask).mean() / 0.5).item(), rel=1e-5)
    mixed = photometric_error(img1, img2, dict(l1=0.15, ssim=0.85), mask)
    assert mixed.item() == pytest.approx((0.15 * l1 + 0.85 * ssim).item(), rel=1e-5)


def test_photometric_loss_sums_the_weighted_levels_of_a_pyramid():
    img1, img2 = astronaut(), astronaut().flip(-1)
    single = MODELS.build(dict(type='PhotometricLoss', distance_weights=dict(l1=1.0)))
    pyramid = [constant_flow(0, 0, 96 // s, 128 // s) for s in (1, 2, 4, 8, 16)]
    levels = [single(img1, img2, f).item() for f in pyramid]
    # ARFlow "w_scales": [1, 1, 1, 1, 0]
    expected = sum(levels[:4])
    assert single(img1, img2, pyramid).item() == pytest.approx(expected, rel=1e-5)


def test_photometric_warp_pads_with_the_border():
    img2 = astronaut()
    loss = MODELS.build(dict(type='PhotometricLoss', distance_weights=dict(l1=1.0),
                             occlusion=None))
    far = constant_flow(500, 0)  # everything samples beyond the right edge
    border = img2[..., -1:].expand_as(img2)
    assert loss(border, img2, far).item() < 1e-6


# ---------------------------------------------------------------- occlusion
def test_occlusion_from_the_backward_range_map_flags_what_leaves_the_view():
    """img2 = img1 moved right by 3 px: img1's last 3 columns are not in img2."""
    flow_21 = constant_flow(-3, 0)
    assert range_map(flow_21)[..., :, :-3].eq(1).all()
    assert range_map(flow_21)[..., :, -3:].eq(0).all()
    visible = occlusion_mask_backward(flow_21)
    assert visible[..., :, :-3].eq(1).all() and visible[..., :, -3:].eq(0).all()
    # a sub-pixel shift spreads each pixel over two: still a full range inside
    half = range_map(constant_flow(-0.5, 0))
    assert torch.allclose(half[..., :, 1:-1], torch.ones(1), atol=1e-6)
    # a region of img2 that maps onto another (a collision) leaves a hole behind
    flow = constant_flow(0, 0)
    flow[..., 40:60, 40:60] = 10.0  # img2's block [40, 60)^2 is img1's [50, 70)^2
    hole = occlusion_mask_backward(flow)
    # img1's pixels in [40, 60)^2 outside [50, 70)^2 receive nothing: occluded in img2
    assert hole[..., 40:50, 40:60].eq(0).all() and hole[..., 50:60, 40:50].eq(0).all()
    assert hole[..., 50:70, 50:70].eq(1).all() and hole.sum() == 96 * 128 - 300


def test_photometric_loss_default_occlusion_is_the_backward_range_map():
    img1 = astronaut()
    img2 = shifted(img1, 3, 0)
    loss = MODELS.build(dict(type='PhotometricLoss'))
    assert loss.occlusion == 'backward'
    visible = loss.visibility(constant_flow(3, 0), constant_flow(-3, 0))
    assert torch.equal(visible, occlusion_mask_backward(constant_flow(-3, 0)))
    with pytest.raises(ValueError, match='occlusion'):
        MODELS.build(dict(type='PhotometricLoss', occlusion='forward'))
    assert loss(img1, img2, constant_flow(3, 0), constant_flow(-3, 0)) < 1e-3


def test_bidirectional_occlusion_consistent_flows_are_visible_disagreement_is_flagged():
    flow_12, flow_21 = constant_flow(3, -2), constant_flow(-3, 2)
    mask = occlusion_mask(flow_12, flow_21)
    assert mask.shape == (1, 1, 96, 128)
    assert torch.all(mask[..., 4:-4, 4:-4] == 1)
    flow_21_bad = flow_21.clone()
    flow_21_bad[..., 20:40, 30:50] = 5.0  # the backward flow disagrees in this region
    bad = occlusion_mask(flow_12, flow_21_bad)
    # pixels of image 1 that land in the bad region (p + (3, -2)) are flagged
    assert torch.all(bad[..., 23:37, 28:45] == 0)
    assert torch.all(bad[..., 45:60, 5:20] == 1)


# ---------------------------------------------------------------- smoothness
def test_smoothness_is_zero_for_a_constant_flow_and_hand_computed_for_a_ramp():
    """ARFlow: 50 x first order of flow / min(h, w) at the finest level; first order is
    mean(w_x |dF/dx|) / 4 + mean(w_y |dF/dy|) / 4 over both channels."""
    loss = MODELS.build(dict(type='SmoothnessLoss'))
    flat = torch.full((1, 3, 32, 48), 0.5)  # no image edges: weights exp(0) = 1
    assert loss(constant_flow(2.5, -1, 32, 48), flat).item() == 0
    ramp = constant_flow(0, 0, 32, 48)
    ramp[:, 0] = torch.arange(48.).view(1, 48) * 2.0  # F_x = 2 x: dF_x/dx = 2, the rest 0
    # 2 / min(32, 48) on one of two channels, / 4, x 50
    assert loss(ramp, flat).item() == pytest.approx(50 * (2 / 32) / 2 / 4, rel=1e-6)
    # only the finest level counts ("w_sm_scales": [1, 0, 0, 0, 0])
    coarse = constant_flow(0, 0, 16, 24)
    coarse[:, 1] = torch.arange(16.).view(16, 1) * 7.0
    assert loss([ramp, coarse], flat).item() == pytest.approx(loss(ramp, flat).item())
    # coarse levels when weighted (the shipped sm500 blurred student: weight 500 at four levels),
    # every level's flow divided by the finest level's min(h, w), ARFlow's s (flow_loss.py)
    four = MODELS.build(dict(type='SmoothnessLoss', loss_weight=500.,
                             scale_weights=(1., 1., 1., 1., 0.)))
    assert four([ramp, coarse], flat).item() == pytest.approx(
        500 * ((2 / 32) / 2 / 4 + (7 / 32) / 2 / 4), rel=1e-6)
    # the second order of a ramp is zero
    assert smoothness(ramp, flat, order=2).item() == 0
    with pytest.raises(ValueError, match='order'):
        MODELS.build(dict(type='SmoothnessLoss', order=3))


def test_smoothness_is_weaker_across_image_edges():
    img = torch.zeros(1, 3, 32, 32)
    img[..., 16:] = 1.0  # an image edge between columns 15 and 16
    flow_at_edge, flow_elsewhere = constant_flow(0, 0, 32, 32), constant_flow(0, 0, 32, 32)
    flow_at_edge[..., 16:] = 2.0
    flow_elsewhere[..., 8:] = 2.0
    loss = MODELS.build(dict(type='SmoothnessLoss'))
    assert loss(flow_at_edge, img) < 1e-3 * loss(flow_elsewhere, img)


# ---------------------------------------------------------------- distillation
def test_distillation_zero_for_equal_flows_and_scales_lq_flows_by_four():
    loss = MODELS.build(dict(type='FlowDistillationLoss'))
    assert loss.loss_weight == 0.1  # the paper's omega_dis
    hq = constant_flow(4.0, -8.0)
    assert loss(hq, hq).item() == 0
    lq = constant_flow(1.0, -2.0, 24, 32)  # 1 LQ pixel is 4 HQ pixels at x4
    assert loss(lq, hq).item() == pytest.approx(0, abs=1e-6)
    assert upsample_flow(lq, (96, 128)).shape == (1, 2, 96, 128)
    unscaled = constant_flow(4.0, -8.0, 24, 32)
    assert loss(unscaled, hq).item() == pytest.approx(0.1 * (12 + 24) / 2)
    # only the student receives a gradient
    student = lq.clone().requires_grad_()
    teacher = (hq + 1).requires_grad_()
    loss(student, teacher).backward()
    assert student.grad is not None and teacher.grad is None


# ---------------------------------------------------------------- supervised EPE
def test_epe_loss_is_zero_at_the_true_flow_and_the_epe_elsewhere():
    gt = constant_flow(3.0, -2.0)
    pyramid = [constant_flow(3.0 / s, -2.0 / s, 96 // s, 128 // s) for s in (1, 2, 4, 8, 16)]
    loss = MODELS.build(dict(type='FlowEPELoss'))
    assert loss(pyramid, gt).item() == pytest.approx(0, abs=1e-5)
    # an error of (3, 4) full-size pixels at every level: EPE 5, weights 1 + 1/2 + ... + 1/16
    off = [f + constant_flow(3.0 / s, 4.0 / s, *f.shape[-2:])
           for f, s in zip(pyramid, (1, 2, 4, 8, 16))]
    assert loss(off, gt).item() == pytest.approx(5 * (1 + 0.5 + 0.25 + 0.125 + 0.0625),
                                                 rel=1e-4)
    # a varying ground truth, downsampled with its values scaled
    ramp = constant_flow(0, 0)
    ramp[:, 0] = torch.linspace(-4, 4, 128)
    assert loss([ramp], ramp).item() == pytest.approx(0, abs=1e-5)
    # robust (PWC-Net fine-tuning): smallest at the truth
    robust = MODELS.build(dict(type='FlowEPELoss', robust=True))
    assert robust(pyramid, gt) < robust(off, gt)
    # valid mask: errors outside it do not count
    valid = torch.zeros(1, 1, 96, 128)
    valid[..., :48, :] = 1
    wrong_below = pyramid[0].clone()
    wrong_below[..., 48:, :] += 10
    assert loss([wrong_below], gt, valid).item() == pytest.approx(0, abs=1e-5)

"""s2svr_mm/flow_evaluation.py: known answers of the flow metrics on real frames."""
import math

import numpy as np
import pytest
import torch

from s2svr_mm.flow_evaluation import (epe, estimate_flows, translation_epe, translation_flow,
                                      translation_pair, warp_gain, zero_flow)
from s2svr_mm.flow_ground_truth import (downscale_field, downscale_stereo, pick_factor,
                                        stereo_flow, verify_stereo_flow)
from s2svr_mm.models.backbones import DISFlow
from s2svr_testing import shifted_pair, tree_frame

SHIFT = (3, -2)


def constant_net(dx, dy):
    """An oracle flow net that returns the flow (dx, dy) everywhere."""
    def net(img1, img2):
        flow = zero_flow(img1, img2)
        flow[:, 0], flow[:, 1] = dx, dy
        return flow
    return net


def test_epe_of_a_known_field_over_valid_pixels():
    gt = np.zeros((2, 4, 5), np.float32)
    flow = np.zeros_like(gt)
    flow[0], flow[1] = 3, 4  # error 5 everywhere
    flow[:, 0, 0] = 0  # error 0 at one pixel
    assert epe(flow, gt) == pytest.approx((19 * 5) / 20)
    valid = np.ones((4, 5), bool)
    valid[0, 0] = False
    gt[:, 0, 0] = np.inf  # invalid GT may be non-finite
    assert epe(torch.from_numpy(flow)[None], gt[None], valid[None]) == pytest.approx(5)
    with pytest.raises(ValueError, match='non-finite'):
        epe(flow, gt)
    with pytest.raises(ValueError, match='no valid pixel'):
        epe(flow, gt, np.zeros((4, 5), bool))
    with pytest.raises(ValueError, match='must both be'):
        epe(flow[:1], gt[:1])
    with pytest.raises(ValueError, match='valid mask'):
        epe(flow, np.zeros_like(flow), np.ones((3, 5), bool))


def test_translation_epe_of_oracle_is_zero_and_of_zero_flow_is_the_shift():
    frame = tree_frame()
    assert translation_epe(constant_net(*SHIFT), frame, SHIFT) == pytest.approx(0, abs=1e-6)
    assert translation_epe(zero_flow, frame, SHIFT) == pytest.approx(math.hypot(*SHIFT))
    # a wrong sign is punished by twice the shift
    oracle_wrong = constant_net(-SHIFT[0], -SHIFT[1])
    assert translation_epe(oracle_wrong, frame, SHIFT, (60, 70)) == pytest.approx(
        2 * math.hypot(*SHIFT))
    with pytest.raises(ValueError, match='does not fit'):
        translation_epe(zero_flow, frame, SHIFT, (95, 60))
    with pytest.raises(ValueError, match='no interior'):
        translation_epe(zero_flow, frame, SHIFT, (10, 60))
    with pytest.raises(ValueError, match='whole pixels'):
        translation_epe(zero_flow, frame, (0.5, 0))


def test_dis_recovers_a_known_shift_of_a_real_frame():
    assert translation_epe(DISFlow(), tree_frame(), SHIFT) < 0.2


def test_warp_gain_of_oracle_is_positive_and_of_zero_flow_is_zero():
    img1, img2 = shifted_pair(tree_frame(3), *SHIFT)
    frames = np.stack([img1, img2])
    assert warp_gain(constant_net(*SHIFT), frames) > 5
    assert warp_gain(constant_net(-SHIFT[0], -SHIFT[1]), frames) < 0
    assert warp_gain(zero_flow, frames) == 0
    with pytest.raises(ValueError, match='at least 2'):
        warp_gain(zero_flow, frames[:1])


def test_estimate_flows_batches_and_checks_pairs():
    frames = np.stack([tree_frame(i) for i in range(3)])
    flows = estimate_flows(constant_net(1, 2), frames, frames, batch=2)
    assert flows.shape == (3, 2, 96, 96) and flows[:, 1].eq(2).all()
    with pytest.raises(ValueError, match='differ in shape'):
        estimate_flows(zero_flow, frames, frames[:2])


def test_stereo_sign_check_accepts_minus_d_and_rejects_a_swapped_pair():
    d = 4
    frame = tree_frame()
    left, right = frame[:, :90], frame[:, d:90 + d]  # left(x) = right(x - d)
    disparity = np.full(left.shape[:2], d, np.float32)
    disparity[:, :d + 1] = np.inf  # no match in the right image
    flow, valid = stereo_flow(disparity)
    assert flow[0][valid].max() == -d and not flow[1].any() and not valid[:, :d + 1].any()
    errors = verify_stereo_flow(left, right, disparity)
    assert errors[1.0] < 1 < errors[-1.0]
    with pytest.raises(ValueError, match=r'\(-d, 0\)'):
        verify_stereo_flow(right, left, disparity)


def test_downscale_stereo_halves_the_disparity_over_the_valid_majority_of_each_block():
    frame = tree_frame()
    disparity = np.full((96, 96), 8, np.float32)
    disparity[0, 0] = 4  # block (0, 0): mean of 4, 8, 8, 8 = 7 -> 3.5
    disparity[2:4, 2] = np.nan
    disparity[2, 3] = 0  # block (1, 1): 3 of 4 invalid
    left, right, small = downscale_stereo(frame, frame, disparity, 2)
    assert left.shape == (48, 48, 3) and left.dtype == np.uint8
    assert small[0, 0] == 3.5 and np.isnan(small[1, 1])
    assert np.isnan(small).sum() == 1 and np.nanmin(small[1:]) == np.nanmax(small[1:]) == 4
    flow = np.zeros((4, 4, 2), np.float32)
    flow[..., 0] = 8
    valid = np.ones((4, 4), bool)
    valid[0, :2] = False
    valid[2, 2] = False
    small_flow, keep = downscale_field(flow, valid, 2)
    assert keep.tolist() == [[True, True], [True, True]] and np.all(small_flow[..., 0] == 4)
    assert pick_factor(disparity * 8, 32) == 2 and pick_factor(disparity, 32) == 1


def test_dis_and_zero_flow_follow_the_net_interface():
    img = torch.rand(2, 3, 20, 24)
    assert zero_flow(img, img).shape == (2, 2, 20, 24)
    out = DISFlow()(img, img)
    assert out.shape == (2, 2, 20, 24) and out.dtype == torch.float32


def test_symmetric_flow_cancels_a_shared_bias_and_keeps_a_consistent_pair():
    from s2svr_mm.flow_evaluation import GeneratorFlow

    class Pyramid:
        def __init__(self, f12, f21):
            self.f12, self.f21 = f12, f21

        def forward_pyramid(self, img1, img2, bidirectional=True):
            shape = (img1.shape[0], 2) + img1.shape[-2:]
            def const(v):
                return torch.tensor(v, dtype=torch.float32).view(1, 2, 1, 1).expand(shape)
            return dict(flows_12=[const(self.f12)], flows_21=[const(self.f21)])

    imgs = torch.rand(2, 1, 3, 16, 16)
    biased = GeneratorFlow(Pyramid((0.7, -0.3), (0.7, -0.3)), symmetric=True)(*imgs)
    assert biased.abs().max() < 1e-6
    consistent = GeneratorFlow(Pyramid((3., -2.), (-3., 2.)), symmetric=True)(*imgs)
    assert torch.allclose(consistent,
                          torch.tensor([3., -2.]).view(1, 2, 1, 1).expand(1, 2, 16, 16))


def test_generator_flow_estimates_on_upsampled_frames_in_pixels_of_the_input():
    """A net that sees the frames at 4x their size and reports (8, -4) px there: the input's
    flow is (2, -1) px, on the input's grid; the net is called at the upsampled size."""
    from s2svr_mm.flow_evaluation import GeneratorFlow

    class Constant:
        sizes = []

        def forward_pyramid(self, img1, img2, bidirectional=True):
            self.sizes.append(tuple(img1.shape[-2:]))
            flow = torch.tensor([8., -4.]).view(1, 2, 1, 1).expand(img1.shape[0], 2,
                                                                    *img1.shape[-2:])
            return dict(flows_12=[flow], flows_21=[-flow])

    net = Constant()
    imgs = torch.rand(2, 3, 3, 10, 12)
    flow = GeneratorFlow(net, upscale=4)(*imgs)
    assert net.sizes == [(40, 48)] and flow.shape == (3, 2, 10, 12)
    assert torch.allclose(flow, torch.tensor([2., -1.]).view(1, 2, 1, 1).expand_as(flow))
    for bad in (0, 1.5):
        with pytest.raises(ValueError, match='upscale'):
            GeneratorFlow(net, upscale=bad)


def test_translation_pair_moves_the_window_by_the_shift_and_flow_is_its_interior():
    frame = tree_frame()
    img1, img2, border = translation_pair(frame, (3, -2), (40, 50))
    assert img1.shape == img2.shape == (40, 50, 3) and border == 5
    # pixel p of img1 is at p + (dx, dy) in img2
    assert np.array_equal(img1[10:30, 10:40], img2[8:28, 13:43])
    flow = translation_flow(constant_net(3, -2), frame, (3, -2), (40, 50))
    assert flow.shape == (2, 30, 40) and torch.all(flow[0] == 3) and torch.all(flow[1] == -2)

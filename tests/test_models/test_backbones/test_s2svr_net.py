import pytest
import torch
import torch.nn as nn

from s2svr_testing import panned_frames
from mmagic.registry import MODELS
from s2svr_mm.flow_evaluation import to_tensor
from s2svr_mm.models.flow_utils import warp

TINY = dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=2)


def panned_lqs(**kwargs):
    """:func:`panned_frames` as one sequence ``lqs``: (1, t, 3, h, w) RGB in [0, 1]."""
    return to_tensor(panned_frames(**kwargs))[None]


def build(**kwargs):
    torch.manual_seed(0)
    return MODELS.build({**TINY, **kwargs})


@pytest.mark.parametrize('t', [1, 2, 4])
@pytest.mark.parametrize('h,w', [(32, 32), (33, 47)])
def test_sr_head_output_shape(t, h, w):
    net = build(is_low_res_input=True)
    assert net(torch.rand(1, t, 3, h, w)).shape == (1, t, 3, 4 * h, 4 * w)


@pytest.mark.parametrize('downsample', [1, 2, 4])
@pytest.mark.parametrize('h,w', [(32, 48), (35, 41)])
def test_same_size_head_output_shape(downsample, h, w):
    net = build(is_low_res_input=False, downsample=downsample)
    assert net(torch.rand(2, 3, 3, h, w)).shape == (2, 3, 3, h, w)


@pytest.mark.parametrize('downsample', [1, 2])
def test_fresh_same_size_model_returns_its_input(downsample):
    """Zero-initialised last conv of the residual head: a new model starts as the identity."""
    net = build(is_low_res_input=False, downsample=downsample)
    assert torch.count_nonzero(net.head.conv_last.weight) == 0
    lqs = torch.rand(1, 3, 3, 32, 32)
    assert torch.equal(net(lqs), lqs)
    # the SR head keeps its random init (its skip is the interpolation) unless asked
    assert torch.count_nonzero(build(is_low_res_input=True).head.conv_last.weight) > 0
    assert torch.count_nonzero(build(is_low_res_input=False, downsample=downsample,
                                     zero_init_head=False).head.conv_last.weight) > 0


@pytest.mark.parametrize('mode', ['bilinear', 'bicubic'])
def test_fresh_sr_model_with_zero_init_head_returns_the_interpolated_input(mode):
    net = build(is_low_res_input=True, upsample_mode=mode, zero_init_head=True)
    lqs = torch.rand(1, 3, 3, 12, 10)
    expected = torch.nn.functional.interpolate(lqs[0], scale_factor=4, mode=mode,
                                               align_corners=False)
    with torch.no_grad():
        assert torch.allclose(net(lqs)[0], expected, atol=1e-6)
    # and it learns from there: the zero conv_last itself gets a gradient
    net(lqs).square().mean().backward()
    assert torch.any(net.head.conv_last.weight.grad != 0)


def test_zero_mean_residual_keeps_each_frames_mean_colour():
    net = build(is_low_res_input=False, zero_mean_residual=True)
    nn.init.normal_(net.head.conv_last.weight, std=0.5)  # a residual far from zero
    nn.init.constant_(net.head.conv_last.bias, 0.3)  # which would shift every pixel by 0.3
    lqs = torch.rand(2, 3, 3, 24, 20)
    with torch.no_grad():
        out = net(lqs)
    assert (out - lqs).abs().max() > 0.1  # the residual is there ...
    assert torch.allclose(out.mean(dim=(3, 4)), lqs.mean(dim=(3, 4)), atol=1e-6)  # ... mean 0
    with pytest.raises(ValueError, match='same-size'):
        build(is_low_res_input=True, zero_mean_residual=True)


def test_warp_padding_fills_what_flows_in_from_outside():
    """A constant flow of +3 px in x samples 3 px to the right: the last 3 columns come from
    outside the frame, zeros by default, the edge value with warp_padding='border'."""
    feat = torch.arange(8.).view(1, 1, 1, 8).expand(1, 2, 4, 8) + 1
    flow = torch.zeros(1, 2, 4, 8)
    flow[:, 0] = 3
    zeros = build(is_low_res_input=False).warp(feat, flow)
    border = build(is_low_res_input=False, warp_padding='border').warp(feat, flow)
    assert torch.equal(zeros[..., :5], feat[..., 3:])
    assert torch.equal(border[..., :5], feat[..., 3:])
    assert torch.equal(zeros[..., 5:], torch.zeros(1, 2, 4, 3))
    assert torch.equal(border[..., 5:], torch.full((1, 2, 4, 3), 8.))
    with pytest.raises(ValueError, match='warp_padding'):
        build(warp_padding='reflection')


def test_warp_interpolation_nearest_takes_the_nearest_pixel():
    """A ramp along x warped by +1.4 px: bilinear returns the ramp + 1.4 (a blend of two
    pixels), nearest the ramp + 1 (one pixel, unfiltered); with whole-pixel flows both agree."""
    feat = torch.arange(8.).view(1, 1, 1, 8).expand(1, 2, 4, 8).contiguous()
    flow = torch.zeros(1, 2, 4, 8)
    flow[:, 0] = 1.4
    bilinear = build(is_low_res_input=False).warp(feat, flow)
    nearest = build(is_low_res_input=False, warp_interpolation='nearest').warp(feat, flow)
    assert torch.allclose(bilinear[..., :6], feat[..., :6] + 1.4, atol=1e-5)
    assert torch.equal(nearest[..., :6], feat[..., :6] + 1)
    flow[:, 0] = 2
    assert torch.equal(build(is_low_res_input=False, warp_interpolation='nearest').warp(
        feat, flow)[..., :6], build(is_low_res_input=False).warp(feat, flow)[..., :6])
    with pytest.raises(ValueError, match='warp_interpolation'):
        build(warp_interpolation='bicubic')


@pytest.mark.parametrize('mode', ['bilinear', 'bicubic'])
def test_sr_head_skip_is_the_chosen_upsampling(mode):
    net = build(is_low_res_input=True, upsample_mode=mode)
    nn.init.zeros_(net.head.conv_last.weight)
    nn.init.zeros_(net.head.conv_last.bias)
    lqs = torch.rand(1, 2, 3, 16, 16)
    expected = torch.nn.functional.interpolate(lqs[0], scale_factor=4, mode=mode,
                                               align_corners=False)
    assert torch.allclose(net(lqs)[0], expected, atol=1e-6)


@pytest.mark.parametrize('kwargs', [
    dict(is_low_res_input=True, attention_radius=1),
    dict(is_low_res_input=False, downsample=2, attention_radius=2, num_layers=3),
])
def test_every_parameter_gets_a_gradient(kwargs):
    net = build(**kwargs)
    nn.init.normal_(net.head.conv_last.weight, std=0.1)  # past a same-size model's first step
    out = net(torch.rand(1, 5, 3, 32, 32))
    out.square().mean().backward()
    missing = [name for name, p in net.named_parameters()
               if p.grad is None or not torch.any(p.grad != 0)]
    assert missing == []
    assert any(name.startswith('flow_net.') for name, _ in net.named_parameters())


def test_radius_zero_builds_no_attention():
    net = build(attention_radius=0)
    assert net.attention is None
    assert net(torch.rand(1, 3, 3, 32, 32)).shape == (1, 3, 3, 128, 128)


@pytest.mark.parametrize('kwargs,match', [
    (dict(downsample=3), 'power of two'),
    (dict(attention_radius=-1), 'attention_radius'),
    (dict(chunk_size=4, chunk_overlap=2), 'chunk_size'),
    (dict(upsample_mode='nearest'), 'upsample_mode'),
    (dict(flow_downsample=0), 'flow_downsample'),
    (dict(flow_downsample=1.5), 'flow_downsample'),
    (dict(flow_downsample=2, flow_resolution=(64, 64)), 'at most one'),
    (dict(flow_upscale=0), 'flow_upscale'),
    (dict(flow_upscale=4, flow_downsample=2), 'at most one'),
    (dict(flow_upscale=4, flow_resolution=(64, 64)), 'at most one'),
])
def test_bad_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        build(**kwargs)


def test_bad_input_shape_raises():
    with pytest.raises(ValueError, match=r'\(n, t, 3, h, w\)'):
        build()(torch.rand(1, 3, 32, 32))


@torch.no_grad()
@pytest.mark.parametrize('is_low_res_input', [True, False])
def test_channels_last_weights_give_the_same_output_in_that_layout(is_low_res_input):
    net = build(is_low_res_input=is_low_res_input, downsample=1 if is_low_res_input else 2)
    net.eval()
    lqs = torch.rand(1, 3, 3, 24, 40)
    ref = net(lqs)
    layouts = []
    net.encoder_forward.gru.conv_q.register_forward_hook(
        lambda module, inputs, output: layouts.append(
            inputs[0].is_contiguous(memory_format=torch.channels_last)))
    net.to(memory_format=torch.channels_last)
    out = net(lqs)
    assert out.shape == ref.shape
    assert torch.allclose(out, ref, atol=1e-5)
    assert layouts and all(layouts)  # the frames followed the weights' layout


@torch.no_grad()
def test_chunked_equals_one_shot_when_chunk_covers_the_sequence():
    net = build(is_low_res_input=False).eval()
    lqs = torch.rand(1, 6, 3, 32, 32)
    one_shot = net.forward_one_shot(lqs)
    assert torch.equal(net.forward_chunked(lqs, chunk_size=6, overlap=2), one_shot)
    assert torch.equal(net.forward_chunked(lqs, chunk_size=10, overlap=1), one_shot)
    chunked_net = build(is_low_res_input=False, chunk_size=6, chunk_overlap=1).eval()
    assert torch.equal(chunked_net(lqs), one_shot)  # same seed, same weights


@torch.no_grad()
def test_chunked_restores_every_frame_from_its_own_chunk():
    net = build(is_low_res_input=False).eval()
    lqs = torch.rand(1, 7, 3, 32, 32)
    out = net.forward_chunked(lqs, chunk_size=4, overlap=1)  # segments of 2 frames
    assert out.shape == lqs.shape
    # frames 2-3 come from the chunk of frames 1..4 (one frame of context each side)
    assert torch.allclose(out[:, 2:4], net.forward_one_shot(lqs[:, 1:5])[:, 1:3])
    assert torch.allclose(out[:, 6:], net.forward_one_shot(lqs[:, 5:7])[:, 1:])


@MODELS.register_module()
class OracleShiftFlow(nn.Module):
    """Test double for the flow net: the integer shift that best maps img1 onto img2."""

    def forward_pyramid(self, img1, img2, bidirectional=True):
        def best_shift(a, b):  # flow from a to b: warp(b, flow) ~ a
            errors = {}
            for dx in range(-5, 6):
                for dy in range(-5, 6):
                    flow = a.new_tensor([dx, dy]).view(1, 2, 1, 1).expand(a.shape[0], 2,
                                                                         *a.shape[-2:])
                    errors[(dx, dy)] = (warp(b, flow) - a).abs()[..., 6:-6, 6:-6].mean()
            dx, dy = min(errors, key=errors.get)
            return a.new_tensor([dx, dy]).view(1, 2, 1, 1).expand(a.shape[0], 2, *a.shape[-2:])

        flows = dict(flows_12=[best_shift(img1, img2)])
        if bidirectional:
            flows['flows_21'] = [best_shift(img2, img1)]
        return flows


class SizeRecordingOracle(OracleShiftFlow):
    """:class:`OracleShiftFlow` that records the (h, w) of every pair it is given."""

    def __init__(self):
        super().__init__()
        self.sizes = []

    def forward_pyramid(self, img1, img2, bidirectional=True):
        self.sizes.append(tuple(img1.shape[-2:]))
        return super().forward_pyramid(img1, img2, bidirectional)


def test_compute_flow_directions_follow_basicvsr():
    """Camera pans by (+2, +1) px per frame: content moves by (-2, -1)."""
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    net = build(flow_net=dict(type='OracleShiftFlow'))
    flows_forward, flows_backward = net.compute_flow(lqs)
    assert flows_forward.shape == flows_backward.shape == (1, 2, 2, 32, 32)
    inner = (Ellipsis, slice(4, -4), slice(4, -4))
    for i in range(2):
        # flows_backward[:, i] aligns frame i+1 to frame i
        assert torch.allclose(warp(lqs[:, i + 1], flows_backward[:, i])[inner], lqs[:, i][inner],
                              atol=1e-5)
        # flows_forward[:, i] aligns frame i to frame i+1
        assert torch.allclose(warp(lqs[:, i], flows_forward[:, i])[inner],
                              lqs[:, i + 1][inner], atol=1e-5)
    # the flow from frame i to frame i+1 follows the content: (-2, -1)
    assert torch.all(flows_backward[:, :, 0] == -2) and torch.all(flows_backward[:, :, 1] == -1)
    assert torch.all(flows_forward == -flows_backward)


def test_symmetric_flow_keeps_consistent_flows_and_cancels_a_shared_bias():
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    plain = build(flow_net=dict(type='OracleShiftFlow'))
    sym = build(flow_net=dict(type='OracleShiftFlow'), symmetric_flow=True)
    for a, b in zip(plain.compute_flow(lqs), sym.compute_flow(lqs)):
        assert torch.allclose(a, b)  # a consistent pair (-2, -1) / (2, 1) is unchanged

    class Biased(nn.Module):
        """The same (0.7, -0.3) px in both directions, whatever the frames."""

        def forward_pyramid(self, img1, img2, bidirectional=True):
            flow = img1.new_tensor([0.7, -0.3]).view(1, 2, 1, 1).expand(
                img1.shape[0], 2, *img1.shape[-2:])
            return dict(flows_12=[flow], flows_21=[flow])

    sym.flow_net = Biased()
    flows_forward, flows_backward = sym.compute_flow(lqs)
    assert flows_forward.abs().max() < 1e-6 and flows_backward.abs().max() < 1e-6


def test_zero_flow_ablation_uses_no_motion_compensation():
    """zero_flow=True gives the flows and the output of a flow net that returns zeros."""
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    ablated = build(flow_net=dict(type='OracleShiftFlow'), zero_flow=True).eval()
    flows_forward, flows_backward = ablated.compute_flow(lqs)
    assert flows_forward.shape == (1, 2, 2, 32, 32) and not flows_forward.any()
    assert not flows_backward.any()

    class ZeroFlowNet(nn.Module):
        def forward_pyramid(self, img1, img2, bidirectional=True):
            zero = img1.new_zeros(img1.shape[0], 2, *img1.shape[-2:])
            return dict(flows_12=[zero], flows_21=[zero])

    reference = build(flow_net=dict(type='OracleShiftFlow')).eval()
    reference.flow_net = ZeroFlowNet()
    with torch.no_grad():
        assert torch.equal(ablated(lqs), reference(lqs))
        # with its motion compensation on, the same weights give another output
        ablated.zero_flow = False
        assert not torch.allclose(ablated(lqs), reference(lqs))


def test_global_flow_compensates_the_camera_and_not_an_object():
    """A flow net that returns a pan of (-2, -1) px with an object moving (3, 4) over a 4x4
    patch: with global_flow=True every flow is the pan, in both directions."""

    class PanAndObject(nn.Module):
        def forward_pyramid(self, img1, img2, bidirectional=True):
            flow = img1.new_tensor([-2.0, -1.0]).view(1, 2, 1, 1).repeat(
                img1.shape[0], 1, *img1.shape[-2:])
            flow[:, 0, 8:12, 8:12], flow[:, 1, 8:12, 8:12] = 3.0, 4.0
            return dict(flows_12=[flow], flows_21=[-flow])

    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    dense, pan = build(), build(global_flow=True)
    dense.flow_net = pan.flow_net = PanAndObject()
    (dense_forward, dense_backward), (flows_forward, flows_backward) = (
        dense.compute_flow(lqs), pan.compute_flow(lqs))
    assert dense_backward[0, 0, 0, 9, 9] == 3.0  # the dense flow keeps the object
    assert torch.all(flows_backward[:, :, 0] == -2.0) and torch.all(flows_backward[:, :, 1] == -1.0)
    assert torch.equal(flows_forward, -flows_backward)


def test_flow_input_gives_each_frame_its_flows_to_the_neighbours():
    """A pan of (+2, +1) px per frame: content moves by (-2, -1), so each frame's flow to the
    next frame is (-2, -1) and to the previous (+2, +1); zeros where there is no neighbour."""
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    net = build(flow_net=dict(type='OracleShiftFlow'), is_low_res_input=False, flow_input=True)
    motion = net.motion_inputs(lqs, *net.compute_flow(lqs))
    assert motion.shape == (1, 3, 4, 32, 32)
    expected = torch.tensor([[0, 0, -2, -1], [2, 1, -2, -1], [2, 1, 0, 0]], dtype=torch.float)
    assert torch.equal(motion.mean(dim=(-2, -1))[0], expected)
    assert torch.equal(motion, motion[..., :1, :1].expand_as(motion))  # the same at every pixel
    single = net.motion_inputs(lqs[:, :1], None, None)  # one frame: no neighbour
    assert single.shape == (1, 1, 4, 32, 32) and not single.any()


def test_flow_input_only_adds_input_channels_to_the_first_encoder_layer():
    """With the weights of the 4 flow channels at zero, a flow_input model is the plain model
    with the same weights; with them non-zero, the flows change its output."""
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    plain = build(flow_net=dict(type='OracleShiftFlow'), is_low_res_input=False).eval()
    nn.init.normal_(plain.head.conv_last.weight, std=0.1)  # not the identity
    fed = build(flow_net=dict(type='OracleShiftFlow'), is_low_res_input=False,
                flow_input=True).eval()
    state = fed.state_dict()
    for key, value in plain.state_dict().items():
        if state[key].shape == value.shape:
            state[key] = value
        else:  # a GRU gate of the first layer: [state | RGB | 4 flow channels] inputs
            assert key.startswith(('encoder_forward.gru.', 'encoder_backward.gru.'))
            state[key] = torch.cat([value, value.new_zeros(value.shape[0], 4, 3, 3)], dim=1)
    fed.load_state_dict(state)
    with torch.no_grad():
        assert torch.allclose(fed(lqs), plain(lqs), atol=1e-6)
        nn.init.normal_(fed.encoder_forward.gru.conv_q.weight[:, -4:], std=0.5)
        assert not torch.allclose(fed(lqs), plain(lqs), atol=1e-4)


def test_flow_input_without_motion_compensation_warps_nothing():
    """motion_compensation=False: the same weights give the zero-flow model's output while the
    flow channels' weights are zero, and another output once they are not (the flows reach the
    input, not the warps)."""
    lqs = panned_lqs(num_frames=3, size=(32, 32), step=(2, 1))
    kwargs = dict(flow_net=dict(type='OracleShiftFlow'), is_low_res_input=False, flow_input=True)
    unaligned = build(motion_compensation=False, **kwargs).eval()
    nn.init.normal_(unaligned.head.conv_last.weight, std=0.1)  # not the identity
    with torch.no_grad():
        for gru in (unaligned.encoder_forward.gru, unaligned.encoder_backward.gru):
            for conv in (gru.conv_z, gru.conv_r, gru.conv_q):
                conv.weight[:, -4:] = 0
    zero_flow = build(zero_flow=True, **kwargs).eval()
    aligned = build(**kwargs).eval()
    for net in (zero_flow, aligned):
        net.load_state_dict(unaligned.state_dict())
    with torch.no_grad():
        assert torch.allclose(unaligned(lqs), zero_flow(lqs), atol=1e-6)
        assert not torch.allclose(unaligned(lqs), aligned(lqs), atol=1e-4)
        nn.init.normal_(unaligned.encoder_forward.gru.conv_q.weight[:, -4:], std=0.5)
        zero_flow.load_state_dict(unaligned.state_dict())
        assert not torch.allclose(unaligned(lqs), zero_flow(lqs), atol=1e-4)
    with pytest.raises(ValueError, match='zero_flow=True'):
        build(motion_compensation=False)


def test_flow_resolution_rescales_flow_values():
    lqs = panned_lqs(num_frames=2, size=(32, 32), step=(2, 0))
    net = build(flow_net=dict(type='OracleShiftFlow'), flow_resolution=(64, 64))
    _, flows_backward = net.compute_flow(lqs)
    # estimated at 2x the size (a -4 px shift there), mapped back to -2 px
    assert flows_backward.shape == (1, 1, 2, 32, 32)
    assert torch.allclose(flows_backward[:, :, 0], torch.full((1, 1, 32, 32), -2.0))


def test_flow_downsample_follows_the_input_size():
    """A (4, 2) px pan estimated at 1/2 is a (2, 1) px shift there, mapped back to (4, 2)."""
    lqs = panned_lqs(num_frames=2, size=(48, 64), step=(4, 2))
    net = build(flow_downsample=2)
    net.flow_net = SizeRecordingOracle()
    flows_forward, flows_backward = net.compute_flow(lqs)
    assert net.flow_net.sizes == [(24, 32)]
    assert flows_backward.shape == (1, 1, 2, 48, 64)
    assert torch.all(flows_backward[:, :, 0] == -4) and torch.all(flows_backward[:, :, 1] == -2)
    assert torch.all(flows_forward == -flows_backward)
    # the 2x resize is the mean of each 2x2 block
    resized = torch.nn.functional.interpolate(lqs[:, 0], size=(24, 32), mode='bilinear',
                                              align_corners=False)
    assert torch.allclose(resized, torch.nn.functional.avg_pool2d(lqs[:, 0], 2), atol=1e-6)


def test_flow_upscale_estimates_at_a_multiple_of_the_input_size():
    """A (2, 1) px pan estimated at 2x is a (4, 2) px shift there, mapped back to (2, 1)."""
    lqs = panned_lqs(num_frames=2, size=(24, 32), step=(2, 1))
    net = build(flow_upscale=2)
    net.flow_net = SizeRecordingOracle()
    flows_forward, flows_backward = net.compute_flow(lqs)
    assert net.flow_net.sizes == [(48, 64)]
    assert flows_backward.shape == (1, 1, 2, 24, 32)
    assert torch.all(flows_backward[:, :, 0] == -2) and torch.all(flows_backward[:, :, 1] == -1)
    assert torch.all(flows_forward == -flows_backward)


def test_paper_configurations_parameter_counts():
    sr = MODELS.build(dict(type='S2SVRNet', mid_channels=64, num_blocks=13, num_layers=3))
    deblur = MODELS.build(dict(type='S2SVRNet', mid_channels=48, num_blocks=13, num_layers=3,
                               is_low_res_input=False))
    count = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    # 11.0 M / 6.96 M here vs ~12.0 M / ~7.4 M for the released code (see docs/network.md)
    assert count(sr) == pytest.approx(11.0e6, rel=0.01)
    assert count(deblur) == pytest.approx(6.96e6, rel=0.01)
    assert count(sr.flow_net) == count(deblur.flow_net) == pytest.approx(2.24e6, rel=0.01)

import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from skimage import data as skdata

from s2svr_testing import REPO_ROOT, panned_frames
from mmagic.registry import MODELS
from s2svr_mm.flow_evaluation import cost_volume_accuracy
from s2svr_mm.models.backbones.pwc_lite import normalize_features
from s2svr_mm.models.backbones.correlation import (correlation, correlation_mmcv,
                                                   correlation_torch)
from s2svr_mm.models.flow_utils import warp
from s2svr_mm.utils.checkpoint import load_flow_net_weights

#: The shipped weights that carry the legacy PWC-Lite (sr.pth did until 2026-12-03; the x4 model
#: shipped since then aligns with the parameter-free DISFlow).
SHIPPED = [osp.join(REPO_ROOT, 's2svr_mm', 'weights', name) for name in ('decompress.pth', )]


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


def astronaut(size=128):
    img = torch.from_numpy(skdata.astronaut()).permute(2, 0, 1)[None].float() / 255
    return F.interpolate(img, size=(size, size), mode='area')


@pytest.mark.parametrize('seed', [0, 1])
def test_fresh_pwc_lite_sees_its_inputs(seed):
    """A fresh network must not be a constant field: (a, b), (b, a) and two noise images give
    clearly different flows (PyTorch's default init with random biases gave differences of
    2e-4 px out of 4.5 px here; ARFlow's Kaiming init with zero biases about 10-20%)."""
    a = astronaut()
    b = torch.roll(a, shifts=(2, 3), dims=(2, 3))
    torch.manual_seed(seed)
    noise1, noise2 = torch.rand(2, 1, 3, 128, 128)
    net = MODELS.build(dict(type='PWCLite'))
    assert all(m.bias.abs().max() == 0 for m in net.modules() if isinstance(m, torch.nn.Conv2d))
    with torch.no_grad():
        f_ab, f_ba, f_noise = net(a, b), net(b, a), net(noise1, noise2)
    scale = f_ab.abs().mean()
    assert scale > 0.05  # not a zero field
    assert (f_ab - f_ba).abs().mean() > 0.05 * scale
    assert (f_ab - f_noise).abs().mean() > 0.05 * scale
    assert (f_ab.std(dim=(2, 3)) > 0.05 * scale).all()  # and not a constant one


def test_normalize_features_centres_and_scales_each_pixel():
    feat = torch.tensor([[1., 2., 3.], [5., 5., 5.]]).T.reshape(1, 3, 1, 2)
    out = normalize_features(feat)
    # (1, 2, 3) -> (-1, 0, 1) / sqrt(2); a constant vector -> zeros
    assert torch.allclose(out[0, :, 0, 0], torch.tensor([-1., 0., 1.]) / 2**0.5)
    assert torch.equal(out[0, :, 0, 1], torch.zeros(3))


@pytest.mark.parametrize('seed', [0, 1])
def test_normalized_cost_volume_of_a_fresh_network_sees_a_known_shift(seed):
    """Why ``normalize_features`` exists (docs/flow.md): a fresh network's raw features are all
    positive and their cost volume peaks at one offset whatever the motion, so there is nothing
    for the estimator to read; normalised, it peaks at the true shift of a real image."""
    img = astronaut(160)
    shift = (8, -4)  # b(p + shift) = a(p): 2 and -1 px at 1/4 resolution
    a, b = img[..., 16:144, 16:144], img[..., 20:148, 8:136]
    accuracy = {}
    for normalized in (False, True):
        torch.manual_seed(seed)
        net = MODELS.build(dict(type='PWCLite', normalize_features=normalized))
        with torch.no_grad():
            accuracy[normalized] = cost_volume_accuracy(net, a, b, shift, level=1)
    assert accuracy[True] > 0.6 and accuracy[False] < 0.3, accuracy
    with pytest.raises(ValueError):  # (8, -4) is (1, -0.5) px at 1/8 resolution
        cost_volume_accuracy(net, a, b, shift, level=2)


@pytest.mark.parametrize('flag', [dict(reduce_activation=False),
                                  dict(normalize_features=True)], ids=lambda f: next(iter(f)))
def test_flag_adds_no_parameter_and_keeps_the_keys(flag):
    """``reduce_activation=False`` (the legacy network) and ``normalize_features=True`` change
    the computation only: same state-dict keys, different flows from the same weights."""
    torch.manual_seed(0)
    default = MODELS.build(dict(type='PWCLite'))
    flagged = MODELS.build(dict(type='PWCLite', **flag))
    assert default.state_dict().keys() == flagged.state_dict().keys()
    flagged.load_state_dict(default.state_dict())
    a = astronaut(64)
    b = torch.roll(a, shifts=(1, 2), dims=(2, 3))
    with torch.no_grad():
        assert not torch.allclose(default(a, b), flagged(a, b))  # the flag is applied


@pytest.mark.parametrize('option, value, built', [
    ('normalize_features', True, dict()),
    ('num_decoded_levels', 5, dict(num_decoded_levels=4)),
    ('reduce_activation', False, dict())])
def test_pretrained_recorded_with_another_option_raises(tmp_path, option, value, built):
    """These options add no parameter (or take a subset of the keys), so the weights load
    silently into the wrong network; the config recorded in the checkpoint is checked instead."""
    torch.manual_seed(0)
    recorded = f'{option}={value}'
    cfg = f"model = dict(type='FlowPretrainer', flow_net=dict(type='PWCLite', {recorded}))\n"
    path = str(tmp_path / 'recorded.pth')
    torch.save({'state_dict': MODELS.build(dict(type='PWCLite')).state_dict(),
                'meta': {'cfg': cfg}}, path)
    with pytest.raises(ValueError, match=rf'PWCLite\({recorded}\)'):
        MODELS.build(dict(type='PWCLite', pretrained=path, **built))
    net = MODELS.build(dict(type='PWCLite', pretrained=path, **{option: value}))
    assert getattr(net, option) == value
    torch.save({'state_dict': net.state_dict()}, path)  # no config recorded: not checked
    MODELS.build(dict(type='PWCLite', pretrained=path, **built))


def test_pretrained_recorded_without_an_option_means_its_old_default(tmp_path):
    """A recorded config that omits ``normalize_features`` or ``num_decoded_levels`` meant
    False / 5; one that omits ``reduce_activation`` is not checked (older configs meant False,
    newer True)."""
    cfg = "model = dict(type='FlowPretrainer', flow_net=dict(type='PWCLite'))\n"
    path = str(tmp_path / 'plain.pth')
    torch.save({'state_dict': MODELS.build(dict(type='PWCLite')).state_dict(),
                'meta': {'cfg': cfg}}, path)
    for reduce_activation in (True, False):
        MODELS.build(dict(type='PWCLite', pretrained=path, reduce_activation=reduce_activation))
    with pytest.raises(ValueError, match=r'PWCLite\(normalize_features=False\)'):
        MODELS.build(dict(type='PWCLite', pretrained=path, normalize_features=True))
    with pytest.raises(ValueError, match=r'PWCLite\(num_decoded_levels=5\)'):
        MODELS.build(dict(type='PWCLite', pretrained=path, num_decoded_levels=4))


@pytest.mark.parametrize('weights', SHIPPED)
def test_shipped_flow_nets_load_into_the_legacy_pwc_lite(weights):
    net = MODELS.build(dict(type='PWCLite', reduce_activation=False))
    load_flow_net_weights(net, weights)
    assert net.reduce[0].bias.abs().max() > 0  # the trained weights, not the fresh init


def test_pretrained_is_read_once_for_weights_and_recorded_config(tmp_path, monkeypatch):
    from s2svr_mm.utils import build_flow_net
    cfg = "model = dict(type='FlowPretrainer', flow_net=dict(type='PWCLite', search_range=3))\n"
    trained = MODELS.build(dict(type='PWCLite', search_range=3))
    path = str(tmp_path / 'flow.pth')
    torch.save({'state_dict': {f'student.{k}': v for k, v in trained.state_dict().items()},
                'meta': {'cfg': cfg}}, path)
    reads = []
    load = torch.load
    monkeypatch.setattr(torch, 'load', lambda *a, **k: reads.append(a[0]) or load(*a, **k))
    net = MODELS.build(dict(type='PWCLite', search_range=3, pretrained=path))
    assert reads == [path]
    built = build_flow_net(path)  # the recorded config gives search_range=3
    assert reads == [path, path] and built.search_range == 3
    for a, b in zip(net.state_dict().values(), trained.state_dict().values()):
        assert torch.equal(a, b)
    with pytest.raises(KeyError, match=f'{path} holds no complete teacher'):
        build_flow_net(path, part='teacher')


def test_bf16_autocast_features_of_a_narrow_frame_are_finite_and_close():
    """A padded input of 128x64 makes the coarsest pyramid level convolve a 4x2 map, which
    torch's bfloat16 CPU convolution gets wrong (1e35, NaN): that level runs in float32."""
    torch.manual_seed(0)
    net = MODELS.build(dict(type='PWCLite')).eval().to(memory_format=torch.channels_last)
    img = torch.rand(2, 3, 128, 64).contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        reference = net.extract_features(img)
        with torch.autocast('cpu', dtype=torch.bfloat16):
            feats = net.extract_features(img)
    assert [f.shape[-2:] for f in feats][-2:] == [(4, 2), (2, 1)]
    for ref, feat in zip(reference, feats):
        assert torch.isfinite(feat).all()
        assert (feat.float() - ref).abs().max() <= 0.05 * ref.abs().max() + 1e-3

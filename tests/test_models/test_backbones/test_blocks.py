import pytest
import torch

from s2svr_mm.models.backbones import ConvGRU, LocalAttention, ResConvGRU
from s2svr_mm.models.flow_utils import resize_flow, warp


def test_warp_constant_flow_is_one_pixel_shift():
    feat = torch.arange(2 * 3 * 5 * 7, dtype=torch.float32).view(2, 3, 5, 7)
    flow = torch.zeros(2, 2, 5, 7)
    flow[:, 0] = 1.0  # output(x, y) = feat(x + 1, y)
    out = warp(feat, flow)
    assert torch.allclose(out[..., :-1], feat[..., 1:], atol=1e-4)
    assert torch.all(out[..., -1] == 0)  # sampled outside the frame: zeros padding
    flow = torch.zeros(2, 2, 5, 7)
    flow[:, 1] = -1.0  # output(x, y) = feat(x, y - 1)
    assert torch.allclose(warp(feat, flow)[..., 1:, :], feat[..., :-1, :], atol=1e-4)


def test_resize_flow_rescales_values_per_axis():
    flow = torch.ones(1, 2, 8, 10)
    out = resize_flow(flow, (16, 5))
    assert out.shape == (1, 2, 16, 5)
    assert torch.allclose(out[:, 0], torch.full((1, 16, 5), 0.5))  # x: 5 / 10
    assert torch.allclose(out[:, 1], torch.full((1, 16, 5), 2.0))  # y: 16 / 8
    assert resize_flow(flow, (8, 10)) is flow


def test_conv_gru_keeps_state_shape_and_interpolates():
    gru = ConvGRU(hidden_channels=4, input_channels=3)
    h, x = torch.randn(2, 4, 6, 6), torch.randn(2, 3, 6, 6)
    out = gru(h, x)
    assert out.shape == h.shape
    # with the update gate forced shut (z = 0) the state passes through unchanged
    torch.nn.init.zeros_(gru.conv_z.weight)
    torch.nn.init.constant_(gru.conv_z.bias, -1e4)
    assert torch.allclose(gru(h, x), h)


def test_conv_gru_fused_gates_equal_separate_convolutions():
    """Eq. 2-4 with z and r from their own convolutions, written out."""
    torch.manual_seed(0)
    gru = ConvGRU(hidden_channels=5, input_channels=3)
    h, x = torch.randn(2, 5, 6, 7), torch.randn(2, 3, 6, 7)
    hx = torch.cat([h, x], dim=1)
    z, r = torch.sigmoid(gru.conv_z(hx)), torch.sigmoid(gru.conv_r(hx))
    q = torch.tanh(gru.conv_q(torch.cat([r * h, x], dim=1)))
    assert torch.allclose(gru(h, x), (1 - z) * h + z * q, atol=1e-6)


def test_res_conv_gru_fusion_needs_other_state():
    layer = ResConvGRU(8, 3, num_blocks=1, fuse_state=True)
    h, x, other = torch.randn(1, 8, 4, 4), torch.randn(1, 3, 4, 4), torch.randn(1, 8, 4, 4)
    assert layer(h, x, other).shape == (1, 8, 4, 4)
    plain = ResConvGRU(8, 3, num_blocks=2)
    assert plain.fusion is None and len(plain.res_blocks) == 2
    assert plain(h, x).shape == (1, 8, 4, 4)


@pytest.mark.parametrize('radius', [0, 1, 2])
def test_local_attention_weights_sum_to_one_over_2r_plus_1(radius):
    attention = LocalAttention(mid_channels=4)
    k = 2 * radius + 1
    query, latents = torch.randn(2, 4, 5, 6), torch.randn(2, k, 4, 5, 6)
    weights = attention.weights(query, latents)
    assert weights.shape == (2, k, 4, 5, 6)
    assert torch.all(weights >= 0)
    assert torch.allclose(weights.sum(dim=1), torch.ones(2, 4, 5, 6), atol=1e-6)
    context = attention(query, latents)
    assert torch.allclose(context, (weights * latents).sum(1))


def test_local_attention_of_identical_latents_returns_them():
    attention = LocalAttention(mid_channels=3)
    z = torch.randn(1, 3, 4, 4)
    assert torch.allclose(attention(torch.randn(1, 3, 4, 4), z[:, None].repeat(1, 3, 1, 1, 1)),
                          z, atol=1e-6)

"""s2svr_mm/models/backbones/dis_flow.py: DIS as a flow net with PWC-Lite's interface, on a real
frame with a known shift, and inside S2SVRNet."""
import pytest
import torch

from s2svr_mm.flow_evaluation import to_tensor
from s2svr_mm.models.backbones import DISFlow, S2SVRNet
from s2svr_mm.models.flow_utils import warp
from s2svr_testing import shifted_pair, tree_frame


def shifted_tree_pair(dx, dy):
    """(1, 3, h, w) RGB img1 and img2 of a real frame (tests/data/tree_96x96): pixel p of img1
    is at p + (dx, dy) in img2."""
    return [to_tensor(img) for img in shifted_pair(tree_frame(), dx, dy)]


def test_forward_pyramid_gives_the_shift_both_ways():
    img1, img2 = shifted_tree_pair(3, -2)
    flows = DISFlow().forward_pyramid(img1, img2, bidirectional=True)
    assert len(flows['flows_12']) == len(flows['flows_21']) == 1
    inner = (slice(None), slice(None), slice(6, -6), slice(6, -6))
    flow_12, flow_21 = flows['flows_12'][0][inner], flows['flows_21'][0][inner]
    assert flow_12.shape == (1, 2, img1.shape[2] - 12, img1.shape[3] - 12)
    assert torch.allclose(flow_12.median(-1)[0].median(-1)[0], torch.tensor([[3., -2.]]),
                          atol=0.1)
    assert torch.allclose(flow_21.median(-1)[0].median(-1)[0], torch.tensor([[-3., 2.]]),
                          atol=0.1)
    # the convention of flow_utils: warp(img2, F_12) reconstructs img1
    rebuilt = warp(img2, flows['flows_12'][0], 'border')[inner]
    assert (rebuilt - img1[inner]).abs().mean() < 0.5 * (img2 - img1)[inner].abs().mean()
    assert set(DISFlow().forward_pyramid(img1, img2, bidirectional=False)) == {'flows_12'}


def test_bad_input_and_preset():
    with pytest.raises(ValueError, match='unknown DIS preset'):
        DISFlow('slow')
    with pytest.raises(ValueError, match=r'\(n, 3, h, w\)'):
        DISFlow()(torch.rand(1, 3, 16, 16), torch.rand(1, 3, 16, 20))


def test_s2svr_net_aligns_with_dis_flow():
    """A same-size S2SVRNet built with DIS flow (no parameters to freeze) runs, and its flows
    are DIS's: moving frame 2 by the shift moves its flow the same way."""
    torch.manual_seed(0)
    net = S2SVRNet(mid_channels=8, num_blocks=1, num_layers=1, is_low_res_input=False,
                   flow_net=dict(type='DISFlow'))
    assert not list(net.flow_net.parameters())
    img1, img2 = shifted_tree_pair(3, -2)
    lqs = torch.stack([img1, img2], dim=1)
    flows_forward, flows_backward = net.compute_flow(lqs)
    inner = (slice(None), slice(None), slice(None), slice(6, -6), slice(6, -6))
    assert torch.allclose(flows_backward[inner].median(-1)[0].median(-1)[0],
                          torch.tensor([[[3., -2.]]]), atol=0.1)  # frame 0 -> frame 1
    assert torch.allclose(flows_forward[inner].median(-1)[0].median(-1)[0],
                          torch.tensor([[[-3., 2.]]]), atol=0.1)  # frame 1 -> frame 0
    with torch.no_grad():
        out = net(lqs)
    assert out.shape == lqs.shape and torch.allclose(out, lqs, atol=1e-6)  # starts as identity


@pytest.mark.parametrize('h,w', [(10, 9), (4, 16), (1, 1)])
def test_frames_smaller_than_opencv_allows_are_padded(h, w):
    """OpenCV's DIS refuses frames under 12 px on both sides; a tile or crop that small gets a
    flow of its own size, and a static pair gives zero flow."""
    img = to_tensor(tree_frame())[..., 20:20 + h, 30:30 + w]
    flow = DISFlow()(img, img)
    assert flow.shape == (1, 2, h, w) and flow.is_contiguous()
    assert flow.abs().max() < 1e-3


def test_flow_of_a_pair_does_not_depend_on_earlier_calls():
    """OpenCV's DIS object keeps state across calls of different sizes; DISFlow must not (a
    tile of one size, then the whole frame, must give the whole frame's flow)."""
    img1, img2 = shifted_tree_pair(2, 1)
    net = DISFlow()
    first = net(img1, img2)
    net(img1[..., :32, :32].contiguous(), img2[..., :32, :32].contiguous())
    assert torch.equal(net(img1, img2), first)

import pytest
import torch
from torch import nn

from mmagic.registry import MODELS
from s2svr_mm.models.backbones import MinSizePadWrapper


@MODELS.register_module(force=True)
class _SizeCheckingNet(nn.Module):
    """Refuses inputs smaller than 8x8, like BasicVSR++ refuses < 256x256; doubles pixels."""

    def forward(self, lqs):
        assert lqs.shape[-2] >= 8 and lqs.shape[-1] >= 8
        return lqs.repeat_interleave(2, dim=-1).repeat_interleave(2, dim=-2)


def test_pads_small_inputs_and_crops_back_exactly():
    wrapper = MinSizePadWrapper(dict(type='_SizeCheckingNet'), min_size=(8, 8), scale=2)
    lqs = torch.rand(1, 3, 3, 5, 6)
    out = wrapper(lqs)
    assert out.shape == (1, 3, 3, 10, 12)
    # the crop keeps exactly the pixels computed from the real input
    assert torch.equal(out, lqs.repeat_interleave(2, -1).repeat_interleave(2, -2))


def test_large_inputs_pass_through_unpadded():
    wrapper = MinSizePadWrapper(dict(type='_SizeCheckingNet'), min_size=(8, 8), scale=2)
    lqs = torch.rand(2, 2, 3, 9, 8)
    assert torch.equal(wrapper(lqs), wrapper.net(lqs))


def test_basicvsr_plusplus_runs_below_its_minimum_size():
    net = MinSizePadWrapper(
        dict(type='BasicVSRPlusPlusNet', mid_channels=16, num_blocks=1, is_low_res_input=False,
             spynet_pretrained=None))
    lqs = torch.rand(1, 2, 3, 40, 36)
    with pytest.raises(AssertionError):
        net.net(lqs)
    out = net(lqs)
    assert out.shape == lqs.shape
    out.mean().backward()
    assert all(p.grad is not None for n, p in net.named_parameters()
               if 'spynet' not in n and 'dcn_offset' not in n)

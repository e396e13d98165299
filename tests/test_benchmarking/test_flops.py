"""s2svr_mm.benchmarking.flops: MACs of a conv counted by hand, and of mmcv's deformable conv."""
import pytest
import torch

from s2svr_mm.benchmarking.flops import conv_macs, count_macs, gflops


def test_conv_macs_by_hand_match_the_counter():
    conv = torch.nn.Conv2d(8, 16, 3, 1, 1, bias=False)
    macs, uncounted = count_macs(conv, torch.rand(2, 8, 10, 12))
    assert conv_macs(2, 8, 16, 10, 12) == macs == 2 * 16 * 10 * 12 * 8 * 9
    assert uncounted == {}
    assert conv_macs(1, 3, 5, 4, 4, kernel=1) == 5 * 16 * 3


def test_gflops_counts_a_mac_as_two_flops():
    assert gflops(1e9, 1.0) == pytest.approx(2.0)
    assert gflops(3e9, 0.5) == pytest.approx(12.0)


def test_deformable_conv_counted_as_its_dense_conv():
    from mmcv.ops import ModulatedDeformConv2d

    class Deform(torch.nn.Module):

        def __init__(self):
            super().__init__()
            self.dcn = ModulatedDeformConv2d(8, 16, 3, padding=1, deform_groups=2)

        def forward(self, x):
            n, _, h, w = x.shape
            return self.dcn(x, x.new_zeros(n, 2 * 2 * 9, h, w), x.new_ones(n, 2 * 9, h, w))

    macs, uncounted = count_macs(Deform(), torch.rand(1, 8, 10, 12))
    assert macs == conv_macs(1, 8, 16, 10, 12)
    assert not any('DeformConv' in op for op in uncounted)

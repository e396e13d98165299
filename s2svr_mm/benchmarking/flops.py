"""Multiply-adds of a network, counted by mmengine's ``FlopAnalyzer`` (fvcore's rules).

One multiply-add is one MAC; 1 MAC = 2 FLOPs. mmcv's modulated deformable conv, which the
counter does not know, is counted as the dense conv of its shape.
"""
import numpy as np
import torch
from mmengine.analysis import FlopAnalyzer
from mmengine.analysis.jit_handles import get_shape

COUNTER = ('mmengine.analysis.FlopAnalyzer (fvcore rules; one multiply-add = 1 MAC; '
           'conv, linear, matmul, interpolation and grid_sample are counted; element-wise ops '
           'are not), plus a handle counting mmcv ModulatedDeformConv2d as the conv of its shape')


def conv_macs(batch, in_channels, out_channels, height, width, kernel=3):
    """Multiply-adds of a stride-1 'same' conv2d: one per output value, input channel and tap."""
    return batch * out_channels * height * width * in_channels * kernel * kernel


def gflops(macs, seconds):
    """GFLOP/s of ``macs`` multiply-adds done in ``seconds`` (1 MAC = 2 FLOPs)."""
    return 2 * macs / seconds / 1e9


def deform_conv_handle(inputs, outputs):
    """MACs of mmcv's modulated deformable conv: those of the dense conv of the same shape
    (inputs: x, offset, mask, weight (out, in/groups, kh, kw), bias)."""
    weight = get_shape(inputs[3])
    return int(np.prod(get_shape(outputs[0]))) * weight[1] * weight[2] * weight[3]


def count_macs(model, lqs):
    """Multiply-adds of ``model(lqs)`` and the ops the counter skipped.

    Returns:
        tuple[int, dict]: total MACs, {op name: occurrences} of the uncounted ops.
    """
    analyzer = FlopAnalyzer(model, (lqs, ))
    analyzer.set_op_handle('prim::PythonOp.ModulatedDeformConv2dFunction', deform_conv_handle)
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    analyzer.tracer_warnings('none')
    with torch.no_grad():
        total = analyzer.total()
    return total, dict(analyzer.unsupported_ops())

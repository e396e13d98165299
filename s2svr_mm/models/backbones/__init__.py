"""Networks of s2svr_mm: S2SVRNet, PWC-Lite and their blocks (re-exports)."""
from .blocks import ConvGRU, LocalAttention, ResConvGRU
from .min_size_pad import MinSizePadWrapper
from .pwc_lite import PWCLite
from .s2svr_net import S2SVRNet

__all__ = ['ConvGRU', 'ResConvGRU', 'LocalAttention', 'MinSizePadWrapper', 'PWCLite', 'S2SVRNet']

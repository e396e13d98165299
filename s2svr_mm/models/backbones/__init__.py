"""Networks of s2svr_mm: S2SVRNet, PWC-Lite (and DIS flow, a reference) and their blocks
(re-exports)."""
from .blocks import ConvGRU, LocalAttention, ResConvGRU
from .dis_flow import DISFlow
from .min_size_pad import MinSizePadWrapper
from .pwc_lite import PWCLite
from .s2svr_net import S2SVRNet

__all__ = ['ConvGRU', 'ResConvGRU', 'LocalAttention', 'DISFlow', 'MinSizePadWrapper', 'PWCLite',
           'S2SVRNet']

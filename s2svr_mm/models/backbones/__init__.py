from .blocks import ConvGRU, LocalAttention, ResConvGRU
from .pwc_lite import PWCLite
from .s2svr_net import S2SVRNet

__all__ = ['ConvGRU', 'ResConvGRU', 'LocalAttention', 'PWCLite', 'S2SVRNet']

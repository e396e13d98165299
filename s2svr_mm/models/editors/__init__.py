from .flow_pretrainer import FlowPretrainer
from .s2svr import S2SVR

__all__ = ['S2SVR', 'FlowPretrainer']

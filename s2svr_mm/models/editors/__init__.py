"""Training wrappers (MMagic editors) of S2SVR and of the flow pretraining (re-exports)."""
from .flow_pretrainer import FlowPretrainer
from .s2svr import S2SVR

__all__ = ['S2SVR', 'FlowPretrainer']

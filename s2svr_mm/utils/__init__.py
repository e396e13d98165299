from .checkpoint import load_flow_net_weights, register_safe_globals

__all__ = ['load_flow_net_weights', 'register_safe_globals']

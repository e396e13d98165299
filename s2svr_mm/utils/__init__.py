"""Checkpoint utilities of s2svr_mm (re-exports)."""
from .checkpoint import load_flow_net_weights, register_safe_globals

__all__ = ['load_flow_net_weights', 'register_safe_globals']

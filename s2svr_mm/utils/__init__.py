"""Checkpoint utilities of s2svr_mm (re-exports)."""
from .checkpoint import (FLOW_NET_PARTS, build_flow_net, config_flow_net, flow_net_config,
                         load_flow_net_weights, read_checkpoint, register_safe_globals)

__all__ = [
    'FLOW_NET_PARTS', 'build_flow_net', 'config_flow_net', 'flow_net_config',
    'load_flow_net_weights', 'read_checkpoint', 'register_safe_globals'
]

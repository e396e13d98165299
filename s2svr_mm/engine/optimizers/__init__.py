"""Optimizer wrappers of s2svr_mm (re-exports)."""
from .finite_check_optim_wrapper import FiniteCheckOptimWrapper

__all__ = ['FiniteCheckOptimWrapper']

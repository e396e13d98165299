from .finite_check_optim_wrapper import FiniteCheckOptimWrapper

__all__ = ['FiniteCheckOptimWrapper']

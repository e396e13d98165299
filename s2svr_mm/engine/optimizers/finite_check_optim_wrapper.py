"""An OptimWrapper that refuses to apply an update computed from a non-finite loss or gradient."""
import logging
from typing import Dict, Optional

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.optim import OptimWrapper

from mmagic.registry import OPTIM_WRAPPERS


@OPTIM_WRAPPERS.register_module()
class FiniteCheckOptimWrapper(OptimWrapper):
    """mmengine's ``OptimWrapper`` that checks the loss and the gradients for NaN/Inf.

    One NaN (a corrupt frame, an exploding flow, a division by a zero norm in a loss) turns
    every weight NaN at the next optimizer step, and training then continues silently on a
    dead model. This wrapper checks, for every model and loss that trains through it
    (restoration loss, flow losses):

    * the loss, before the backward pass;
    * the gradients of all parameters, before the optimizer step (after accumulation and, under
      DDP, after the all-reduce).

    On a non-finite value, ``on_nonfinite='raise'`` stops training with a ``FloatingPointError``
    naming the iteration and the offending loss value or parameters; ``'skip'`` discards the
    gradients of the current update (the whole accumulation window), leaves the weights and the
    optimizer state (e.g. Adam's moments) unchanged, logs a warning, counts the skip
    (``skipped_steps``, logged as ``train/skipped_steps`` and kept in checkpoints), and raises
    only after ``max_consecutive_skips`` skips in a row (a diverged run). The decision is taken
    jointly by all ranks (one all-reduce of a flag), so they raise or skip together and no rank
    is left waiting in a collective.

    Args:
        optimizer (Optimizer): As ``OptimWrapper``.
        on_nonfinite (str): ``'raise'`` or ``'skip'``. Default: 'raise'.
        max_consecutive_skips (int): With ``'skip'``: raise after this many updates in a row
            were skipped. Default: 10.
        **kwargs: ``OptimWrapper`` arguments (``accumulative_counts``, ``clip_grad``).

    Raises:
        ValueError: for an unknown ``on_nonfinite`` or ``max_consecutive_skips < 1``.

    Example::

        optim_wrapper = dict(type='FiniteCheckOptimWrapper', on_nonfinite='skip',
                             optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.99)))
    """

    def __init__(self, optimizer, on_nonfinite: str = 'raise', max_consecutive_skips: int = 10,
                 **kwargs):
        super().__init__(optimizer, **kwargs)
        if on_nonfinite not in ('raise', 'skip'):
            raise ValueError(f"on_nonfinite must be 'raise' or 'skip', got {on_nonfinite!r}")
        if max_consecutive_skips < 1:
            raise ValueError(f'max_consecutive_skips must be >= 1, got {max_consecutive_skips}')
        self.on_nonfinite = on_nonfinite
        self.max_consecutive_skips = max_consecutive_skips
        self.skipped_steps = 0
        self._consecutive_skips = 0
        self._window_problem: Optional[str] = None  # why the current accumulation window is bad
        self._param_names: Dict[int, str] = {}

    def initialize_count_status(self, model, init_counts: int, max_counts: int) -> None:
        """As ``OptimWrapper``; also learns the parameter names used in error messages."""
        super().initialize_count_status(model, init_counts, max_counts)
        module = model.module if is_model_wrapper(model) else model
        self._param_names = {id(p): name for name, p in module.named_parameters()}

    def update_params(self, loss: torch.Tensor, step_kwargs: Optional[Dict] = None,
                      zero_kwargs: Optional[Dict] = None) -> None:
        """Backward, then step unless the loss or the gradients are non-finite.

        Args:
            loss (Tensor): The scalar loss of the current batch.
            step_kwargs (dict, optional): Arguments for ``optimizer.step``.
            zero_kwargs (dict, optional): Arguments for ``optimizer.zero_grad``.

        Raises:
            FloatingPointError: with ``'raise'`` on a non-finite loss or gradient; with
                ``'skip'`` after ``max_consecutive_skips`` skipped updates in a row.
        """
        step_kwargs = step_kwargs or {}
        zero_kwargs = zero_kwargs or {}
        local_finite = bool(torch.isfinite(loss.detach()).all())
        if not _finite_on_all_ranks(local_finite, loss.device):
            problem = (f'non-finite loss ({_describe(loss)})' if not local_finite else
                       'non-finite loss on another rank')
            if self.on_nonfinite == 'raise':
                self._reject(problem)
            self._window_problem = self._window_problem or problem
        # The backward pass runs even for a rejected loss: under DDP every rank has to take part
        # in the gradient all-reduce that the forward pass prepared. Its gradients are dropped.
        self.backward(self.scale_loss(loss))
        if not self.should_update():
            return
        problem = self._window_problem or self._nonfinite_gradients()
        self._window_problem = None
        if problem:
            self.zero_grad(**zero_kwargs)
            self._reject(problem)
            return
        self.step(**step_kwargs)
        self.zero_grad(**zero_kwargs)
        self._consecutive_skips = 0
        if self.skipped_steps:
            self.message_hub.update_scalar('train/skipped_steps', self.skipped_steps)

    def state_dict(self) -> dict:
        """The optimizer's state plus ``skipped_steps``."""
        state = super().state_dict()
        state['skipped_steps'] = self.skipped_steps
        return state

    def load_state_dict(self, state_dict: dict) -> None:
        """Load an optimizer state (one saved by a plain ``OptimWrapper`` too)."""
        state_dict = dict(state_dict)
        self.skipped_steps = int(state_dict.pop('skipped_steps', 0))
        super().load_state_dict(state_dict)

    def _nonfinite_gradients(self) -> Optional[str]:
        """Describe the non-finite gradients (on any rank), or None if all are finite."""
        params = [p for group in self.optimizer.param_groups for p in group['params']
                  if p.grad is not None]
        grads = [p.grad.detach() for p in params]
        finite = not grads or bool(torch.isfinite(torch.nn.utils.get_total_norm(grads)))
        device = grads[0].device if grads else torch.device('cpu')
        if _finite_on_all_ranks(finite, device):
            return None
        bad = [self._param_names.get(id(p), f'<unnamed {tuple(p.shape)}>') for p in params
               if not bool(torch.isfinite(p.grad).all())]
        if not finite and not bad:
            return 'the total gradient norm overflows (every single gradient is finite)'
        if not bad:
            return 'non-finite gradients on another rank'
        more = f' and {len(bad) - 3} more' if len(bad) > 3 else ''
        return f'non-finite gradients of {len(bad)} parameters ({", ".join(bad[:3])}{more})'

    def _reject(self, problem: str) -> None:
        """Raise, or count and log a skipped update; raise after too many in a row."""
        iteration = self.message_hub.get_info('iter')  # 0-based, set by RuntimeInfoHook
        where = 'this step' if iteration is None else f'iteration {iteration + 1}'
        if self.on_nonfinite == 'raise':
            raise FloatingPointError(
                f'{where}: {problem}; the weights were not updated. Set '
                "optim_wrapper.on_nonfinite='skip' to skip such updates instead.")
        self.skipped_steps += 1
        self._consecutive_skips += 1
        self.message_hub.update_scalar('train/skipped_steps', self.skipped_steps)
        print_log(f'Skipped the update of {where}: {problem} ({self._consecutive_skips} in a '
                  f'row, {self.skipped_steps} in total).', logger='current',
                  level=logging.WARNING)
        if self._consecutive_skips >= self.max_consecutive_skips:
            raise FloatingPointError(
                f'{where}: {self._consecutive_skips} updates in a row were skipped '
                f'(max_consecutive_skips={self.max_consecutive_skips}), the last for {problem}: '
                'training has diverged.')


def _finite_on_all_ranks(finite: bool, device) -> bool:
    """True when ``finite`` holds on every rank (one all-reduce when distributed)."""
    if get_world_size() == 1:
        return finite
    flag = torch.tensor([0.0 if finite else 1.0], device=device)
    all_reduce(flag)
    return flag.item() == 0


def _describe(tensor: torch.Tensor) -> str:
    """The value of a scalar tensor, or its count of non-finite entries."""
    if tensor.numel() == 1:
        return str(tensor.item())
    bad = int((~torch.isfinite(tensor)).sum())
    return f'{bad} of {tensor.numel()} entries non-finite'

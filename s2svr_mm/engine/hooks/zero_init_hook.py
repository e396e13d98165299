"""Zero-initialise named layers at the start of a fresh run (issue #17: the same head start for
MMagic's baselines as ``S2SVRNet(zero_init_head=True)`` gives S2SVR)."""
import torch.nn as nn
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmagic.registry import HOOKS


@HOOKS.register_module()
class ZeroInitHook(Hook):
    """Set the weights and biases of named modules to zero before the first iteration.

    For networks that cannot be told to start as their skip connection, e.g. MMagic's
    ``BasicVSRNet`` (``conv_last`` over an upsampled input): with
    ``modules=['generator.conv_last']`` a fresh model returns its bilinear x4 input exactly, as
    ``S2SVRNet(zero_init_head=True)`` does (docs/results.md, "Issue 17: why the x4 recipe stayed
    near bicubic"). Not an MMagic feature.

    Runs in ``before_train``, after ``init_weights`` and after ``load_from``/``--resume``: it
    leaves the model alone when the run loaded a checkpoint (``load_from``) or resumed, so
    fine-tuning and resuming keep their weights.

    Args:
        modules (list[str]): Dotted names of modules of the model (without a DDP wrapper's
            ``module.``), each with a ``weight`` and optionally a ``bias``.

    Raises:
        ValueError: for an empty list, or (in ``before_train``) a name the model lacks or a
            module without a ``weight``.
    """

    priority = 'VERY_LOW'

    def __init__(self, modules):
        if not modules:
            raise ValueError('ZeroInitHook needs at least one module name')
        self.modules = list(modules)

    def before_train(self, runner):
        # mmengine 0.10.7 sets `_has_loaded` in `load_or_resume` (load_from or a resumed checkpoint)
        if runner.iter > 0 or getattr(runner, '_has_loaded', False):
            return
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        named = dict(model.named_modules())
        for name in self.modules:
            module = named.get(name)
            if module is None or not isinstance(getattr(module, 'weight', None), nn.Parameter):
                raise ValueError(f'ZeroInitHook: the model has no module {name!r} with a weight')
            nn.init.zeros_(module.weight)
            if getattr(module, 'bias', None) is not None:
                nn.init.zeros_(module.bias)
        runner.logger.info(f'ZeroInitHook: zero-initialised {", ".join(self.modules)}')

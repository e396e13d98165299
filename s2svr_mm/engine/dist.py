"""Distributed training on CPU-only machines through mmengine's own launchers (gloo backend).

mmengine 0.10.7 assumes a GPU in two places, so ``--launcher pytorch`` (torchrun,
``tools/dist_train.sh``, ``mim train --launcher pytorch``) and ``--launcher slurm`` fail on a
machine without one, whatever ``env_cfg.dist_cfg.backend`` says:

1. ``mmengine.dist.utils._init_dist_pytorch`` and ``_init_dist_slurm`` call
   ``torch.cuda.set_device(local_rank)`` before ``init_process_group``
   (``RuntimeError: Found no NVIDIA driver on your system``);
2. ``Runner.wrap_model`` builds ``MMDistributedDataParallel(device_ids=[LOCAL_RANK])``, which
   torch refuses for a module on CPU (``device_ids and output_device arguments only work with
   single-device/multiple-device GPU modules``).

:func:`enable_cpu_distributed` (called when :mod:`s2svr_mm.engine` is imported) wraps both:
without an accelerator, (1) runs mmengine's initialisation with ``torch.cuda.set_device``
disabled and refuses ``nccl`` with a clear message, and (2) leaves ``device_ids`` unset. With a
GPU, both run mmengine's code unchanged.

Sources: mmengine 0.10.7 ``mmengine/dist/utils.py`` and ``mmengine/runner/runner.py``
(``wrap_model``); torch ``DistributedDataParallel.__init__`` (the ``device_ids`` check).
"""
import functools
from contextlib import contextmanager

import mmengine.dist.utils as mmengine_dist_utils
import mmengine.runner.runner as mmengine_runner
import torch
from mmengine.device import get_device
from mmengine.model import MMDistributedDataParallel

from mmagic.registry import MODEL_WRAPPERS

#: torch.distributed backends that run without GPUs.
CPU_BACKENDS = ('gloo', 'mpi')
_LAUNCHER_INITS = ('_init_dist_pytorch', '_init_dist_slurm')


@MODEL_WRAPPERS.register_module()
class CPUCapableDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` that also wraps a model whose parameters are on CPU.

    torch's DDP requires ``device_ids=None`` for a CPU module; mmengine always passes the local
    rank. For a CPU module both ``device_ids`` and ``output_device`` are dropped; for a GPU
    module nothing changes. The runner's default wrapper once :func:`enable_cpu_distributed`
    ran; name it in ``model_wrapper_cfg`` to use it with other settings.

    Args:
        module (nn.Module): The model to wrap.
        device_ids (list[int], optional): As DDP. Ignored for a CPU module.
        output_device (int, optional): As DDP. Ignored for a CPU module.
        **kwargs: ``MMDistributedDataParallel`` / DDP arguments
            (``find_unused_parameters``, ``broadcast_buffers``, ...).
    """

    def __init__(self, module, device_ids=None, output_device=None, **kwargs):
        first = next(module.parameters(), None)
        if first is None or first.device.type == 'cpu':
            device_ids = output_device = None
        super().__init__(module=module, device_ids=device_ids, output_device=output_device,
                         **kwargs)


def _has_accelerator() -> bool:
    """Whether mmengine's launchers can set a device (CUDA, NPU, MLU, MUSA)."""
    return get_device() not in ('cpu', 'mps')


@contextmanager
def _cuda_set_device_disabled():
    """Make ``torch.cuda.set_device`` a no-op for the duration (CPU-only processes)."""
    set_device = torch.cuda.set_device
    torch.cuda.set_device = lambda device: None
    try:
        yield
    finally:
        torch.cuda.set_device = set_device


def _cpu_capable(launcher_init):
    """Wrap one of mmengine's ``_init_dist_*`` functions so that it works without a GPU."""

    @functools.wraps(launcher_init)
    def init(backend, *args, **kwargs):
        if _has_accelerator():
            return launcher_init(backend, *args, **kwargs)
        if backend not in CPU_BACKENDS:
            raise RuntimeError(
                f'distributed backend {backend!r} needs GPUs and this machine has none; use '
                "env_cfg.dist_cfg.backend='gloo' (e.g. --cfg-options "
                'env_cfg.dist_cfg.backend=gloo)')
        with _cuda_set_device_disabled():
            return launcher_init(backend, *args, **kwargs)

    init.cpu_capable = True
    return init


def enable_cpu_distributed() -> None:
    """Let mmengine's ``pytorch`` and ``slurm`` launchers and its default DDP wrapper run on
    CPU-only machines (see the module docstring). Idempotent.
    """
    for name in _LAUNCHER_INITS:
        launcher_init = getattr(mmengine_dist_utils, name)
        if not getattr(launcher_init, 'cpu_capable', False):
            setattr(mmengine_dist_utils, name, _cpu_capable(launcher_init))
    mmengine_runner.MMDistributedDataParallel = CPUCapableDistributedDataParallel

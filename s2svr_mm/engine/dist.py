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

A config switches both fixes on with ``runner_type='CPUCapableRunner'`` (set in
``configs/_base_/default_runtime.py``; ``tools/train.py`` and ``tools/test.py`` build the
config's ``runner_type``): :class:`CPUCapableRunner` is mmengine's ``Runner`` whose
``setup_env`` runs mmengine's initialisation inside :func:`cpu_launch` (without an accelerator
``torch.cuda.set_device`` is a no-op for the duration and ``nccl`` is refused with a clear
message) and whose default DDP wrapper (``model_wrapper_cfg`` unset) is
:class:`CPUCapableDistributedDataParallel`, which leaves ``device_ids`` unset for a CPU model.
With a GPU, both run mmengine's code unchanged. Importing this module only registers the two
classes, in mmengine's root registries (``RUNNERS.build`` and ``Runner.wrap_model`` look names
up there without a default scope, so a class registered in MMagic's child registries would
need an ``mmagic.`` prefix); nothing of mmengine is patched.

Sources: mmengine 0.10.7 ``mmengine/dist/utils.py`` and ``mmengine/runner/runner.py``
(``setup_env``, ``wrap_model``); torch ``DistributedDataParallel.__init__`` (the
``device_ids`` check).
"""
from contextlib import contextmanager

import torch
from mmengine.device import get_device
from mmengine.model import MMDistributedDataParallel, is_model_wrapper
from mmengine.registry import MODEL_WRAPPERS, RUNNERS
from mmengine.runner import Runner

#: torch.distributed backends that run without GPUs.
CPU_BACKENDS = ('gloo', 'mpi')


@MODEL_WRAPPERS.register_module()
class CPUCapableDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` that also wraps a model whose parameters are on CPU.

    torch's DDP requires ``device_ids=None`` for a CPU module; mmengine always passes the local
    rank. For a CPU module both ``device_ids`` and ``output_device`` are dropped; for a GPU
    module nothing changes. :class:`CPUCapableRunner`'s default wrapper; name it in
    ``model_wrapper_cfg`` to use it with other settings.

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


@contextmanager
def cpu_launch(backend: str):
    """Context in which mmengine's launchers (``init_dist``) initialise ``backend`` on a
    machine without an accelerator; with one, it changes nothing.

    Args:
        backend (str): The ``torch.distributed`` backend (``env_cfg.dist_cfg.backend``).

    Raises:
        RuntimeError: Without an accelerator, for a backend that needs GPUs (``nccl``).
    """
    if _has_accelerator():
        yield
        return
    if backend not in CPU_BACKENDS:
        raise RuntimeError(
            f'distributed backend {backend!r} needs GPUs and this machine has none; use '
            "env_cfg.dist_cfg.backend='gloo' (e.g. --cfg-options "
            'env_cfg.dist_cfg.backend=gloo)')
    with _cuda_set_device_disabled():
        yield


@RUNNERS.register_module()
class CPUCapableRunner(Runner):
    """mmengine's ``Runner`` whose distributed launch and default DDP wrapper also work on
    CPU-only machines (see the module docstring). Select it with
    ``runner_type='CPUCapableRunner'``; all arguments are ``Runner``'s.
    """

    def setup_env(self, env_cfg: dict) -> None:
        """``Runner.setup_env`` inside :func:`cpu_launch` when the run is distributed."""
        if not self.distributed:
            return super().setup_env(env_cfg)
        with cpu_launch(env_cfg.get('dist_cfg', {}).get('backend', 'nccl')):
            super().setup_env(env_cfg)

    def wrap_model(self, model_wrapper_cfg, model):
        """``Runner.wrap_model``; where mmengine would build its default
        ``MMDistributedDataParallel``, builds :class:`CPUCapableDistributedDataParallel` with
        the same arguments (``broadcast_buffers=False``, the config's
        ``find_unused_parameters``)."""
        if model_wrapper_cfg is None and self.distributed and not is_model_wrapper(model):
            model_wrapper_cfg = dict(
                type='CPUCapableDistributedDataParallel', broadcast_buffers=False,
                find_unused_parameters=self.cfg.get('find_unused_parameters', False))
        return super().wrap_model(model_wrapper_cfg, model)


def build_runner(cfg):
    """The runner a config asks for: its ``runner_type`` (:class:`CPUCapableRunner` in the
    shipped configs), else mmengine's ``Runner`` -- as MMagic's ``tools/train.py``.

    Args:
        cfg (Config): A full training/testing config.

    Returns:
        Runner: The built runner.
    """
    return RUNNERS.build(cfg) if 'runner_type' in cfg else Runner.from_cfg(cfg)

"""Loading a generator for inference: device choice, config, build, and weights.

:func:`load_generator` builds ``model.generator`` of an mmengine config, with
``flow_pretrained`` cleared (:func:`clear_flow_pretrained`: the checkpoint carries the flow
network), and fills it from a checkpoint with mmengine's loader: ``CheckpointLoader`` reads the
file (local paths with ``torch.load``'s default ``weights_only=True`` on torch >= 2.6, which
``import s2svr_mm`` makes accept mmengine's checkpoints; ``trusted://`` paths as
``load_from``), and mmengine's ``revise_keys`` strips the editor's ``generator.`` prefix
(:data:`GENERATOR_KEYS`).

Importing any ``s2svr_mm`` module runs ``s2svr_mm/__init__.py``, which registers the models
and the checkpoint types.
"""
import copy
import re
from typing import Optional

import torch
from mmengine.runner import CheckpointLoader
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from .catalogue import TASK_SCALES
from .errors import RestoreError, first_line

#: The prefix of a generator's weights in its editor's checkpoint (``BaseEditModel.generator``).
GENERATOR_PREFIX = r'^generator\.'
#: mmengine ``revise_keys`` that turn an editor's ``generator.*`` keys into the generator's.
GENERATOR_KEYS = [(GENERATOR_PREFIX, '')]


def resolve_device(device: str = 'auto', fp16: bool = False) -> torch.device:
    """The torch device for ``'auto'`` (CUDA if available, else CPU), ``'cpu'`` or ``'cuda'``.

    Raises:
        RestoreError: If CUDA is asked for but unavailable, or ``fp16`` without CUDA (exit
            code 2).
    """
    cuda = torch.cuda.is_available()
    if device == 'auto':
        device = 'cuda' if cuda else 'cpu'
    if device.startswith('cuda') and not cuda:
        raise RestoreError('--device cuda: CUDA is not available on this machine', 2)
    if device not in ('cpu', 'cuda') and not device.startswith('cuda:'):
        raise RestoreError(f"unknown device '{device}' (use auto, cpu or cuda)", 2)
    if fp16 and not device.startswith('cuda'):
        raise RestoreError(f'--fp16 needs a CUDA device (the device is {device})', 2)
    return torch.device(device)


def load_config(config: str):
    """Read an mmengine config (its ``custom_imports`` are imported).

    Returns:
        mmengine.Config: The config.

    Raises:
        RestoreError: If the file cannot be parsed or has no ``model.generator``.
    """
    from mmengine.config import Config
    try:
        cfg = Config.fromfile(config)
    except Exception as err:  # syntax errors, bad _base_, failed imports, ...
        raise RestoreError(f"cannot read config '{config}': {first_line(err)}") from None
    if not isinstance(cfg.get('model'), dict) or not isinstance(
            cfg.model.get('generator'), dict):
        raise RestoreError(f"config '{config}' has no model.generator")
    return cfg


def clear_flow_pretrained(generator_cfg: dict) -> None:
    """Set a generator config's ``flow_pretrained`` to None, in place, where it has one.

    For inference from a checkpoint, which carries the flow network: PWC-Lite would otherwise
    load the (training-time) file ``flow_pretrained`` names on construction.
    """
    if 'flow_pretrained' in generator_cfg:
        generator_cfg['flow_pretrained'] = None


def read_state_dict(checkpoint: str) -> dict:
    """The state dict of a checkpoint file, read by mmengine's ``CheckpointLoader``.

    Raises:
        RestoreError: If the file is not a loadable (safe) checkpoint or holds no state dict.
    """
    try:
        ckpt = CheckpointLoader.load_checkpoint(checkpoint, map_location='cpu', logger='silent')
    except Exception as err:  # unpickling errors, not a zip/pickle file, refused globals
        raise RestoreError(f"cannot load checkpoint '{checkpoint}': {first_line(err)}") from None
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        raise RestoreError(f"checkpoint '{checkpoint}' holds no state dict")
    return state


def _mismatch_summary(report: str) -> str:
    """``'N missing, M unexpected and K wrongly shaped weights (e.g. 'key')'`` from the report
    of mmengine's ``load_state_dict(strict=True)`` (mmengine 0.10.7 wording)."""

    def keys(label):
        found = re.search(label + r' in source state_dict: (.*)', report)
        return found.group(1).split(', ') if found else []

    missing, unexpected = keys('missing keys'), keys('unexpected key')
    mismatched = re.findall(r'size mismatch for (\S+?):', report)
    if not (missing or unexpected or mismatched):
        return report.strip().splitlines()[0] if report.strip() else 'RuntimeError'
    example = (missing or unexpected or mismatched)[0]
    return (f'{len(missing)} missing, {len(unexpected)} unexpected and {len(mismatched)} '
            f"wrongly shaped weights (e.g. '{example}')")


def load_weights(generator, checkpoint: str, config: str = '') -> None:
    """Fill ``generator`` from a checkpoint; every weight must fit (``strict=True``).

    Accepts an mmengine training checkpoint of an editor (``state_dict`` with ``generator.*``
    keys; the editor's own buffers, e.g. ``step_counter``, are left out), a bare state dict
    with ``generator.*`` keys, or a bare generator state dict. Half-precision weights are cast
    to the generator's dtype. The weights go in through ``_load_checkpoint_to_model``, the step
    of mmengine's ``load_checkpoint`` (and of ``Runner.load_checkpoint``) after reading the
    file: ``load_checkpoint`` itself would keep the editor's buffers, which ``strict=True``
    refuses.

    Args:
        generator (nn.Module): The network to fill.
        checkpoint (str): Checkpoint path.
        config (str): The config the generator was built from (named in errors).

    Raises:
        RestoreError: If the checkpoint cannot be read or does not fit the generator.
    """
    state = read_state_dict(checkpoint)
    prefix = re.compile(GENERATOR_PREFIX)
    if any(prefix.match(key) for key in state):
        state = {k: v for k, v in state.items() if prefix.match(k)}
    try:
        _load_checkpoint_to_model(generator, state, strict=True, logger='silent',
                                  revise_keys=GENERATOR_KEYS)
    except RuntimeError as err:  # mmengine's report of missing/unexpected/misshapen keys
        raise RestoreError(f"checkpoint '{checkpoint}' does not fit the generator of "
                           f"'{config}': {_mismatch_summary(str(err))}") from None


def load_generator(config: str, checkpoint: str, device='cpu', task: Optional[str] = None,
                   flow_downsample: Optional[int] = None):
    """Build ``model.generator`` of ``config`` and load its weights from ``checkpoint``.

    ``flow_pretrained`` is cleared before building (the checkpoint carries the flow
    network). Half-precision checkpoints are fine (tensors are cast on loading).

    Args:
        config (str): mmengine config path.
        checkpoint (str): Checkpoint path (see :func:`load_weights`).
        device (str | torch.device): Where to put the generator. Default: 'cpu'.
        task (str, optional): If given, the generator's scale must be the task's
            (:data:`~s2svr_mm.apis.catalogue.TASK_SCALES`).
        flow_downsample (int, optional): Replaces the generator's ``flow_downsample`` (flows
            estimated at 1/k of the input size; an S2SVRNet argument, the weights are the
            same). Default: None (the config's).

    Returns:
        tuple[nn.Module, mmengine.Config]: The generator (eval mode, float32, on ``device``)
        and the config.

    Raises:
        RestoreError: If the config or checkpoint cannot be read, the weights do not match
            the generator, or the generator does not do ``task``; for a ``flow_downsample``
            under 1 or with a config that fixes ``flow_resolution`` (exit code 2).
    """
    from mmagic.registry import MODELS
    cfg = load_config(config)
    gen_cfg = copy.deepcopy(cfg.model.generator)
    clear_flow_pretrained(gen_cfg)
    if flow_downsample is not None:
        if flow_downsample < 1 or gen_cfg.get('flow_resolution'):
            raise RestoreError(f'--flow-downsample {flow_downsample}: need an integer >= 1 and '
                               "a config without a fixed flow_resolution (this one's: "
                               f"{gen_cfg.get('flow_resolution')})", 2)
        gen_cfg['flow_downsample'] = flow_downsample
    try:
        generator = MODELS.build(gen_cfg)
    except Exception as err:  # unknown type, bad arguments
        raise RestoreError(f"cannot build model.generator of '{config}': "
                           f'{first_line(err)}') from None
    load_weights(generator, checkpoint, config)
    scale = generator_scale(generator)
    if task is not None and scale is not None and scale != TASK_SCALES[task]:
        need = 'is_low_res_input=True' if task == 'sr' else 'is_low_res_input=False'
        raise RestoreError(f"'{config}' is a x{scale} model, but task '{task}' needs "
                           f'x{TASK_SCALES[task]} ({need})')
    return generator.float().eval().to(device), cfg


def generator_scale(generator) -> Optional[int]:
    """Output/input size ratio of a generator (``upscale`` or ``is_low_res_input``), or None."""
    if hasattr(generator, 'upscale'):
        return int(generator.upscale)
    if hasattr(generator, 'is_low_res_input'):
        return 4 if generator.is_low_res_input else 1
    return None

"""Which model restores which task, and loading it for inference.

:data:`DEFAULT_MODELS` is the one place that says which config and weights a task uses when
the user passes none. :func:`load_generator` builds ``model.generator`` of an mmengine config
and fills it from a training checkpoint (``generator.*`` keys) with the safe loader
(``torch.load(weights_only=True)``, which ``import s2svr_mm`` makes accept mmengine's
checkpoints).

Importing any ``s2svr_mm`` module runs ``s2svr_mm/__init__.py``, which registers the models
and the checkpoint types.
"""
import copy
import os.path as osp
from typing import Optional, Tuple

import torch

#: The restoration tasks, as the CLI names them.
TASKS = ('sr', 'deblur', 'decompress')
#: Output/input size ratio of each task's model (``S2SVRNet.upscale``).
TASK_SCALES = {'sr': 4, 'deblur': 1, 'decompress': 1}
#: Task -> (config path relative to the package's configs folder, weights file name in
#: ``s2svr_mm/weights/``): the CPU-scale models of issue #17, trained on the motion sequences
#: (README, "Results"; each weights file records its config and training command under
#: ``meta``). A default is usable only once both files exist.
DEFAULT_MODELS = {
    'sr': ('s2svr/s2svr_c16b2_1xb2-900_motion-seqs-bix4.py', 'sr.pth'),
    'deblur': ('s2svr/s2svr_c16b2_1xb2-400_motion-seqs-blur.py', 'deblur.pth'),
    'decompress': ('s2svr/s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py', 'decompress.pth'),
}
#: Smallest input side in pixels: PWC-Lite estimates flow at 1/4 of the input at best, so a
#: 16-pixel side gives a 4x4 flow field; smaller frames carry no usable motion.
MIN_INPUT_SIZE = 16

PACKAGE_DIR = osp.dirname(osp.dirname(osp.abspath(__file__)))


class RestoreError(Exception):
    """A problem the user can fix (model files, options); one-line message.

    Attributes:
        exit_code (int): Exit status the CLI should use: 1 for a bad file, 2 for bad or
            missing options.
    """

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def first_line(err: BaseException) -> str:
    """``'TypeName: first line of the message'`` of an exception (for one-line reports)."""
    text = str(err).strip().splitlines()
    return f'{type(err).__name__}: {text[0]}' if text else type(err).__name__


def config_path(relative: str) -> str:
    """Absolute path of a config shipped with the package.

    Installed packages carry ``configs/`` as ``s2svr_mm/.mim/configs`` (see ``setup.py``); a
    source checkout has it at the repository root.

    Args:
        relative (str): Path inside ``configs/``, e.g. ``'s2svr/<name>.py'``.

    Returns:
        str: The installed copy if it exists, else the checkout's.
    """
    installed = osp.join(PACKAGE_DIR, '.mim', 'configs', relative)
    if osp.isfile(installed):
        return installed
    return osp.join(osp.dirname(PACKAGE_DIR), 'configs', relative)


def default_model(task: str) -> Tuple[str, str]:
    """The shipped config and weights of ``task``.

    Returns:
        tuple[str, str]: Absolute paths (config, weights); either may not exist yet.

    Raises:
        RestoreError: For an unknown task (exit code 2).
    """
    if task not in DEFAULT_MODELS:
        raise RestoreError(f"unknown task '{task}' (choose from {', '.join(TASKS)})", 2)
    config, weights = DEFAULT_MODELS[task]
    return config_path(config), osp.join(PACKAGE_DIR, 'weights', weights)


def resolve_model(task: str, config: Optional[str] = None,
                  checkpoint: Optional[str] = None) -> Tuple[str, str]:
    """The config and checkpoint to use: the user's, or the task's shipped default.

    ``checkpoint`` alone is read with the task's default config; ``config`` alone is refused
    (it would run random weights).

    Returns:
        tuple[str, str]: (config, checkpoint) paths, both existing.

    Raises:
        RestoreError: If the task has no shipped model yet, ``config`` comes without
            ``checkpoint`` (exit code 2), or a given file does not exist (exit code 1).
    """
    default_config, default_weights = default_model(task)
    if config is not None and checkpoint is None:
        raise RestoreError('--config needs --checkpoint (a config alone has no weights)', 2)
    if checkpoint is None:
        if not (osp.isfile(default_config) and osp.isfile(default_weights)):
            raise RestoreError(f"no shipped default model for task '{task}' yet; pass --config "
                               'and --checkpoint', 2)
        return default_config, default_weights
    config = default_config if config is None else config
    for kind, path in (('config', config), ('checkpoint', checkpoint)):
        if not osp.isfile(path):
            raise RestoreError(f"{kind} '{path}' does not exist")
    return config, checkpoint


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


def generator_state_dict(checkpoint: str) -> dict:
    """The generator weights of a checkpoint, loaded with ``weights_only=True``.

    Accepts an mmengine training checkpoint (``state_dict`` with ``generator.*`` keys), a bare
    state dict with ``generator.*`` keys, or a bare generator state dict.

    Raises:
        RestoreError: If the file is not a loadable (safe) checkpoint.
    """
    try:
        ckpt = torch.load(checkpoint, map_location='cpu', weights_only=True)
    except Exception as err:  # unpickling errors, not a zip/pickle file, refused globals
        raise RestoreError(f"cannot load checkpoint '{checkpoint}': {first_line(err)}") from None
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        raise RestoreError(f"checkpoint '{checkpoint}' holds no state dict")
    prefix = 'generator.'
    if any(key.startswith(prefix) for key in state):
        state = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
    return state


def load_generator(config: str, checkpoint: str, device='cpu', task: Optional[str] = None,
                   flow_downsample: Optional[int] = None):
    """Build ``model.generator`` of ``config`` and load its weights from ``checkpoint``.

    ``flow_pretrained`` is cleared before building (the checkpoint carries the flow
    network). Half-precision checkpoints are fine (tensors are cast on loading).

    Args:
        config (str): mmengine config path.
        checkpoint (str): Checkpoint path.
        device (str | torch.device): Where to put the generator. Default: 'cpu'.
        task (str, optional): If given, the generator's scale must be the task's
            (:data:`TASK_SCALES`).
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
    if 'flow_pretrained' in gen_cfg:
        gen_cfg['flow_pretrained'] = None
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
    state = generator_state_dict(checkpoint)
    own = generator.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    mismatched = [k for k in own if k in state and state[k].shape != own[k].shape]
    if missing or unexpected or mismatched:
        example = (missing or unexpected or mismatched)[0]
        raise RestoreError(f"checkpoint '{checkpoint}' does not fit the generator of "
                           f"'{config}': {len(missing)} missing, {len(unexpected)} unexpected "
                           f"and {len(mismatched)} wrongly shaped weights (e.g. '{example}')")
    generator.load_state_dict(state)
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

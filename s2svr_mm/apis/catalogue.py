"""The task catalogue: which tasks exist and which shipped config and weights restore each.

:data:`DEFAULT_MODELS` is the one place that says which config and weights a task uses when
the user passes none; :func:`resolve_model` picks between those and the user's files. Nothing
here builds or loads a model (that is :mod:`s2svr_mm.apis.loading`).
"""
import os.path as osp
from typing import Optional, Tuple

from .errors import RestoreError

#: The restoration tasks, as the CLI names them.
TASKS = ('sr', 'deblur', 'decompress')
#: Output/input size ratio of each task's model (``S2SVRNet.upscale``).
TASK_SCALES = {'sr': 4, 'deblur': 1, 'decompress': 1}
#: Task -> (config path relative to the package's configs folder, weights file name in
#: ``s2svr_mm/weights/``): the CPU-scale models of issue #17, trained on the motion sequences
#: (README, "Results"; each weights file records its config and training command under
#: ``meta``). A default is usable only once both files exist.
DEFAULT_MODELS = {
    'sr': (('s2svr/s2svr_c16b2_1xb1-6750_motion-seqs-real-clips-long-two-thirds-bix4_'
            'flow-student-up2.py'), 'sr.pth'),
    'deblur': ('s2svr/s2svr_c16b2_1xb2-800_motion-seqs-blur-15f_zero-flow_from-deblur.py',
               'deblur.pth'),
    'decompress': ('s2svr/s2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37.py', 'decompress.pth'),
}
#: Smallest input side in pixels: PWC-Lite estimates flow at 1/4 of the input at best, so a
#: 16-pixel side gives a 4x4 flow field; smaller frames carry no usable motion.
MIN_INPUT_SIZE = 16

PACKAGE_DIR = osp.dirname(osp.dirname(osp.abspath(__file__)))


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

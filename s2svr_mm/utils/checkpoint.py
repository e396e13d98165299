"""Checkpoint loading that works under torch >= 2.6 without trusting arbitrary pickles.

torch >= 2.6 loads with ``weights_only=True`` by default, and mmengine 0.10.7's
``load_checkpoint`` and ``Runner.resume`` then fail on a training checkpoint: its ``meta``
holds the message hub's ``HistoryBuffer`` objects (numpy arrays inside) and numpy scalars.
Instead of switching the unpickler off, :func:`register_safe_globals` adds exactly those types
to torch's allow-list, so ``weights_only=True`` keeps refusing anything else (a pickle that
would run code). It runs when ``s2svr_mm`` is imported; no environment variable is needed.

What importing this module does to other libraries, and why it cannot wait for a config:
``s2svr_mm/__init__.py`` calls :func:`register_safe_globals` (every ``torch.load`` of a training
checkpoint, mmengine's ``resume`` included, needs it, and a config is not read first by all of
them), and the ``trusted://`` scheme is registered with mmengine's ``CheckpointLoader`` (a new
prefix, like registering a model: it overrides no existing scheme, and only a path that starts
with it, e.g. ``load_from='trusted://...'`` in a config, uses it).
"""
import logging
import os.path as osp

import numpy as np
import torch
from mmengine.logging import print_log
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader


def _numpy_globals():
    """The numpy callables/classes a pickled ndarray, dtype or scalar refers to."""
    multiarray = np.core.multiarray
    dtype_classes = [type(np.dtype(code)) for code in '?bBhHiIlLqQefdgFDGUSOMm']
    return [multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype, *dtype_classes]


# ``getattr``: a HistoryBuffer pickles its statistics methods as ``getattr(buffer, 'mean')``.
# The unpickler still refuses to *call* anything not allow-listed, so it cannot reach code.
SAFE_GLOBALS = [HistoryBuffer, getattr, *_numpy_globals()]


def register_safe_globals():
    """Allow-list mmengine's and numpy's checkpoint types for ``torch.load(weights_only=True)``.

    Idempotent. Does nothing on torch versions without ``add_safe_globals``.
    """
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is not None:
        add(SAFE_GLOBALS)


def read_checkpoint(filename, map_location='cpu'):
    """``torch.load(filename, weights_only=True)`` (with this module's allow-list), so that
    one read can serve :func:`load_flow_net_weights` and :func:`flow_net_config`.

    Args:
        filename (str): Path of the checkpoint.
        map_location (str): Device for the loaded tensors. Default: 'cpu'.

    Returns:
        dict: The checkpoint (a plain state dict, or mmengine's dict with ``state_dict`` and
        ``meta``).

    Raises:
        FileNotFoundError: if ``filename`` does not exist.
    """
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint not found: {filename}')
    return torch.load(filename, map_location=map_location, weights_only=True)


#: The ``part`` values of :func:`load_flow_net_weights`: a ``FlowPretrainer`` checkpoint's two
#: networks, and the flow network inside a restoration checkpoint.
FLOW_NET_PARTS = ('student', 'teacher', 'generator.flow_net')


def load_flow_net_weights(flow_net, checkpoint, map_location='cpu', part=None, name=None):
    """Load PWC-Lite weights from a plain state dict or a ``FlowPretrainer`` checkpoint.

    A ``FlowPretrainer`` checkpoint holds ``student.*`` and ``teacher.*`` weights; the student
    is taken when present (it is the network trained on LQ frames, Alg. 1 step 2), otherwise
    the teacher. A checkpoint of a full restoration model (``generator.flow_net.*``) works too.

    Args:
        flow_net (nn.Module): The network to fill.
        checkpoint (str | dict): Path of the checkpoint, or the checkpoint
            :func:`read_checkpoint` returned for it.
        map_location (str): Device for the loaded tensors when ``checkpoint`` is a path.
            Default: 'cpu'.
        part (str, optional): 'student' or 'teacher' to take that network of a
            ``FlowPretrainer`` checkpoint only, 'generator.flow_net' the flow network of a
            restoration checkpoint only. Default: None (the student when present).
        name (str, optional): What the KeyError message calls the checkpoint. Default: None
            (its path, or 'the checkpoint' for a loaded one).

    Raises:
        FileNotFoundError: if the path ``checkpoint`` does not exist.
        KeyError: if the checkpoint holds no complete set of weights for ``flow_net`` (or for
            the requested ``part``).
        ValueError: if ``part`` is neither None, 'student', 'teacher' nor 'generator.flow_net'.
    """
    if part is not None and part not in FLOW_NET_PARTS:
        raise ValueError(f'part must be None or one of {FLOW_NET_PARTS}, got {part!r}')
    name = name or (checkpoint if isinstance(checkpoint, str) else 'the checkpoint')
    if isinstance(checkpoint, str):
        checkpoint = read_checkpoint(checkpoint, map_location)
    state = checkpoint.get('state_dict', checkpoint)
    own = set(flow_net.state_dict())
    prefixes = (('student.', 'teacher.', 'generator.flow_net.', 'flow_net.', '')
                if part is None else (part + '.',))
    for prefix in prefixes:  # each of the net's own keys, looked up under the prefix
        if all(prefix + k in state for k in own):
            flow_net.load_state_dict({k: state[prefix + k] for k in own})
            return
    what = f'{part} ' if part else ''
    raise KeyError(f'{name} holds no complete {what}{type(flow_net).__name__} weights')


def flow_net_config(checkpoint):
    """The flow-network config a checkpoint was trained or exported with, or None.

    Read from the config text mmengine saves in a training checkpoint (``meta.cfg``) or from
    the config path an exported one records (``meta.config``, ``tools/export_weights.py``):
    ``model.flow_net`` of a ``FlowPretrainer``, else ``model.generator.flow_net``. Its
    ``pretrained`` entry is dropped (the weights are the checkpoint's own). Lets a tool build
    the network the weights belong to (e.g. ``PWCLite(normalize_features=True)``) without
    being told.

    Args:
        checkpoint (str | dict): Path of the checkpoint, or the checkpoint
            :func:`read_checkpoint` returned for it.

    Returns:
        dict | None: e.g. ``{'type': 'PWCLite', 'normalize_features': True}``; None when the
        checkpoint records no config or its config has no flow network.

    Raises:
        FileNotFoundError: if the path ``checkpoint`` does not exist.
    """
    from mmengine.config import Config
    if isinstance(checkpoint, str):
        checkpoint = read_checkpoint(checkpoint)
    meta = checkpoint.get('meta') or {}
    if isinstance(meta.get('cfg'), str):
        cfg = Config.fromstring(meta['cfg'], file_format='.py')
    elif isinstance(meta.get('config'), str) and osp.isfile(meta['config']):
        cfg = Config.fromfile(meta['config'])
    else:
        return None
    return config_flow_net(cfg)


def config_flow_net(cfg):
    """The flow-network entry of a config: ``model.flow_net`` of a ``FlowPretrainer``, else
    ``model.generator.flow_net`` of a restorer, without its ``pretrained`` entry.

    Args:
        cfg (mmengine.Config | dict): A training config.

    Returns:
        dict | None: e.g. ``{'type': 'PWCLite'}``; None when the config has no flow network.
    """
    model = cfg.get('model', {})
    flow_net = model.get('flow_net') or model.get('generator', {}).get('flow_net')
    if not flow_net:
        return None
    flow_net = dict(flow_net)
    flow_net.pop('pretrained', None)
    return flow_net


def build_flow_net(filename, part=None, default=None):
    """The flow network of a checkpoint, built as its recorded config says
    (:func:`flow_net_config`, e.g. ``PWCLite(normalize_features=True)``) and filled by
    :func:`load_flow_net_weights`, in eval mode; the file is read once.

    Args:
        filename (str): Path of the checkpoint.
        part (str, optional): As :func:`load_flow_net_weights`. Default: None.
        default (dict, optional): Config used when the checkpoint records none.
            Default: None (``dict(type='PWCLite')``).

    Returns:
        nn.Module: The network.

    Raises:
        FileNotFoundError, KeyError, ValueError: as :func:`load_flow_net_weights`.
    """
    from mmagic.registry import MODELS
    checkpoint = read_checkpoint(filename)
    cfg = flow_net_config(checkpoint) or dict(default or dict(type='PWCLite'))
    net = MODELS.build(cfg)
    load_flow_net_weights(net, checkpoint, part=part, name=filename)
    return net.eval()


# -- explicit opt-in: full unpickling of a checkpoint you trust --------------------------------

#: Prefix of a checkpoint path that opts in to :func:`load_trusted_checkpoint` wherever mmengine
#: loads a checkpoint (``load_from``, ``resume``, ``mim test --checkpoint``, ``load_checkpoint``).
TRUSTED_PREFIX = 'trusted://'


def load_trusted_checkpoint(filename, map_location='cpu'):
    """Load a checkpoint with ``weights_only=False``: **any code pickled into it runs**.

    Everything else in s2svr_mm, mmengine and torch >= 2.6 loads checkpoints with
    ``weights_only=True``, which refuses a pickle that references anything outside the
    allow-list (:data:`SAFE_GLOBALS`), e.g. a checkpoint of an older code base that pickled its
    own classes. Use this only for a file you made yourself or whose origin you trust. In a
    config or on the command line, the same opt-in is the path prefix ``trusted://``
    (``load_from='trusted:///abs/path/iter_100.pth'``), handled by mmengine's
    ``CheckpointLoader`` through this function.

    Args:
        filename (str): Path of a local checkpoint file.
        map_location (str | callable): As ``torch.load``. Default: 'cpu'.

    Returns:
        object: Whatever the file holds (a checkpoint dict for mmengine checkpoints).

    Raises:
        FileNotFoundError: if ``filename`` does not exist.
    """
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint not found: {filename}')
    print_log(f'Loading {filename} with weights_only=False (trusted): any code pickled into '
              'it runs now.', logger='current', level=logging.WARNING)
    return torch.load(filename, map_location=map_location, weights_only=False)


@CheckpointLoader.register_scheme(prefixes=TRUSTED_PREFIX)
def load_from_trusted(filename, map_location):
    """mmengine ``CheckpointLoader`` scheme ``trusted://PATH``: :func:`load_trusted_checkpoint`
    of the local file ``PATH``.

    Raises:
        ValueError: if ``PATH`` is not a local path (it has a ``scheme://`` of its own).
    """
    path = filename[len(TRUSTED_PREFIX):]
    if '://' in path:
        raise ValueError(f'{TRUSTED_PREFIX} takes a local path, got {filename}')
    return load_trusted_checkpoint(path, map_location)

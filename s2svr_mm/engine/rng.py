"""Capture and restore the random-number streams a training process draws from.

mmengine's checkpoint stores the seed, not the state of the generators: a resumed run re-seeds
and so draws different numbers than the interrupted run would have. These helpers snapshot the
process-global generators -- Python's ``random``, NumPy's legacy global ``RandomState`` (which
mmcv/MMagic transforms use) and torch's CPU and CUDA default generators -- into a structure that
``torch.load(weights_only=True)`` accepts once :mod:`s2svr_mm.utils.checkpoint` has registered
numpy arrays (tuples, ints, floats, a uint32 ndarray and uint8 tensors).

Generators owned by objects (a sampler's ``torch.Generator``, dataloader worker seeds) are not
covered: mmengine derives those from the seed and the iteration, see ``docs/distributed.md``.
"""
import random

import numpy as np
import torch


def get_rng_state() -> dict:
    """Snapshot the global generators of this process.

    Returns:
        dict: ``python``, ``numpy``, ``torch`` and ``cuda`` (a list, empty without CUDA).
    """
    return dict(
        python=random.getstate(),
        numpy=np.random.get_state(),
        torch=torch.get_rng_state(),
        cuda=torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [])


def set_rng_state(state: dict) -> None:
    """Restore a snapshot taken by :func:`get_rng_state`.

    Args:
        state (dict): As returned by :func:`get_rng_state`. CUDA states are restored only
            when this process sees as many CUDA devices as the saving one did.

    Raises:
        KeyError: if ``state`` lacks the ``python``, ``numpy`` or ``torch`` entry.
    """
    random.setstate(_as_tuples(state['python']))
    np.random.set_state(state['numpy'])
    torch.set_rng_state(state['torch'])
    cuda = state.get('cuda') or []
    if cuda and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(cuda)


def _as_tuples(value):
    """``random.setstate`` insists on tuples; a round trip through some serialisers gives
    lists."""
    if isinstance(value, (list, tuple)):
        return tuple(_as_tuples(v) for v in value)
    return value

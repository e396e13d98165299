"""mmengine's local file backend with atomic writes, for checkpoints: registered as
``'local_atomic'``.

mmengine's ``LocalBackend.put`` opens the target with ``'wb'`` and writes into it, so a process
killed while saving (SIGKILL, OOM killer, node preemption, a full disk) leaves a truncated
``iter_N.pth`` -- and ``CheckpointHook`` rewrites ``last_checkpoint`` in place the same way.
:class:`AtomicLocalBackend` writes through :func:`s2svr_mm.fileio.atomic_write` instead
(temporary file in the same directory, fsync, :func:`os.replace`); a checkpoint hook selects it
with ``backend_args=dict(backend='local_atomic')``.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

from ..fileio import atomic_write

#: Name of the backend in mmengine's file-backend registry.
ATOMIC_BACKEND = 'local_atomic'


@register_backend(ATOMIC_BACKEND)
class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend whose writes are atomic (see
    :func:`~s2svr_mm.fileio.atomic_write`).

    Everything but ``put``/``put_text`` is inherited. Select it with
    ``backend_args=dict(backend='local_atomic')`` wherever mmengine takes ``backend_args``.
    """

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        """Write bytes atomically to ``filepath`` (its directory is created if missing)."""
        atomic_write(obj, filepath)

    def put_text(self, obj: str, filepath: Union[str, Path], encoding: str = 'utf-8') -> None:
        """Write text atomically to ``filepath`` (its directory is created if missing)."""
        atomic_write(obj.encode(encoding), filepath)

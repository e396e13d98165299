"""Atomic file writes for checkpoints: a reader never sees a half-written file.

mmengine's ``LocalBackend.put`` opens the target with ``'wb'`` and writes into it, so a process
killed while saving (SIGKILL, OOM killer, node preemption, a full disk) leaves a truncated
``iter_N.pth`` -- and ``CheckpointHook`` rewrites ``last_checkpoint`` in place the same way.
:func:`atomic_write` writes a temporary file in the same directory, flushes and fsyncs it, and
renames it over the target with :func:`os.replace`, which POSIX guarantees to be atomic within a
filesystem. :class:`AtomicLocalBackend` is mmengine's local backend with that ``put``; it is
registered as the file backend ``'local_atomic'``, so a checkpoint hook selects it with
``backend_args=dict(backend='local_atomic')``.

Sources: POSIX ``rename(2)``; the temporary-file-then-rename pattern of
``torch.hub.download_url_to_file`` and ``fvcore.common.checkpoint``.
"""
import os
import os.path as osp
import re
import uuid
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

#: Name of the backend in mmengine's file-backend registry.
ATOMIC_BACKEND = 'local_atomic'
# ".<target name>.<pid>.<8 hex>.part": hidden, and never matching `iter_*.pth` or `best_*.pth`.
_PARTIAL_RE = re.compile(r'^\..+\.\d+\.[0-9a-f]{8}\.part$')


def _fsync_directory(directory: str) -> None:
    """Persist a rename: fsync the directory entry (POSIX only; a no-op elsewhere)."""
    if not hasattr(os, 'O_DIRECTORY'):
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(data: bytes, filepath: Union[str, Path]) -> None:
    """Write ``data`` to ``filepath`` so that the path holds either its old content or all of
    ``data``, never a part of it.

    The bytes go to ``.<name>.<pid>.<random>.part`` in the same directory (same filesystem, so
    the rename cannot degrade to a copy), are fsynced, then renamed over ``filepath``. A crash
    before the rename leaves only the hidden ``.part`` file, which
    :func:`remove_partial_files` deletes.

    Args:
        data (bytes): The complete new content.
        filepath (str | Path): Target path; its directory is created if missing.

    Raises:
        OSError: if writing, syncing or renaming fails (the ``.part`` file is removed).
    """
    filepath = osp.abspath(str(filepath))
    directory = osp.dirname(filepath)
    os.makedirs(directory, exist_ok=True)
    partial = osp.join(directory,
                       f'.{osp.basename(filepath)}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part')
    try:
        with open(partial, 'xb') as f:  # 'x': never clobber; permissions follow the umask
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, filepath)
    except BaseException:
        if osp.exists(partial):
            os.remove(partial)
        raise
    _fsync_directory(directory)


def remove_partial_files(directory: Union[str, Path]) -> list:
    """Delete the ``.part`` files that :func:`atomic_write` calls killed mid-write left behind.

    Call it only while no writer is active in ``directory`` (e.g. before training starts).

    Args:
        directory (str | Path): The checkpoint directory. A missing directory is fine.

    Returns:
        list[str]: The removed paths.
    """
    directory = str(directory)
    if not osp.isdir(directory):
        return []
    removed = []
    for name in sorted(os.listdir(directory)):
        path = osp.join(directory, name)
        if _PARTIAL_RE.match(name) and osp.isfile(path):
            os.remove(path)
            removed.append(path)
    return removed


@register_backend(ATOMIC_BACKEND)
class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend whose writes are atomic (see :func:`atomic_write`).

    Everything but ``put``/``put_text`` is inherited. Select it with
    ``backend_args=dict(backend='local_atomic')`` wherever mmengine takes ``backend_args``.
    """

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        """Write bytes atomically to ``filepath`` (its directory is created if missing)."""
        atomic_write(obj, filepath)

    def put_text(self, obj: str, filepath: Union[str, Path], encoding: str = 'utf-8') -> None:
        """Write text atomically to ``filepath`` (its directory is created if missing)."""
        atomic_write(obj.encode(encoding), filepath)

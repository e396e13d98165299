"""Atomic outputs: a file or folder is written under a temporary name, then renamed into place.

A reader never sees a half-written output, and a writer killed or failing midway leaves only a
hidden temporary (``.<name>.<pid>.<8 hex>.part`` beside the output), never a partial output:
:class:`AtomicOutput` creates the temporary in the output's own folder (same filesystem, so the
rename cannot degrade to a copy) and renames it over the output with :func:`os.replace`, which
POSIX guarantees to be atomic. Any exception (``KeyboardInterrupt`` and ``SystemExit``
included) removes the temporary. :func:`remove_partial_files` deletes the temporaries of
processes that were killed (SIGKILL, OOM killer) before they could clean up.

Sources: POSIX ``rename(2)``; the temporary-file-then-rename pattern of
``torch.hub.download_url_to_file`` and ``fvcore.common.checkpoint``.
"""
import os
import os.path as osp
import re
import shutil
import uuid
from pathlib import Path
from typing import List, Optional, Union

from .errors import VideoIOError, reason

PathLike = Union[str, os.PathLike]
# ".<target name>.<pid>.<8 hex>.part": hidden, and never matching `iter_*.pth` or `best_*.pth`.
_PARTIAL_RE = re.compile(r'^\..+\.\d+\.[0-9a-f]{8}\.part$')


def _fsync(path: str, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicOutput:
    """Context manager: write a file or folder under a temporary name, rename it when complete.

    On entry an empty temporary file or folder is created beside ``path``, with the
    permissions a new file or folder gets (the umask's); the caller writes there. On a normal
    exit it replaces ``path`` (an existing one only with ``overwrite``; a folder is renamed
    aside first, as one rename cannot replace a folder). On an exception the temporary is
    removed and the exception propagates.

    Args:
        path (str | PathLike): The final file or folder.
        is_folder (bool): Create a temporary folder instead of a file. Default: False.
        overwrite (bool): Replace an existing ``path``. Default: False.
        make_parent (bool): Create ``path``'s folder if missing. Default: False.
        sync (bool): fsync the file and its folder before and after the rename (for
            checkpoints that must survive a power loss). Default: False.

    Raises:
        VideoIOError: If the temporary cannot be created, or (without ``overwrite``) ``path``
            appeared while writing; the temporary is then removed and ``path`` kept.
    """

    def __init__(self, path: PathLike, is_folder: bool = False, overwrite: bool = False,
                 make_parent: bool = False, sync: bool = False):
        self.path = osp.abspath(os.fspath(path))
        self.is_folder = is_folder
        self.overwrite = overwrite
        self.make_parent = make_parent
        self.sync = sync
        self.tmp: Optional[str] = None

    def __enter__(self) -> str:
        parent, name = osp.split(self.path)
        tmp = osp.join(parent, f'.{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part')
        try:
            if self.make_parent:
                os.makedirs(parent, exist_ok=True)
            if self.is_folder:
                os.mkdir(tmp)
            else:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as err:
            raise VideoIOError(f"cannot write to folder '{parent}': {reason(err)}") from None
        self.tmp = tmp
        return tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self._discard(self.tmp)
            return False
        try:
            self._commit()
        except BaseException:
            self._discard(self.tmp)
            raise
        return False

    @staticmethod
    def _discard(path: str) -> None:
        if osp.isdir(path) and not osp.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif osp.lexists(path):
            os.remove(path)

    def _commit(self) -> None:
        path = self.path
        if osp.lexists(path) and not self.overwrite:
            raise VideoIOError(f"output '{path}' appeared while writing; kept it (the result "
                               'was discarded)')
        if self.sync and not self.is_folder:
            _fsync(self.tmp)
        old = None
        if self.is_folder and osp.lexists(path):  # a folder cannot be replaced in one rename
            old = f'{self.tmp}.old'
            os.replace(path, old)
        os.replace(self.tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        if self.sync and hasattr(os, 'O_DIRECTORY'):  # persist the rename (POSIX only)
            _fsync(osp.dirname(path), os.O_RDONLY | os.O_DIRECTORY)


def atomic_write(data: bytes, filepath: PathLike) -> None:
    """Write ``data`` to ``filepath`` so that the path holds either its old content or all of
    ``data``, never a part of it (:class:`AtomicOutput` with fsync; its folder is created if
    missing).

    Raises:
        VideoIOError: If the temporary file cannot be created.
        OSError: If writing, syncing or renaming fails (the temporary is removed).
    """
    with AtomicOutput(filepath, overwrite=True, make_parent=True, sync=True) as tmp:
        with open(tmp, 'wb') as f:
            f.write(data)


def remove_partial_files(directory: Union[str, Path]) -> List[str]:
    """Delete the temporary files that :class:`AtomicOutput` writers killed mid-write left.

    Call it only while no writer is active in ``directory`` (e.g. before training starts).

    Args:
        directory (str | Path): A folder. A missing folder is fine.

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

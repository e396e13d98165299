"""Fetches the real footage and photographs that package registries ship (docs/data.md).

``apt-get download`` (never installed) of Debian packages and extraction of the wanted
members only; used by ``tools/prepare_real_clips.py`` and ``tools/render_motion_sequences.py``.
"""
import glob
import os
import os.path as osp
import shutil
import subprocess
import tarfile
from typing import List, Sequence

from ..fileio import DatasetError


def run_command(cmd: List[str], cwd: str, what: str) -> None:
    """Run a command; on failure raise ``DatasetError`` with its last line of output.

    Raises:
        DatasetError: if the program is missing or exits non-zero.
    """
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError as err:
        raise DatasetError(f'{what}: {cmd[0]} not found ({err}); '
                           'use --from-dir with sources fetched elsewhere') from err
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines() or ['no output']
        raise DatasetError(f'{what} failed: {lines[-1]}')


def apt_download(package: str, workdir: str) -> str:
    """``apt-get download PACKAGE`` into ``workdir``; returns the ``.deb`` path.

    Raises:
        DatasetError: if apt-get fails or leaves no ``PACKAGE_*.deb``.
    """
    run_command(['apt-get', 'download', package], workdir,
                f'apt-get download {package} (run `apt-get update` first on a fresh machine)')
    debs = glob.glob(osp.join(workdir, f'{package}_*.deb'))
    if not debs:
        raise DatasetError(f'apt-get download left no {package}_*.deb in {workdir}')
    return debs[0]


def find_debs(folder: str, package: str) -> List[str]:
    """The ``PACKAGE_*.deb`` files in ``folder``, sorted."""
    return sorted(glob.glob(osp.join(glob.escape(folder), f'{package}_*.deb')))


def extract_deb(deb: str, dest: str, names: Sequence[str], keep_paths: bool = False) -> str:
    """Extract the files of a ``.deb`` whose base names are in ``names`` into ``dest``.

    Reads ``dpkg-deb --fsys-tarfile`` (what ``dpkg-deb -x`` unpacks) as a stream and keeps
    only the wanted regular files, so the rest of the package is never written.

    Args:
        deb (str): Path of the ``.deb``.
        dest (str): Folder to write to (created).
        names (Sequence[str]): Base names to keep or, with ``keep_paths``, path suffixes
            (e.g. ``'Path/contents/images/2560x1600.jpg'``).
        keep_paths (bool): Match path suffixes and write each file under its suffix (base
            names of wallpapers collide). Default: False (flat, by base name).

    Returns:
        str: ``dest``.

    Raises:
        DatasetError: If ``dpkg-deb`` is missing or fails.
    """
    os.makedirs(dest, exist_ok=True)

    def target_of(member_name):
        if not keep_paths:
            base = osp.basename(member_name)
            return base if base in names else None
        return next((n for n in names if member_name.endswith('/' + n)), None)

    try:
        proc = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except FileNotFoundError as err:
        raise DatasetError(f'dpkg-deb not found ({err}); extract {deb} elsewhere and pass '
                           'the folder with --from-dir') from err
    with proc:
        try:
            with tarfile.open(fileobj=proc.stdout, mode='r|*') as tar:
                for member in tar:
                    rel = target_of(member.name) if member.isfile() else None
                    if rel is None:
                        continue
                    target = osp.join(dest, rel)
                    os.makedirs(osp.dirname(target), exist_ok=True)
                    with tar.extractfile(member) as src, open(target, 'wb') as dst:
                        shutil.copyfileobj(src, dst)
        except tarfile.TarError as err:
            tar_error = err
        else:
            tar_error = None
        proc.stdout.read()  # drain, so that dpkg-deb can exit
        stderr = proc.stderr.read().decode(errors='replace').strip().splitlines()
    if proc.returncode != 0 or tar_error is not None:
        reason = stderr[-1] if stderr else (tar_error or f'exit code {proc.returncode}')
        raise DatasetError(f'cannot extract {deb}: {reason}')
    return dest


def fetch_deb(package: str, from_dir, workdir: str) -> str:
    """The ``PACKAGE_*.deb`` found in ``from_dir`` or, without it, downloaded to ``workdir``.

    Raises:
        DatasetError: if ``from_dir`` is not a folder or holds no such ``.deb``, or the
            download fails.
    """
    if from_dir is None:
        return apt_download(package, workdir)
    if not osp.isdir(from_dir):
        raise DatasetError(f'--from-dir {from_dir} is not a directory')
    debs = find_debs(from_dir, package)
    if not debs:
        raise DatasetError(f'no {package}_*.deb in --from-dir {from_dir}')
    return debs[0]

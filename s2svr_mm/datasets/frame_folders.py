"""Reading and writing MMagic frame-folder datasets (``<root>/<subset>/<clip>/%08d.png``).

MMagic's ``BasicFramesDataset`` reads a clip as a folder of frames named ``{:08d}.png``
(the REDS layout, see ``GenerateSegmentIndices``) and an optional annotation file whose lines
start with the clip folder (``depth=1``). The lines written here follow MMagic's Vimeo-90K
converter: ``<clip> <num_frames> (<h>, <w>, <c>)``; the dataset reads only the first field.
"""
import contextlib
import json
import os
import os.path as osp
import shutil
import tempfile
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

import cv2
import numpy as np

#: File name template of MMagic's ``GenerateSegmentIndices`` (REDS layout).
FRAME_TMPL = '{:08d}.png'


class DatasetError(Exception):
    """A missing or malformed input of a dataset tool; its message is one line for the user."""


def write_frames(frames: Iterable[np.ndarray],
                 folder: str,
                 channel_order: str = 'rgb',
                 start: int = 0,
                 compression: int = 3) -> int:
    """Write frames as ``folder/{:08d}.png``, numbered from ``start``.

    Args:
        frames (Iterable[np.ndarray]): (h, w, 3) ``uint8`` frames (a generator is fine).
        folder (str): Output folder, created if missing.
        channel_order (str): 'rgb' or 'bgr', the order of ``frames``. Default: 'rgb'.
        start (int): Index of the first frame. Default: 0.
        compression (int): PNG compression level 0-9 (lossless at every level). Default: 3.

    Returns:
        int: The number of frames written.

    Raises:
        OSError: If a frame cannot be written.
    """
    os.makedirs(folder, exist_ok=True)
    count = 0
    for count, frame in enumerate(frames, start=1):
        if channel_order == 'rgb':
            frame = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)
        path = osp.join(folder, FRAME_TMPL.format(start + count - 1))
        if not cv2.imwrite(path, frame, [cv2.IMWRITE_PNG_COMPRESSION, compression]):
            raise OSError(f'could not write {path}')
    return count


def read_frame(path: str, channel_order: str = 'rgb') -> np.ndarray:
    """Decode one image file as an (h, w, 3) ``uint8`` array.

    Raises:
        DatasetError: If the file cannot be decoded.
    """
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise DatasetError(f'cannot decode {path}')
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB) if channel_order == 'rgb' else img


def read_frames(folder: str, channel_order: str = 'rgb') -> List[np.ndarray]:
    """Read every ``*.png`` of ``folder`` in name order as (h, w, 3) ``uint8`` arrays.

    Raises:
        DatasetError: If the folder has no PNG or a PNG cannot be decoded.
    """
    names = list_frames(folder)
    if not names:
        raise DatasetError(f'no PNG frames in {folder}')
    return [read_frame(osp.join(folder, name), channel_order) for name in names]


def list_frames(folder: str, suffix: str = '.png') -> List[str]:
    """Names of the files of ``folder`` ending with ``suffix``, sorted; [] if it is missing."""
    if not osp.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if n.endswith(suffix))


def format_ann_line(clip: str, num_frames: int, shape: Sequence[int]) -> str:
    """One annotation line, e.g. ``'tree 68 (120, 160, 3)'``."""
    return f'{clip} {num_frames} ({", ".join(str(int(s)) for s in shape)})'


def write_ann_file(path: str, lines: Iterable[str]) -> None:
    """Write annotation lines (one per clip or frame) atomically (temp file + rename)."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = f'{path}.tmp'
    with open(tmp, 'w') as f:
        f.writelines(f'{line}\n' for line in lines)
    os.replace(tmp, path)


def read_ann_file(path: str) -> List[Tuple[str, Optional[int], Optional[Tuple[int, ...]]]]:
    """Parse an annotation file written by :func:`write_ann_file` (or MMagic's REDS/Vid4 ones).

    Returns:
        list[tuple]: ``(path, num_frames or None, shape or None)`` per non-empty line.

    Raises:
        DatasetError: If the file is missing or a line is malformed.
    """
    if not osp.isfile(path):
        raise DatasetError(f'annotation file not found: {path}')
    entries = []
    with open(path) as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            head, _, shape_text = line.strip().partition('(')
            fields = head.split()
            try:
                num = int(fields[1]) if len(fields) > 1 else None
                shape = tuple(int(s) for s in shape_text.rstrip(')').split(',')) \
                    if shape_text else None
            except ValueError as err:
                raise DatasetError(f'{path}:{lineno}: malformed line {line.strip()!r}') from err
            entries.append((fields[0], num, shape))
    return entries


def completed_dataset(root: str, options: dict, force: bool = False) -> Optional[dict]:
    """The summary of a dataset tool's output folder if it is complete with ``options``.

    A dataset tool writes ``root/summary.json`` (with its ``options``) last, so a folder with
    one is complete. Returns that summary when its options equal ``options`` and ``force`` is
    False (the tool then has nothing to do, and says so); None when the tool should build.

    Raises:
        DatasetError: without ``force``, if ``root`` holds a dataset built with other options,
            or files but no summary (an incomplete dataset).
    """
    summary_path = osp.join(root, 'summary.json')
    if force:
        return None
    if osp.isfile(summary_path):
        with open(summary_path) as f:
            summary = json.load(f)
        if summary.get('options') == options:
            print(f'{root} is complete with these options; nothing to do (--force rebuilds)')
            return summary
        raise DatasetError(f'{root} holds a dataset built with other options; '
                           'pass --force to rebuild it or choose another --out')
    if osp.exists(root) and os.listdir(root):
        raise DatasetError(f'{root} exists and is not a complete dataset; pass --force')
    return None


@contextlib.contextmanager
def atomic_output_dir(path: str, overwrite: bool = False) -> Iterator[str]:
    """Build a folder under a temporary name beside ``path``, then rename it to ``path``.

    A failure (any exception) removes the temporary folder, so ``path`` is either absent,
    untouched, or complete. With ``overwrite``, an existing ``path`` is replaced only once the
    new one is complete.

    Args:
        path (str): The final folder.
        overwrite (bool): Replace an existing ``path``. Default: False.

    Yields:
        str: The temporary folder to fill.

    Raises:
        DatasetError: If ``path`` exists and ``overwrite`` is False.
    """
    path = osp.abspath(path)
    if osp.exists(path) and not overwrite:
        raise DatasetError(f'{path} already exists')
    parent = osp.dirname(path)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f'.{osp.basename(path)}.tmp-', dir=parent)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if osp.exists(path):
        old = tempfile.mkdtemp(prefix=f'.{osp.basename(path)}.old-', dir=parent)
        os.replace(path, osp.join(old, 'data'))
    os.replace(tmp, path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

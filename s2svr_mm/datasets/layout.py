"""The files of an MMagic frame-folder dataset besides its frames: annotations and summary.

MMagic's ``BasicFramesDataset`` reads a clip as a folder of frames named ``{:08d}.png``
(:data:`~s2svr_mm.fileio.FRAME_TMPL`, written by :func:`~s2svr_mm.fileio.write_frames`) and an
optional annotation file whose lines start with the clip folder (``depth=1``). The lines
written here follow MMagic's Vimeo-90K converter: ``<clip> <num_frames> (<h>, <w>, <c>)``; the
dataset reads only the first field. A dataset tool writes ``summary.json`` last, so a folder
with one is complete (:func:`completed_dataset`).
"""
import json
import os
import os.path as osp
from typing import Iterable, List, Optional, Sequence, Tuple

from ..fileio import AtomicOutput, DatasetError


def format_ann_line(clip: str, num_frames: int, shape: Sequence[int]) -> str:
    """One annotation line, e.g. ``'tree 68 (120, 160, 3)'``."""
    return f'{clip} {num_frames} ({", ".join(str(int(s)) for s in shape)})'


def write_ann_file(path: str, lines: Iterable[str]) -> None:
    """Write annotation lines (one per clip or frame) atomically (temp file + rename)."""
    with AtomicOutput(path, overwrite=True, make_parent=True) as tmp:
        with open(tmp, 'w') as f:
            f.writelines(f'{line}\n' for line in lines)


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

"""Prepare REDS (Nah et al., CVPRW 2019) for MMagic: merge val into train, write ann files.

Follows MMagic's ``tools/dataset_converters/reds/preprocess_reds_dataset.py``: the 30
official validation clips ``val_*/000..029`` are moved into ``train_*/`` as ``240..269`` so
that one folder serves both partitions, and the partitions are annotation files:

* ``meta_info_REDS_GT.txt``: every frame (``000/00000000.png (720, 1280, 3)``),
* ``meta_info_reds4_{train,val}.txt``: REDS4 (EDVR/BasicVSR/S2SVR), val = clips 000, 011,
  015, 020 and train = the other 266,
* ``meta_info_official_{train,val}.txt``: the official split (val = 240..269).

Input (after the official download script; ``*.zip`` files are extracted first when their
folder is missing)::

    REDS/train_sharp/000/00000000.png ...      REDS/val_sharp/000/...
    REDS/train_sharp_bicubic/X4/000/...         REDS/val_sharp_bicubic/X4/000/...
    (optional) train_blur, train_blur_comp, train_blur_bicubic/X4 and their val_ folders

Running it again after the merge only rewrites the annotation files.
"""
import argparse
import glob
import os
import os.path as osp
import shutil
import sys
import zipfile
from typing import Dict, List

import cv2

from s2svr_mm.datasets import write_ann_file
from s2svr_mm.fileio import AtomicOutput, DatasetError, UserError, list_frames, report_line

PROG = 'preprocess_reds_dataset'
#: Folder kinds of REDS; the bicubic ones keep their clips under ``X4/``.
KINDS = ('sharp', 'sharp_bicubic', 'blur', 'blur_comp', 'blur_bicubic')
REDS4_VAL = ('000', '011', '015', '020')
NUM_TRAIN_CLIPS = 240


def clip_root(root: str, subset: str, kind: str) -> str:
    """The folder holding the clips of e.g. ``train`` + ``sharp_bicubic``."""
    path = osp.join(root, f'{subset}_{kind}')
    return osp.join(path, 'X4') if kind.endswith('bicubic') else path


def unzip_missing(root: str) -> List[str]:
    """Extract every ``<name>[_partN].zip`` of ``root`` whose ``<name>`` folder is missing.

    The official archives hold ``train/train_sharp/...``-style paths; those are flattened
    to ``<root>/train_sharp/...`` as MMagic's converter does. Each folder is extracted under a
    temporary name and renamed when all its parts are in.

    Returns:
        list[str]: The extracted archives.

    Raises:
        DatasetError: If an archive is corrupt.
    """
    pending = {}
    for zip_path in sorted(glob.glob(osp.join(root, '*.zip'))):
        name = osp.basename(zip_path)[:-4].split('_part')[0]
        if not osp.isdir(osp.join(root, name)):
            pending.setdefault(name, []).append(zip_path)
    for name, archives in pending.items():
        with AtomicOutput(osp.join(root, name), is_folder=True) as tmp:
            for zip_path in archives:
                try:
                    with zipfile.ZipFile(zip_path) as zf:
                        zf.extractall(tmp)
                except zipfile.BadZipFile as err:
                    raise DatasetError(f'{zip_path}: {err}') from err
            top = osp.join(tmp, name.split('_')[0])  # zips that hold train/train_sharp/...
            nested = osp.join(top, name)
            if osp.isdir(nested):
                for entry in os.listdir(nested):
                    os.rename(osp.join(nested, entry), osp.join(tmp, entry))
                shutil.rmtree(top)
    return [zip_path for archives in pending.values() for zip_path in archives]


def list_clips(folder: str) -> List[str]:
    """The three-digit clip folders of ``folder``, sorted."""
    if not osp.isdir(folder):
        return []
    return sorted(d for d in os.listdir(folder)
                  if osp.isdir(osp.join(folder, d)) and d.isdigit() and len(d) == 3)


def merge_val_into_train(root: str) -> Dict[str, int]:
    """Move ``val_<kind>/NNN`` to ``train_<kind>/(NNN + 240)`` for every kind present.

    Every move is checked before the first one is made; emptied ``val_*`` folders are removed.

    Returns:
        dict[str, int]: Number of clips moved per kind.

    Raises:
        DatasetError: If a target clip already exists or a train folder is missing.
    """
    moves = {}
    for kind in KINDS:
        val, train = clip_root(root, 'val', kind), clip_root(root, 'train', kind)
        clips = list_clips(val)
        if not clips:
            continue
        if not osp.isdir(train):
            raise DatasetError(f'{val} exists but {train} does not')
        pairs = [(osp.join(val, c), osp.join(train, f'{int(c) + NUM_TRAIN_CLIPS:03d}'))
                 for c in clips]
        clash = [dst for _, dst in pairs if osp.exists(dst)]
        if clash:
            raise DatasetError(f'cannot merge {val}: {clash[0]} already exists')
        moves[kind] = pairs
    for kind, pairs in moves.items():
        for src, dst in pairs:
            os.rename(src, dst)
        shutil.rmtree(osp.join(root, f'val_{kind}'))
    return {kind: len(pairs) for kind, pairs in moves.items()}


def frame_lines(folder: str, clips: List[str], shape) -> List[str]:
    """MMagic's per-frame annotation lines, e.g. ``000/00000000.png (720, 1280, 3)``."""
    shape_text = f'({", ".join(str(s) for s in shape)})'
    lines = []
    for clip in clips:
        lines += [f'{clip}/{name} {shape_text}' for name in list_frames(osp.join(folder, clip))]
    return lines


def write_ann_files(root: str) -> Dict[str, int]:
    """Write the REDS, REDS4 and official annotation files from ``train_sharp/``.

    Returns:
        dict[str, int]: Lines per written file name.

    Raises:
        DatasetError: If ``train_sharp`` has no clips, a REDS4 clip is missing, a clip has no
            frames, or its first frame cannot be read.
    """
    gt_root = clip_root(root, 'train', 'sharp')
    clips = list_clips(gt_root)
    if not clips:
        raise DatasetError(f'no clips (000, 001, ...) in {gt_root}')
    missing = [c for c in REDS4_VAL if c not in clips]
    if missing:
        raise DatasetError(f'REDS4 clips {missing} missing from {gt_root}')
    empty = [c for c in clips if not list_frames(osp.join(gt_root, c))]
    if empty:
        raise DatasetError(f'clip {empty[0]} of {gt_root} has no PNG frames')
    first = osp.join(gt_root, clips[0], list_frames(osp.join(gt_root, clips[0]))[0])
    img = cv2.imread(first, cv2.IMREAD_UNCHANGED)
    if img is None:
        raise DatasetError(f'cannot read {first}')
    shape = img.shape if img.ndim == 3 else img.shape + (1, )

    official_val = [c for c in clips if int(c) >= NUM_TRAIN_CLIPS]
    splits = {
        'meta_info_REDS_GT.txt': clips,
        'meta_info_reds4_train.txt': [c for c in clips if c not in REDS4_VAL],
        'meta_info_reds4_val.txt': list(REDS4_VAL),
        'meta_info_official_train.txt': [c for c in clips if c not in official_val],
        'meta_info_official_val.txt': official_val,
    }
    counts = {}
    for name, split_clips in splits.items():
        lines = frame_lines(gt_root, split_clips, shape)
        write_ann_file(osp.join(root, name), lines)
        counts[name] = len(lines)
    return counts


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Prepare REDS for MMagic: extract missing zips, merge val into train '
        '(clips 240-269) and write the REDS4 / official annotation files.',
        epilog='Download REDS with the script linked from '
        'https://seungjunnah.github.io/Datasets/reds.html first.')
    parser.add_argument('--root-path', required=True, help='REDS root folder')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        if not osp.isdir(args.root_path):
            raise DatasetError(f'{args.root_path} is not a directory')
        for zip_path in unzip_missing(args.root_path):
            print(f'extracted {zip_path}')
        for kind, count in merge_val_into_train(args.root_path).items():
            print(f'moved {count} val_{kind} clips into train_{kind} (as 240+)')
        for name, count in write_ann_files(args.root_path).items():
            print(f'wrote {name}: {count} frames')
    except (UserError, OSError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

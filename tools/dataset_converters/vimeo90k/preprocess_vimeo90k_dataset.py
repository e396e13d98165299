"""Prepare Vimeo-90K septuplets (Xue et al., IJCV 2019) for MMagic: ann files, BIx4, BDx4.

Follows MMagic's ``tools/dataset_converters/vimeo90k/preprocess_vimeo90k_dataset.py``:

* ``meta_info_Vimeo90K_{train,test}_GT.txt`` from ``sep_trainlist.txt`` /
  ``sep_testlist.txt``, one line per septuplet: ``00001/0001 7 (256, 448, 3)``,
* ``BIx4/<seq>/<clip>/im{1..7}.png``: MATLAB bicubic x4 (MMagic's ``MATLABLikeResize``),
* ``BDx4/<seq>/<clip>/im{1..7}.png``: Gaussian 13x13, sigma 1.6, then every 4th pixel (the
  DUF protocol of BasicVSR; MMagic's converter uses a 12x12 kernel, see
  ``s2svr_mm.datasets.bd_downsample``),
* ``GT`` -> ``sequences`` (a symbolic link, so MMagic's configs find ``data_prefix gt='GT'``).

Input: the extracted ``vimeo_septuplet/`` (``sequences/<seq>/<clip>/im1..im7.png`` and the
two lists). Clips whose LQ frames all exist are skipped, so an interrupted run resumes; each
clip's LQ frames are written under a temporary name and renamed when complete.
"""
import argparse
import os
import os.path as osp
import sys
from multiprocessing import Pool
from typing import List

import cv2
from tqdm import tqdm

from s2svr_mm.datasets import bd_downsample, bicubic_downsample, format_ann_line, write_ann_file
from s2svr_mm.fileio import AtomicOutput, DatasetError, UserError, read_frame, report_line

PROG = 'preprocess_vimeo90k_dataset'
FRAMES = tuple(f'im{i}.png' for i in range(1, 8))
LISTS = {'train': 'sep_trainlist.txt', 'test': 'sep_testlist.txt'}
DEGRADATIONS = {'BIx4': bicubic_downsample, 'BDx4': bd_downsample}


def read_clip_list(path: str) -> List[str]:
    """Read a ``sep_*list.txt``: ``<seq>/<clip>`` per line.

    Raises:
        DatasetError: If the file is missing, empty or has a line that is not
            ``<digits>/<digits>``.
    """
    if not osp.isfile(path):
        raise DatasetError(f'clip list not found: {path}')
    with open(path) as f:
        clips = [line.strip() for line in f if line.strip()]
    for lineno, clip in enumerate(clips, start=1):
        parts = clip.split('/')
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise DatasetError(f'{path}:{lineno}: expected <seq>/<clip>, got {clip!r}')
    if not clips:
        raise DatasetError(f'{path} lists no clips')
    return clips


def check_clips(gt_root: str, clips: List[str]) -> None:
    """Raise ``DatasetError`` if a listed clip lacks one of ``im1.png`` .. ``im7.png``."""
    for clip in clips:
        for name in FRAMES:
            if not osp.isfile(osp.join(gt_root, clip, name)):
                raise DatasetError(f'missing frame {osp.join(gt_root, clip, name)}')


def degrade_clip(gt_root: str, out_root: str, clip: str) -> str:
    """Write the BIx4 and BDx4 frames of one clip (skipped where all 7 exist)."""
    for folder, degrade in DEGRADATIONS.items():
        dst = osp.join(out_root, folder, clip)
        if all(osp.isfile(osp.join(dst, name)) for name in FRAMES):
            continue
        with AtomicOutput(dst, is_folder=True, overwrite=True, make_parent=True) as tmp:
            for name in FRAMES:
                img = read_frame(osp.join(gt_root, clip, name), channel_order='bgr')
                if not cv2.imwrite(osp.join(tmp, name), degrade(img, 4)):
                    raise OSError(f'cannot write {osp.join(tmp, name)}')
    return clip


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Prepare Vimeo-90K septuplets for MMagic: annotation files from '
        'sep_trainlist/sep_testlist, BIx4 and BDx4 LQ frames, GT -> sequences link.',
        epilog='Download vimeo_septuplet.zip from http://toflow.csail.mit.edu/ first.')
    parser.add_argument('--data-root', required=True,
                        help='vimeo_septuplet folder (sequences/, sep_trainlist.txt, ...)')
    parser.add_argument('--gt-dir', default='sequences',
                        help='GT folder under --data-root (default: sequences)')
    parser.add_argument('--n-thread', type=int, default=8,
                        help='worker processes for the LQ frames (default: 8)')
    parser.add_argument('--no-lq', action='store_true',
                        help='write only the annotation files and the GT link')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        gt_root = osp.join(args.data_root, args.gt_dir)
        if not osp.isdir(gt_root):
            raise DatasetError(f'GT folder not found: {gt_root}')
        splits = {s: read_clip_list(osp.join(args.data_root, f)) for s, f in LISTS.items()}
        first = osp.join(gt_root, splits['train'][0], FRAMES[0])
        img = read_frame(first)
        for split, clips in splits.items():
            check_clips(gt_root, clips)
            name = f'meta_info_Vimeo90K_{split}_GT.txt'
            write_ann_file(osp.join(args.data_root, name),
                           [format_ann_line(c, len(FRAMES), img.shape) for c in clips])
            print(f'wrote {name}: {len(clips)} clips')
        link = osp.join(args.data_root, 'GT')
        if args.gt_dir != 'GT' and not osp.lexists(link):
            os.symlink(args.gt_dir, link)
        if not args.no_lq:
            tasks = [(gt_root, args.data_root, c) for c in splits['train'] + splits['test']]
            if args.n_thread > 1:
                with Pool(args.n_thread) as pool:
                    done = pool.imap_unordered(_degrade_task, tasks)
                    for _ in tqdm(done, total=len(tasks), desc='BIx4/BDx4', unit='clip'):
                        pass
            else:
                for task in tqdm(tasks, desc='BIx4/BDx4', unit='clip'):
                    _degrade_task(task)
    except (UserError, OSError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    return 0


def _degrade_task(task):
    return degrade_clip(*task)


if __name__ == '__main__':
    sys.exit(main())

"""Convert GoPro (GOPRO_Large, Nah et al., CVPR 2017) to MMagic frame folders + ann files.

Input, as released::

    GOPRO_Large/train/GOPR0372_07_00/blur/000047.png ...   .../sharp/000047.png ...
    GOPRO_Large/test/GOPR0384_11_00/blur/...               .../sharp/...

``blur/`` averages the sharp frames as stored (a linear camera response), the frames most
later deblurring benchmarks use; ``blur_gamma/`` averages them through gamma 2.2 as in the
DeepDeblur paper (and ``s2svr_mm.datasets.temporal_average_blur``); pick it with
``--blur-dir blur_gamma``. Output, frames renumbered from ``00000000.png`` so that
MMagic's ``GenerateSegmentIndices`` finds them::

    <out>/train/blur/<seq>/%08d.png   <out>/train/sharp/<seq>/%08d.png
    <out>/test/blur/<seq>/...         <out>/test/sharp/<seq>/...
    <out>/meta_info_GoPro_{train,test}.txt     '<seq> <frames> (720, 1280, 3)' per line

The output folder is built under a temporary name and renamed when complete.
"""
import argparse
import os
import os.path as osp
import shutil
import sys
from typing import Dict, List

from tqdm import tqdm

from s2svr_mm.datasets import format_ann_line, write_ann_file
from s2svr_mm.fileio import (FRAME_TMPL, AtomicOutput, DatasetError, UserError, list_frames,
                             read_frame, report_line)

PROG = 'preprocess_gopro_dataset'
SPLITS = ('train', 'test')


def scan_split(split_root: str, blur_dir: str) -> Dict[str, List[str]]:
    """Map each sequence of a split to its frame names (shared by blur and sharp).

    Raises:
        DatasetError: If the split has no sequence, a sequence lacks ``blur_dir`` or
            ``sharp``, or their frame names differ.
    """
    if not osp.isdir(split_root):
        raise DatasetError(f'split folder not found: {split_root}')
    seqs = {}
    for seq in sorted(os.listdir(split_root)):
        if not osp.isdir(osp.join(split_root, seq)):
            continue
        blur = list_frames(osp.join(split_root, seq, blur_dir))
        sharp = list_frames(osp.join(split_root, seq, 'sharp'))
        if not blur or not sharp:
            raise DatasetError(f'{osp.join(split_root, seq)} needs PNG frames in both '
                               f'{blur_dir}/ and sharp/')
        if blur != sharp:
            extra = sorted(set(blur) ^ set(sharp))[0]
            raise DatasetError(f'{osp.join(split_root, seq)}: {blur_dir}/ and sharp/ differ '
                               f'(e.g. {extra})')
        seqs[seq] = blur
    if not seqs:
        raise DatasetError(f'no sequences in {split_root}')
    return seqs


def transfer(src: str, dst: str, mode: str) -> None:
    """Copy, hard-link or symlink one file."""
    if mode == 'copy':
        shutil.copyfile(src, dst)
    elif mode == 'hardlink':
        os.link(src, dst)
    else:
        os.symlink(osp.abspath(src), dst)


def convert(root: str, out: str, blur_dir: str = 'blur', mode: str = 'copy',
            force: bool = False) -> Dict[str, int]:
    """Convert both splits; returns the number of sequences per split.

    Raises:
        DatasetError: On a malformed input tree, or if ``out`` exists without ``force``.
    """
    scans = {split: scan_split(osp.join(root, split), blur_dir) for split in SPLITS}
    counts = {}
    if osp.exists(out) and not force:
        raise DatasetError(f'{osp.abspath(out)} already exists')
    with AtomicOutput(out, is_folder=True, overwrite=force, make_parent=True) as tmp:
        for split, seqs in scans.items():
            lines = []
            for seq, names in tqdm(seqs.items(), desc=split, unit='seq'):
                first = osp.join(root, split, seq, 'sharp', names[0])
                img = read_frame(first)
                for src_dir, dst_dir in ((blur_dir, 'blur'), ('sharp', 'sharp')):
                    folder = osp.join(tmp, split, dst_dir, seq)
                    os.makedirs(folder)
                    for k, name in enumerate(names):
                        transfer(osp.join(root, split, seq, src_dir, name),
                                 osp.join(folder, FRAME_TMPL.format(k)), mode)
                lines.append(format_ann_line(seq, len(names), img.shape))
            write_ann_file(osp.join(tmp, f'meta_info_GoPro_{split}.txt'), lines)
            counts[split] = len(lines)
    return counts


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Convert GOPRO_Large (train/test, <seq>/blur and <seq>/sharp) to MMagic '
        'frame folders (%%08d.png) with meta_info_GoPro_{train,test}.txt.',
        epilog='Download GOPRO_Large.zip from https://seungjunnah.github.io/Datasets/gopro '
        'and extract it first.')
    parser.add_argument('--root', required=True, help='the GOPRO_Large folder')
    parser.add_argument('--out', default=osp.join('data', 'GoPro'),
                        help='output folder (default: data/GoPro)')
    parser.add_argument('--blur-dir', default='blur', choices=('blur', 'blur_gamma'),
                        help='which blurred frames to use (default: blur)')
    parser.add_argument('--mode', default='copy', choices=('copy', 'hardlink', 'symlink'),
                        help='how frames are transferred (default: copy)')
    parser.add_argument('--force', action='store_true', help='replace an existing --out')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        for split, count in convert(args.root, args.out, args.blur_dir, args.mode,
                                    args.force).items():
            print(f'{split}: {count} sequences -> {osp.join(args.out, split)}')
    except (UserError, OSError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

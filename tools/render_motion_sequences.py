"""Render training and validation sequences with exact optical flow over real photographs.

A virtual camera moves over real photographs (translation 0-8 px/frame, rotation, zoom, mild
perspective) with up to three independently moving cut-outs of other photographs in front
(``s2svr_mm.datasets.motion_sequences``). Sources a fresh machine can install (docs/data.md):

* Debian ``plasma-workspace-wallpapers`` (LGPL-3; ``apt-get download``, never installed): the
  real photographs among its wallpapers, 2560x1600 (backgrounds and cut-outs);
* the scikit-image wheel's photographs and textures (cut-outs).

The split is by photograph: a photograph (as background or cut-out) is in train or in val.
Output, in the frame-folder layout of ``tools/prepare_real_clips.py`` (``%08d.png``)::

    <out>/gt/<seq>/          sharp frames (the scene at t = i), through the yuv420p capture
    <out>/blur/<seq>/        mean of the sub-frames over the exposure in linear light (GT: gt/)
    <out>/bix4/<seq>/        BI x4 (MATLAB bicubic) of gt/
    <out>/bdx4/<seq>/        BD x4 (Gaussian sigma 1.6) of gt/
    <out>/hevc_qp37/<seq>/   x265 constant QP 37, low-delay P, on the same yuv420p as gt/
    <out>/flow_fw/<seq>/%08d.flo   flow from frame i to i + 1 (GT pixels, Middlebury .flo)
    <out>/flow_bw/<seq>/%08d.flo   flow from frame i + 1 to i (stored under index i)
    <out>/occ_fw/<seq>/%08d.png    255 where a pixel of frame i is not visible in frame i + 1
    <out>/occ_bw/<seq>/%08d.png    255 where a pixel of frame i + 1 is not visible in frame i
    <out>/meta_info_motion_seqs_{train,val}.txt    '<seq> <frames> (h, w, 3)'
    <out>/summary.json             options, sources, per-sequence motion statistics

Deterministic from ``--seed``. Example::

    python tools/render_motion_sequences.py                  # downloads, writes data/motion_seqs
    python tools/render_motion_sequences.py --from-dir /tmp/src --num-train 2 --num-val 1
    # only the 8 validation sequences (the same as in a full render), about 1.5 min
    python tools/render_motion_sequences.py --val-only --out data/motion_seqs_val
"""
import argparse
import json
import os
import os.path as osp
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Dict, List

import cv2
import mmcv
import numpy as np
import skimage
from tqdm import tqdm

from s2svr_mm.datasets import (bd_downsample, bicubic_downsample, capture_yuv420p,
                               completed_dataset, format_ann_line, hevc_compress,
                               write_ann_file)
from s2svr_mm.datasets.motion_sequences import random_scene, render_sequence
from s2svr_mm.datasets.sources import extract_deb, fetch_deb
from s2svr_mm.fileio import (AtomicOutput, UserError, read_frame, report_line,
                             write_frames)

PROG = 'render_motion_sequences'
WALLPAPERS = 'plasma-workspace-wallpapers'


@dataclass(frozen=True)
class Photo:
    """One photograph: where it comes from, its split and whether it can be a background."""
    name: str
    package: str  # WALLPAPERS (Debian) or 'scikit-image' (PyPI wheel)
    member: str  # path suffix inside the package
    split: str  # 'train' or 'val'
    background: bool
    licence: str


def _wallpaper(name, split):
    return Photo(name, WALLPAPERS, f'{name}/contents/images/2560x1600.jpg', split, True,
                 'LGPL-3.0 (metadata.json of the wallpaper; author named there)')


def _skimage(name, filename, split):
    return Photo(name, 'scikit-image', f'data/{filename}', split, False,
                 'public domain / CC0 (skimage/data/README.txt)')


#: The real photographs among the wallpapers (the others are renders), and scikit-image's.
PHOTOS = (
    _wallpaper('BytheWater', 'train'), _wallpaper('ColdRipple', 'train'),
    _wallpaper('ColorfulCups', 'train'), _wallpaper('DarkestHour', 'train'),
    _wallpaper('FallenLeaf', 'train'), _wallpaper('Grey', 'train'),
    _wallpaper('Kite', 'train'), _wallpaper('OneStandsOut', 'train'),
    _wallpaper('summer_1am', 'train'),
    _wallpaper('EveningGlow', 'val'), _wallpaper('Path', 'val'),
    _skimage('astronaut', 'astronaut.png', 'train'), _skimage('rocket', 'rocket.jpg', 'train'),
    _skimage('grass', 'grass.png', 'train'), _skimage('gravel', 'gravel.png', 'train'),
    _skimage('brick', 'brick.png', 'train'),
    _skimage('coffee', 'coffee.png', 'val'), _skimage('chelsea', 'chelsea.png', 'val'),
)

#: Photographs are area-resized so that their longer side is this many pixels: at the
#: camera's zoom of 0.4-0.6 one frame pixel then covers about two photograph pixels.
BACKGROUND_LONG_SIDE = 1600


def load_photos(from_dir, workdir) -> Dict[str, np.ndarray]:
    """All :data:`PHOTOS` as RGB arrays, wallpapers area-resized to the working scale.

    Raises:
        DatasetError: if the wallpapers package cannot be fetched or a photograph is missing.
    """
    members = [p.member for p in PHOTOS if p.package == WALLPAPERS]
    root = extract_deb(fetch_deb(WALLPAPERS, from_dir, workdir), osp.join(workdir, 'wallpapers'),
                       members, keep_paths=True)
    photos = {}
    for photo in PHOTOS:
        if photo.package == WALLPAPERS:
            img = read_frame(osp.join(root, photo.member))
            factor = BACKGROUND_LONG_SIDE / max(img.shape[:2])
            img = cv2.resize(img, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        else:
            img = read_frame(osp.join(osp.dirname(skimage.__file__), photo.member))
        photos[photo.name] = img
    return photos


def motion_stats(flows: List[np.ndarray]) -> dict:
    """Mean, 95th percentile and max flow magnitude (px/frame) over a sequence's flows."""
    mag = np.linalg.norm(np.stack(flows), axis=-1)
    return dict(mean=round(float(mag.mean()), 2), p95=round(float(np.percentile(mag, 95)), 2),
                max=round(float(mag.max()), 2))


def write_sequence(root: str, name: str, seq, scale: int, qp: int) -> dict:
    """Write one rendered sequence in every folder of the layout; returns its statistics."""
    gt = capture_yuv420p(seq.sharp)
    write_frames(gt, osp.join(root, 'gt', name))
    write_frames(capture_yuv420p(seq.blurred), osp.join(root, 'blur', name))
    write_frames((bicubic_downsample(f, scale) for f in gt), osp.join(root, f'bix{scale}', name))
    write_frames((bd_downsample(f, scale) for f in gt), osp.join(root, f'bdx{scale}', name))
    write_frames(hevc_compress(seq.sharp, qp), osp.join(root, f'hevc_qp{qp}', name))
    for key in ('flow_fw', 'flow_bw'):
        os.makedirs(osp.join(root, key, name))
        for i, flow in enumerate(getattr(seq, key)):
            mmcv.flowwrite(flow, osp.join(root, key, name, f'{i:08d}.flo'))
    for key in ('occ_fw', 'occ_bw'):
        write_frames((np.repeat(np.uint8(o)[..., None] * 255, 3, -1) for o in getattr(seq, key)),
                     osp.join(root, key, name))
    return dict(motion_px_per_frame=motion_stats(seq.flow_fw),
                occluded=round(float(np.mean(seq.occ_fw)), 4))


def plan_sequences(args) -> List[dict]:
    """Which background each sequence uses: round robin over the split's backgrounds."""
    plan = []
    for split, count in (('train', args.num_train), ('val', args.num_val)):
        backgrounds = [p for p in PHOTOS if p.split == split and p.background]
        for k in range(count):
            plan.append(dict(name=f'{split}_{k:03d}', split=split,
                             background=backgrounds[k % len(backgrounds)].name))
    return plan


def build(args) -> dict:
    """Render the dataset described by ``args`` (see :func:`parse_args`); returns its summary."""
    options = dict(seed=args.seed, num_train=args.num_train, num_val=args.num_val,
                   frames=args.frames, size=list(args.size), scale=args.scale, qp=args.qp,
                   max_speed=args.max_speed, num_subframes=args.num_subframes)
    if args.val_only:
        options['val_only'] = True
    summary = completed_dataset(args.out, options, args.force)
    if summary is not None:
        return summary
    start = time.time()
    rows = []
    with tempfile.TemporaryDirectory(prefix=f'{PROG}-') as workdir, \
            AtomicOutput(args.out, is_folder=True, overwrite=True, make_parent=True) as tmp_out:
        photos = load_photos(args.from_dir, workdir)
        # a sequence's seed is its index in the full plan, so --val-only renders the same
        # validation sequences as a full render
        plan = [(index, row) for index, row in enumerate(plan_sequences(args))
                if not args.val_only or row['split'] == 'val']
        for index, row in tqdm(plan, desc='sequences', unit='seq'):
            rng = np.random.default_rng([args.seed, index])
            foregrounds = [photos[p.name] for p in PHOTOS
                           if p.split == row['split'] and p.name != row['background']]
            layers = random_scene(rng, photos[row['background']], foregrounds,
                                  tuple(args.size), args.frames, max_speed=args.max_speed)
            exposure = float(rng.uniform(0.5, 1.0))
            seq = render_sequence(layers, args.frames, tuple(args.size), args.num_subframes,
                                  exposure)
            row.update(layers=len(layers), exposure=round(exposure, 3),
                       **write_sequence(tmp_out, row['name'], seq, args.scale, args.qp))
            rows.append(row)
        for split in ('train', 'val'):
            write_ann_file(osp.join(tmp_out, f'meta_info_motion_seqs_{split}.txt'),
                           [format_ann_line(r['name'], args.frames, list(args.size) + [3])
                            for r in rows if r['split'] == split])
        summary = dict(
            options=options, sequences=rows, seconds=round(time.time() - start, 1),
            sources=[dict(name=p.name, package=p.package, member=p.member, split=p.split,
                          background=p.background, licence=p.licence) for p in PHOTOS])
        with open(osp.join(tmp_out, 'summary.json'), 'w') as f:
            json.dump(summary, f, indent=2)
    return summary


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default='data/motion_seqs', help='output folder')
    parser.add_argument('--from-dir', help=f'folder holding a {WALLPAPERS}_*.deb '
                        '(instead of apt-get download)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-train', type=int, default=36, help='training sequences')
    parser.add_argument('--num-val', type=int, default=8, help='validation sequences')
    parser.add_argument('--frames', type=int, default=20, help='frames per sequence')
    parser.add_argument('--size', type=int, nargs=2, default=(256, 320), metavar=('H', 'W'),
                        help='GT frame size (multiples of 2 * scale)')
    parser.add_argument('--scale', type=int, default=4, help='SR scale of bix/bdx')
    parser.add_argument('--qp', type=int, default=37, help='HEVC constant QP')
    parser.add_argument('--max-speed', type=float, default=8., help='px/frame (GT pixels)')
    parser.add_argument('--num-subframes', type=int, default=9,
                        help='odd number of sub-frames averaged per blurred frame')
    parser.add_argument('--val-only', action='store_true',
                        help='render only the validation sequences (the same frames as a full '
                        'render with these options)')
    parser.add_argument('--force', action='store_true', help='rebuild an existing --out')
    args = parser.parse_args(argv)
    if any(s <= 0 or s % (2 * args.scale) for s in args.size):
        parser.error(f'--size sides must be positive multiples of {2 * args.scale}')
    if args.frames < 2 or args.num_train < 0 or args.num_val < 0:
        parser.error('--frames must be >= 2 and the sequence counts >= 0')
    if args.num_subframes < 1 or args.num_subframes % 2 == 0:
        parser.error('--num-subframes must be a positive odd number')
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        summary = build(args)
    except (UserError, ValueError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    speeds = [r['motion_px_per_frame']['mean'] for r in summary['sequences']]
    print(f'{args.out}: {len(speeds)} sequences of {args.frames} frames, mean motion '
          f'{np.mean(speeds) if speeds else 0:.2f} px/frame, {summary["seconds"]} s')
    return 0


if __name__ == '__main__':
    sys.exit(main())

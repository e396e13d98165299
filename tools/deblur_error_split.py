"""Where a blurred clip's error lives: on the pixels that move within the exposure, or not.

For each blurred frame of ``data/real_clips`` (``blur/<clip>/k`` = the mean of GT frames
``k .. k+W-1``, ``sharp/<clip>/k`` = GT frame ``k + W//2``; docs/data.md), a pixel is *moving*
when any GT frame of its window differs from the sharp one by more than ``T`` levels in some
channel, after a 5x5 box filter (OpenCV) of that largest difference. The tool reports, per clip
and threshold: the share of moving pixels, the share of the blurred-vs-sharp squared error that
lies on them, the blurred frames' PSNR and the PSNR of an *oracle* that is exact on the moving
pixels and returns the blurred input elsewhere (RGB, MMagic's PSNR, mean over the scored
frames). Issue #17 used it to show that the real pair's deblurring error is the ghosting of
walkers over a 7-frame exposure, not a blur of the whole frame (docs/results.md, "Where the
real clips' deblurring error lives").

    python tools/deblur_error_split.py --clips vtest vtest_late --thresholds 6 12 24 --every 3

Prints a markdown table and writes ``--out`` (JSON). Exit 1 with one line for missing data or
a layout other than the one described (a sharp frame that is not the middle of its window).
"""
import argparse
import json
import os.path as osp
import sys
from typing import Dict, List

import cv2
import numpy as np

from s2svr_mm.fileio import AtomicOutput, UserError, read_frames

#: Side of the box filter applied to the largest difference before thresholding (pixels).
BOX = 5


def moving_mask(window: List[np.ndarray], sharp: np.ndarray, threshold: float) -> np.ndarray:
    """Pixels that move within the exposure.

    Args:
        window (list[np.ndarray]): The GT frames averaged into the blurred frame, each
            (h, w, 3) in [0, 255].
        sharp (np.ndarray): (h, w, 3), the GT of the blurred frame.
        threshold (float): Levels; a pixel moves when the 5x5 box mean of its largest absolute
            difference (over the window's frames and the channels) exceeds it.

    Returns:
        np.ndarray: (h, w) bool.
    """
    sharp = sharp.astype(np.float32)
    diff = np.max([np.abs(f.astype(np.float32) - sharp).max(-1) for f in window], 0)
    return cv2.blur(diff, (BOX, BOX)) > threshold


def split_frame(blurred: np.ndarray, sharp: np.ndarray, mask: np.ndarray) -> Dict[str, float]:
    """One frame's error split by ``mask``: squared error on it and in all (levels^2, summed
    over pixels and channels), the mask's pixel count, PSNR of the blurred frame and of the
    oracle (``sharp`` on the mask, ``blurred`` elsewhere; inf where that is exact)."""
    from mmagic.evaluation.metrics.psnr import psnr
    b, s = blurred.astype(np.float64), sharp.astype(np.float64)
    e2 = ((b - s) ** 2).sum(-1)
    oracle = np.where(mask[..., None], s, b)
    return dict(se_moving=float(e2[mask].sum()), se_all=float(e2.sum()),
                moving=int(mask.sum()), pixels=int(mask.size),
                psnr_blurred=psnr(b, s, input_order='HWC'),
                psnr_oracle=psnr(oracle, s, input_order='HWC'))


def split_clip(blurs: List[np.ndarray], sharps: List[np.ndarray], gts: List[np.ndarray],
               window: int, thresholds: List[float], every: int = 1) -> List[dict]:
    """Rows ``{threshold, moving_share, error_share, psnr_blurred, psnr_oracle, frames}`` of
    one clip, every ``every``-th blurred frame scored.

    Raises:
        UserError: If ``sharp k`` is not GT frame ``k + window // 2`` (another layout).
    """
    half = window // 2
    for k in (0, len(sharps) - 1):
        if k + window > len(gts) or not np.array_equal(sharps[k], gts[k + half]):
            raise UserError(f'sharp frame {k} is not GT frame {k + half}: not a blur window of '
                            f'{window} (docs/data.md)')
    rows = []
    for threshold in thresholds:
        frames = [split_frame(blurs[k], sharps[k],
                              moving_mask(gts[k:k + window], sharps[k], threshold))
                  for k in range(0, len(blurs), every)]
        rows.append(dict(
            threshold=threshold, frames=len(frames),
            moving_share=sum(f['moving'] for f in frames) / sum(f['pixels'] for f in frames),
            error_share=sum(f['se_moving'] for f in frames) / sum(f['se_all'] for f in frames),
            psnr_blurred=float(np.mean([f['psnr_blurred'] for f in frames])),
            psnr_oracle=float(np.mean([f['psnr_oracle'] for f in frames]))))
    return rows


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', default='data/real_clips')
    parser.add_argument('--clips', nargs='+', default=['vtest', 'vtest_late'])
    parser.add_argument('--thresholds', nargs='+', type=float, default=[6, 12, 24],
                        help='levels (0-255) above which a pixel counts as moving')
    parser.add_argument('--every', type=int, default=3, help='score every N-th blurred frame')
    parser.add_argument('--out', default='work_dirs/deblur_error_split.json')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        summary = osp.join(args.data_root, 'summary.json')
        if not osp.isfile(summary):
            raise UserError(f'{summary} not found: run tools/prepare_real_clips.py')
        with open(summary) as f:
            window = json.load(f)['options']['blur_window']
        rows = []
        for clip in args.clips:
            frames = {name: read_frames(osp.join(args.data_root, name, clip))
                      for name in ('blur', 'sharp', 'gt')}
            for row in split_clip(frames['blur'], frames['sharp'], frames['gt'], window,
                                  args.thresholds, args.every):
                rows.append(dict(clip=clip, **row))
    except UserError as err:
        print(f'error: {err}'.splitlines()[0], file=sys.stderr)
        return 1
    print('| clip | T (levels) | moving pixels | share of the MSE on them | blurred PSNR | '
          'oracle PSNR |\n|---|---|---|---|---|---|')
    for r in rows:
        print(f"| {r['clip']} | {r['threshold']:g} | {100 * r['moving_share']:.1f} % | "
              f"{100 * r['error_share']:.1f} % | {r['psnr_blurred']:.2f} | "
              f"{r['psnr_oracle']:.2f} |")
    with AtomicOutput(args.out, overwrite=True, make_parent=True) as tmp:
        with open(tmp, 'w') as f:
            json.dump(dict(window=window, every=args.every, rows=rows), f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())

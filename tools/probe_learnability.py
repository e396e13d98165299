"""Go/no-go before training: can a linear spatio-temporal filter learn each task's data?

For every task and dataset, a linear filter over a 5x5 neighbourhood of the three colour
channels of frames t-1, t, t+1 of the trivial baseline (bicubic x4 for SR, the blurred frame,
the QP 37 frame), plus a bias, is fitted by least squares (ridge 1e-3, `--ridge`) to the residual
``GT - baseline`` on the training split, and applied to the validation split
(``--spatial-radius`` and ``--temporal-radius`` change the neighbourhood: radius r is 2r + 1
pixels or frames; frames past either end repeat the end frame). Its gain over
the baseline (PSNR/SSIM as each task's benchmark scores, ``s2svr_mm.evaluation.score``) is a
lower bound on what a network can learn from the data: a non-positive gain means the LQ/GT
pairs carry no consistent, transferable signal (or a bias that does not transfer).

``--method bilateral`` instead applies OpenCV's bilateral filter (``cv2.bilateralFilter``, 5x5,
to each RGB frame of the baseline), its ``sigmaColor`` (levels of 255) and ``sigmaSpace``
(pixels) chosen from :data:`BILATERAL_GRID` by the mean PSNR of every second frame of the
training split: how much a hand-made edge-preserving denoiser, tuned on the training data,
finds (for compressed video, what a restorer must beat).

    python tools/probe_learnability.py                       # both datasets, three tasks
    python tools/probe_learnability.py --task deblur --data motion_seqs=data/motion_seqs
    # frames t-7..t+7 at one pixel, fitted on every frame of the real training clips
    python tools/probe_learnability.py --task deblur --data real_clips=data/real_clips \
        --train-root data/real_clips_long --spatial-radius 0 --temporal-radius 7
    python tools/probe_learnability.py --task decompress --method bilateral

Prints a markdown table and writes ``--out`` (JSON). Exit 1 with one line for missing data.
"""
import argparse
import json
import os
import os.path as osp
import sys
from typing import Dict, List, Optional, Tuple

import numpy as np
from tqdm import tqdm

from s2svr_mm.datasets import read_ann_file
from s2svr_mm.evaluation import baseline_frames, score
from s2svr_mm.fileio import DatasetError, UserError, read_frames, report_line

PROG = 'probe_learnability'
SPATIAL_RADIUS = 2  # 5x5 neighbourhood
TEMPORAL_RADIUS = 1  # frames t-1, t, t+1
RIDGE = 1e-3
#: (sigmaColor, sigmaSpace) pairs of OpenCV's bilateral filter that ``--method bilateral`` tries
BILATERAL_GRID = [(c, s) for c in (4, 8, 16, 24, 32, 48, 64) for s in (1, 2)]

#: dataset kind -> task -> (LQ folder, GT folder, annotation file template, metric channel)
LAYOUTS = {
    'motion_seqs': {
        'sr': ('bix4', 'gt', 'meta_info_motion_seqs_{}.txt', 'Y'),
        'deblur': ('blur', 'gt', 'meta_info_motion_seqs_{}.txt', 'RGB'),
        'decompress': ('hevc_qp37', 'gt', 'meta_info_motion_seqs_{}.txt', 'Y'),
    },
    'real_clips': {
        'sr': ('bix4', 'gt', 'meta_info_real_clips_{}.txt', 'Y'),
        'deblur': ('blur', 'sharp', 'meta_info_real_clips_deblur_{}.txt', 'RGB'),
        'decompress': ('hevc_qp37', 'gt', 'meta_info_real_clips_{}.txt', 'Y'),
    },
}


def features(frames: List[np.ndarray], t: int, spatial_radius: int = SPATIAL_RADIUS,
             temporal_radius: int = TEMPORAL_RADIUS) -> np.ndarray:
    """Features of frame t: the RGB windows of ``2 * spatial_radius + 1`` pixels square of
    frames ``t - temporal_radius .. t + temporal_radius`` (clamped at the ends), values in
    [0, 1], and a constant 1.

    Returns:
        np.ndarray: (h * w, 3 * (2 * temporal_radius + 1) * (2 * spatial_radius + 1) ** 2 + 1).
    """
    cols = []
    r = spatial_radius
    for k in range(t - temporal_radius, t + temporal_radius + 1):
        img = frames[min(max(k, 0), len(frames) - 1)].astype(np.float32) / 255
        padded = np.pad(img, ((r, r), (r, r), (0, 0)), mode='reflect')
        win = np.lib.stride_tricks.sliding_window_view(padded, (2 * r + 1,) * 2, (0, 1))
        cols.append(win.reshape(img.shape[0] * img.shape[1], -1))
    cols.append(np.ones((cols[0].shape[0], 1), np.float32))
    return np.concatenate(cols, axis=1)


def load_pairs(root: str, task: str, layout: tuple, split: str) -> List[Tuple[list, list]]:
    """(baseline frames, GT frames) of every clip of a split.

    Raises:
        DatasetError: if the annotation file or a clip folder is missing.
    """
    lq_dir, gt_dir, ann, _ = layout
    pairs = []
    for clip, _, _ in read_ann_file(osp.join(root, ann.format(split))):
        lqs = read_frames(osp.join(root, lq_dir, clip))
        gts = read_frames(osp.join(root, gt_dir, clip))
        if len(lqs) != len(gts):
            raise DatasetError(f'{clip}: {len(lqs)} {lq_dir} frames for {len(gts)} GT frames')
        pairs.append((baseline_frames(task, lqs), gts))
    return pairs


def fit(pairs, pixel_stride: int = 2, frame_stride: int = 2, ridge: float = RIDGE,
        **radii) -> np.ndarray:
    """Least-squares filter (features x 3) of the residual GT - baseline, on a subsample;
    ``ridge`` times the mean diagonal of the Gram matrix is added to its diagonal; ``radii``:
    :func:`features`' ``spatial_radius`` and ``temporal_radius``.

    Raises:
        DatasetError: If the system is singular (``ridge=0`` and dependent features).
    """
    gram, cross = None, None
    for base, gts in pairs:
        for t in range(0, len(base), frame_stride):
            x = features(base, t, **radii)
            y = (gts[t].astype(np.float32) - base[t]).reshape(-1, 3) / 255
            x, y = x[::pixel_stride], y[::pixel_stride]
            gram = x.T @ x if gram is None else gram + x.T @ x
            cross = x.T @ y if cross is None else cross + x.T @ y
    n = len(gram)
    try:
        return np.linalg.solve(gram + ridge * np.trace(gram) / n * np.eye(n), cross)
    except np.linalg.LinAlgError:
        raise DatasetError('the features of the training split are linearly dependent '
                           '(e.g. constant frames); use --ridge > 0') from None


def apply(weights: np.ndarray, base: List[np.ndarray], **radii) -> List[np.ndarray]:
    """Baseline frames plus the filter's residual, rounded to uint8."""
    out = []
    for t, frame in enumerate(base):
        residual = (features(base, t, **radii) @ weights).reshape(frame.shape) * 255
        out.append(np.uint8(np.clip(np.rint(frame + residual), 0, 255)))
    return out


def bilateral(frames: List[np.ndarray], sigma_color: float,
              sigma_space: float) -> List[np.ndarray]:
    """OpenCV's bilateral filter (5x5 window) of each (h, w, 3) uint8 frame, rounded to uint8;
    ``sigma_color`` in levels of 255, ``sigma_space`` in pixels."""
    import cv2
    return [np.uint8(np.clip(np.rint(cv2.bilateralFilter(
        frame.astype(np.float32), 5, sigma_color, sigma_space)), 0, 255)) for frame in frames]


def fit_bilateral(pairs, channel: str, frame_stride: int = 2) -> Tuple[float, float]:
    """The (sigma_color, sigma_space) of :data:`BILATERAL_GRID` whose filtered frames have the
    best mean PSNR (:func:`score` on ``channel``) over every ``frame_stride``-th training frame."""
    bases = [frame for base, _ in pairs for frame in base[::frame_stride]]
    gts = [frame for _, clip_gts in pairs for frame in clip_gts[::frame_stride]]

    def mean_psnr(params):
        return score(bilateral(bases, *params), gts, channel, ssim=False)['psnr']

    return max(BILATERAL_GRID, key=mean_psnr)


def probe(root: str, kind: str, task: str, train_root: Optional[str] = None,
          ridge: float = RIDGE, method: str = 'linear', **radii) -> Dict[str, float]:
    """Baseline and filtered scores on the validation split of one dataset and task, the
    filter fitted on the training split of ``train_root`` (default: ``root``): for ``method``
    'linear' by :func:`fit` (``ridge``; ``radii`` as :func:`features`), for 'bilateral' by
    :func:`fit_bilateral`."""
    layout = LAYOUTS[kind][task]
    train = load_pairs(train_root or root, task, layout, 'train')
    if method == 'bilateral':
        params = fit_bilateral(train, layout[3])
        restore = lambda frames: bilateral(frames, *params)  # noqa: E731
    else:
        weights = fit(train, ridge=ridge, **radii)
        params = None
        restore = lambda frames: apply(weights, frames, **radii)  # noqa: E731
    base, oracle = [], []
    for b, g in load_pairs(root, task, layout, 'val'):
        base.append(score(b, g, layout[3]))
        oracle.append(score(restore(b), g, layout[3]))
    mean = lambda rows, key: float(np.mean([r[key] for r in rows]))  # noqa: E731 (clip mean)
    return dict(dataset=kind, task=task, channel=layout[3], method=method,
                bilateral_sigmas=params,
                baseline_psnr=mean(base, 'psnr'), oracle_psnr=mean(oracle, 'psnr'),
                gain_db=mean(oracle, 'psnr') - mean(base, 'psnr'),
                baseline_ssim=mean(base, 'ssim'), oracle_ssim=mean(oracle, 'ssim'),
                val_clips=len(base))


def markdown(rows: List[dict]) -> str:
    lines = ['| dataset | task | channel | filter | baseline PSNR / SSIM | '
             'filtered PSNR / SSIM | gain (dB) |', '|---|---|---|---|---|---|---|']
    for r in rows:
        name = r['method'] if r['bilateral_sigmas'] is None else \
            'bilateral (sigmaColor {}, sigmaSpace {})'.format(*r['bilateral_sigmas'])
        lines.append(f"| {r['dataset']} | {r['task']} | {r['channel']} | {name} | "
                     f"{r['baseline_psnr']:.2f} / {r['baseline_ssim']:.4f} | "
                     f"{r['oracle_psnr']:.2f} / {r['oracle_ssim']:.4f} | {r['gain_db']:+.2f} |")
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split('\n\n')[0])
    parser.add_argument('--task', choices=['sr', 'deblur', 'decompress', 'all'], default='all')
    parser.add_argument('--data', nargs='+', metavar='KIND=ROOT',
                        default=['motion_seqs=data/motion_seqs', 'real_clips=data/real_clips'],
                        help=f'datasets to probe; KIND in {sorted(LAYOUTS)}')
    parser.add_argument('--method', choices=['linear', 'bilateral'], default='linear',
                        help='a least-squares linear filter (default) or OpenCV\'s bilateral '
                        'filter with its sigmas chosen on the training split')
    parser.add_argument('--train-root', help='fit on the training split of this root instead '
                        '(same layout as the --data root; e.g. data/real_clips_long)')
    parser.add_argument('--spatial-radius', type=int, default=SPATIAL_RADIUS,
                        help=f'pixels each side of the filter (default: {SPATIAL_RADIUS})')
    parser.add_argument('--temporal-radius', type=int, default=TEMPORAL_RADIUS,
                        help=f'frames each side of the filter (default: {TEMPORAL_RADIUS})')
    parser.add_argument('--ridge', type=float, default=RIDGE,
                        help='ridge, relative to the mean diagonal of the Gram matrix '
                        f'(default: {RIDGE})')
    parser.add_argument('--out', default='work_dirs/probe_learnability.json')
    args = parser.parse_args(argv)
    if args.spatial_radius < 0 or args.temporal_radius < 0 or args.ridge < 0:
        parser.error('--spatial-radius, --temporal-radius and --ridge must be >= 0')
    args.datasets = []
    for item in args.data:
        kind, sep, root = item.partition('=')
        if not sep or kind not in LAYOUTS:
            parser.error(f'--data takes KIND=ROOT with KIND in {sorted(LAYOUTS)}, got {item!r}')
        args.datasets.append((kind, root))
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    tasks = ['sr', 'deblur', 'decompress'] if args.task == 'all' else [args.task]
    rows = []
    try:
        for kind, root in args.datasets:
            for task in tqdm(tasks, desc=kind, unit='task'):
                rows.append(probe(root, kind, task, args.train_root, args.ridge, args.method,
                                  spatial_radius=args.spatial_radius,
                                  temporal_radius=args.temporal_radius))
    except UserError as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    print(markdown(rows))
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(rows, f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())

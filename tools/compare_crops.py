"""One picture per task: the same crop of one frame, side by side, for every method.

Columns: the trivial baseline (bicubic x4 of the LQ frame for ``sr``, the degraded input
otherwise), each restored frame folder given with ``--method NAME=FOLDER`` (e.g. the frames
``tools/eval_real_clips.py`` leaves under ``<out-dir>/<task>/<model>/<clip>/``), and the ground
truth. Each title carries the method's PSNR on that frame (the task's channel: Y for ``sr`` and
``decompress``, RGB for ``deblur``; :func:`s2svr_mm.evaluation.score`), so the picture and the
table agree.

Example (after ``tools/eval_real_clips.py --task sr --model ...``)::

    python tools/compare_crops.py --task sr --clip vtest --frame 50 --crop 96 150 96 128 \\
        --method BasicVSR=work_dirs/eval_real_clips/sr/BasicVSR/vtest \\
        --method S2SVR=work_dirs/eval_real_clips/sr/S2SVR_shipped/vtest \\
        --out docs/images/compare_sr.png

Exit code 1 with a one-line message for a missing folder or frame, 2 for a crop outside the
frame.
"""
import argparse
import os.path as osp
import sys

import numpy as np

from s2svr_mm.evaluation import DATASETS, TASK_DATA, baseline_frames, score
from s2svr_mm.fileio import AtomicOutput, DatasetError, UserError, list_frames, read_frame

def frame_of(folder: str, index: int) -> np.ndarray:
    """Frame ``index`` (in name order) of a folder of PNGs, (h, w, 3) uint8 RGB.

    Raises:
        DatasetError: If the folder has fewer frames.
    """
    names = list_frames(folder)
    if index >= len(names):
        raise DatasetError(f"'{folder}' has {len(names)} frames, no frame {index}")
    return read_frame(osp.join(folder, names[index]))


def panels(task: str, dataset: str, data_root: str, clip: str, frame: int, methods: list):
    """[(title, full frame)] in column order: baseline, methods, ground truth."""
    lq_name, gt_name, _, channel, baseline = DATASETS[dataset][1][task]
    gt = frame_of(osp.join(data_root, gt_name, clip), frame)
    columns = [(baseline, baseline_frames(task, [frame_of(osp.join(data_root, lq_name, clip),
                                                          frame)])[0])]
    columns += [(name, frame_of(folder, frame)) for name, folder in methods]
    out = []
    for name, img in columns:
        if img.shape != gt.shape:
            raise DatasetError(f'{name}: frame {img.shape} is not the ground truth {gt.shape}')
        psnr = score([img], [gt], channel)['psnr']
        out.append((f'{name}\n{psnr:.2f} dB ({channel})', img))
    out.append(('ground truth', gt))
    return out


def draw(columns, crop, out_path: str, title: str) -> None:
    """Save the crops side by side (matplotlib), written to a temporary name then renamed."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    top, left, height, width = crop
    fig, axes = plt.subplots(1, len(columns), figsize=(2.6 * len(columns), 2.6 * height / width
                                                        + 0.9))
    for ax, (name, img) in zip(np.atleast_1d(axes), columns):
        ax.imshow(img[top:top + height, left:left + width], interpolation='nearest')
        ax.set_title(name, fontsize=9)
        ax.axis('off')
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    with AtomicOutput(out_path, overwrite=True, make_parent=True) as tmp:
        fig.savefig(tmp, dpi=110, format='png')
    plt.close(fig)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Side-by-side crops of one frame: baseline, '
                                     'restorers, ground truth, with per-frame PSNR.')
    parser.add_argument('--task', choices=sorted(TASK_DATA), required=True)
    parser.add_argument('--dataset', choices=sorted(DATASETS), default='real_clips')
    parser.add_argument('--data-root', help='Default: data/<dataset>')
    parser.add_argument('--clip', required=True)
    parser.add_argument('--frame', type=int, default=0, help='frame index (name order)')
    parser.add_argument('--crop', type=int, nargs=4, required=True,
                        metavar=('TOP', 'LEFT', 'HEIGHT', 'WIDTH'),
                        help='crop in ground-truth pixels')
    parser.add_argument('--method', action='append', default=[], metavar='NAME=FOLDER',
                        help='a folder of restored frames (repeatable, in column order)')
    parser.add_argument('--out', required=True, help='PNG to write')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    methods = []
    for spec in args.method:
        name, sep, folder = spec.partition('=')
        if not sep or not name or not folder:
            print(f"error: --method '{spec}': expected NAME=FOLDER", file=sys.stderr)
            return 2
        methods.append((name, folder))
    data_root = args.data_root or DATASETS[args.dataset][0]
    try:
        columns = panels(args.task, args.dataset, data_root, args.clip, args.frame, methods)
    except UserError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    top, left, height, width = args.crop
    h, w = columns[-1][1].shape[:2]
    if min(args.crop) < 0 or height == 0 or width == 0 or top + height > h or left + width > w:
        print(f'error: --crop {args.crop} is not inside the {h}x{w} frame', file=sys.stderr)
        return 2
    draw(columns, args.crop, args.out, f'{args.task}: {args.clip}, frame {args.frame}')
    print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

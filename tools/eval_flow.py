"""Evaluate flow networks against ground truth at the LQ scale of a task (issue #15, item 4).

Every row runs on the same inputs; flows go from frame 1 to frame 2 (``warp(img2, F)``
reconstructs img1), in pixels of the evaluated image. Metrics come from
``s2svr_mm.flow_evaluation``. The sets:

* **stereo** (real pairs, dense GT): Middlebury 2014 ``motorcycle`` from the scikit-image wheel
  (``skimage/data/``; invalid disparity = inf) and ``aloe`` from Debian's ``opencv-doc``
  (``aloeGT.png``: disparity in pixels of the 1282x1110 pair, 0 = unknown). The flow from left to
  right is (-d, 0); sign and scale are checked by warping on every run
  (:func:`verify_stereo_flow`). Base working size: each pair is area-downscaled by the smallest
  integer factor that brings its largest disparity to <= ``--max-disparity`` px (32: motorcycle
  /2 -> 368x248, aloe /7 -> 180x156, sides first cropped to multiples of 4x the factor); the
  ``sr`` task downscales that base pair x4 more (area, disparity / 4), the others use it as is
  (clean images: the stereo rows measure the flow at the task's scale, not its degradation, so
  they are the same for deblur, decompress and hq). EPE over valid pixels (a downscaled pixel
  is valid when at least half of its block is; ``downscale_field``).
* **motion_seqs** (held-out synthetic motion over photographs not used in training, exact flow):
  the val split of ``data/motion_seqs`` (``tools/render_motion_sequences.py``), every pair
  i -> i + 1 of the task's frames (sr: ``bix4``, GT flow averaged over the visible pixels of
  each 4x4 block and / 4, a pixel valid when at least 8 of its 16 are visible; deblur: ``blur``;
  decompress: ``hevc_qp37``; hq: ``gt``). EPE over non-occluded pixels (``occ_fw`` == 0).
* **shift (dx, dy)**: a real frame and a copy moved by a whole-pixel shift (true flow (dx, dy));
  windows of ``--translation-size`` (clipped to the frame) of evenly spaced frames of the
  ``vtest`` clip of ``data/real_clips`` (validation split, never trained on) in the task's
  folder; EPE away from the border (:func:`translation_epe`).
* **warp gain** (real consecutive frames, no GT): Y-PSNR of frame i+1 warped to frame i minus
  that of the unwarped frame i+1 (:func:`warp_gain`), per clip of ``data/real_clips`` in the
  task's folder: ``bikes`` (handheld camera; in the *training* split of the real clips) and
  ``vtest`` (static camera, validation split).

Rows: zero flow, OpenCV DIS (medium preset, grey frames; a classical reference), PWC-Lite
untrained (``--seed``), and ``--flow NAME=CKPT[:teacher|:student]`` (``PWCLite()`` filled by
``load_flow_net_weights``; a FlowPretrainer checkpoint gives its student unless ``:teacher``).

    python tools/eval_flow.py --task sr --from-dir /tmp/src --out work_dirs/eval_flow_sr.json \\
        --flow teacher=work_dirs/flow_sr/iter_20000.pth:teacher \\
        --flow distilled=work_dirs/flow_sr/iter_20000.pth

Prints one markdown table; ``--out`` writes it as JSON with the inputs' sizes. Missing data or
checkpoints: one line on stderr, exit code 1. ``--sets shift warp`` (any of ``stereo``,
``motion_seqs``, ``shift``, ``warp``) computes only those columns, on the same inputs as the
full table: a row of frames upsampled x2 at the HQ size takes about 17 minutes with every set.

``--shift-response N`` replaces the table by the response of every row to known translations
(issue #15: is the shift error a bias or a blind spot?): for each d in -N..N, the windows of the
shift set moved by (d, 0) and by (0, d); per row the mean estimated flow over the interior
(:func:`~s2svr_mm.flow_evaluation.translation_flow`) and the EPE. A perfect flow gives the
identity; ``--plot`` draws it (matplotlib).

    python tools/eval_flow.py --task hq --shift-response 8 --plot response.png \
        --flow teacher=s2svr_mm/weights/pwclite-norm_teacher_motion-seqs.pth
"""
import argparse
import json
import os
import os.path as osp
import sys
import tempfile
import time
from typing import Dict, List, Optional

import cv2
import numpy as np
import skimage
import torch

from s2svr_mm.fileio import DatasetError, UserError, read_frame, read_frames
from s2svr_mm.flow_evaluation import (GeneratorFlow, epe, estimate_flows, shift_epe,
                                      translation_epe, translation_flow, warp_gain, zero_flow)
from s2svr_mm.flow_ground_truth import (downscale_field, downscale_stereo, pick_factor,
                                        stereo_flow, verify_stereo_flow)
from s2svr_mm.models.backbones import DISFlow

#: task -> (folder of data/motion_seqs and data/real_clips, down-scaling of the LQ vs the HQ)
TASKS = {'sr': ('bix4', 4), 'deblur': ('blur', 1), 'decompress': ('hevc_qp37', 1),
         'hq': ('gt', 1)}
OPENCV_DOC = 'opencv-doc'
#: the sets of the table, in column order (``--sets``)
SETS = ('stereo', 'motion_seqs', 'shift', 'warp')
ALOE_FILES = ('aloeL.jpg', 'aloeR.jpg', 'aloeGT.png')


def read_clip(folder: str) -> np.ndarray:
    """(t, h, w, 3) uint8 RGB of the ``*.png`` frames of a folder, in name order."""
    return np.stack(read_frames(folder))


# -- the sets ------------------------------------------------------------------------------------

def raw_stereo_pairs(from_dir: str, workdir: str) -> Dict[str, tuple]:
    """{name: (left, right, disparity)} at full size; aloe fetched or read from ``from_dir``."""
    from s2svr_mm.datasets.sources import extract_deb, fetch_deb
    sk = osp.join(osp.dirname(skimage.__file__), 'data')
    disp_file = osp.join(sk, 'motorcycle_disp.npz')
    if not osp.isfile(disp_file):
        raise DatasetError(f'{disp_file} missing: install scikit-image (its wheel ships it)')
    with np.load(disp_file) as npz:
        moto_disp = npz[npz.files[0]].astype(np.float32)
    pairs = {'motorcycle': (read_frame(osp.join(sk, 'motorcycle_left.png')),
                            read_frame(osp.join(sk, 'motorcycle_right.png')), moto_disp)}
    deb = fetch_deb(OPENCV_DOC, from_dir, workdir)
    root = extract_deb(deb, osp.join(workdir, 'aloe'), ALOE_FILES)
    if not all(osp.isfile(osp.join(root, n)) for n in ALOE_FILES):
        raise DatasetError(f'{deb} holds no {", ".join(ALOE_FILES)}')
    aloe_gt = cv2.imread(osp.join(root, 'aloeGT.png'), cv2.IMREAD_GRAYSCALE)
    pairs['aloe'] = (read_frame(osp.join(root, 'aloeL.jpg')),
                     read_frame(osp.join(root, 'aloeR.jpg')),
                     aloe_gt.astype(np.float32))  # 0 = unknown, handled as invalid
    return pairs


def stereo_set(raw: Dict[str, tuple], scale: int, max_disparity: float) -> Dict[str, dict]:
    """Each pair at the base working size, then / ``scale``; sign and scale checked there."""
    out = {}
    for name, (left, right, disp) in raw.items():
        if left.shape != right.shape or left.shape[:2] != disp.shape:
            raise DatasetError(f'stereo {name}: images {left.shape}/{right.shape}, '
                               f'GT {disp.shape}')
        factor = pick_factor(disp, max_disparity)
        h, w = (s - s % (4 * factor) for s in disp.shape)  # base sides divisible by 4 (sr)
        base = downscale_stereo(left[:h, :w], right[:h, :w], disp[:h, :w], factor)
        errors = verify_stereo_flow(*base)
        left, right, disp = downscale_stereo(*base, scale)
        flow, valid = stereo_flow(disp)
        out[name] = dict(pairs=(left[None], right[None]), gt=flow[None], valid=valid[None],
                         info=dict(size=list(left.shape[:2]), base_factor=factor,
                                   base_size=list(base[0].shape[:2]),
                                   max_disparity=float(np.nanmax(disp)),
                                   valid_fraction=float(valid.mean()),
                                   sign_check_abs_error={str(k): round(v, 3)
                                                         for k, v in errors.items()}))
    return out


def motion_set(root: str, folder: str, scale: int) -> dict:
    """Val pairs of the motion sequences in ``folder`` with their GT flow and validity."""
    import mmcv
    ann = osp.join(root, 'meta_info_motion_seqs_val.txt')
    if not osp.isfile(ann):
        raise DatasetError(f'{ann} missing: build the motion sequences with '
                           'tools/render_motion_sequences.py')
    with open(ann) as f:
        seqs = [line.split()[0] for line in f if line.strip()]
    img1, img2, flows, valids = [], [], [], []
    for seq in seqs:
        frames = read_clip(osp.join(root, folder, seq))
        for i in range(len(frames) - 1):
            flo = osp.join(root, 'flow_fw', seq, f'{i:08d}.flo')
            occ = cv2.imread(osp.join(root, 'occ_fw', seq, f'{i:08d}.png'), cv2.IMREAD_GRAYSCALE)
            if not osp.isfile(flo) or occ is None:
                raise DatasetError(f'motion sequence {seq}: flow or occlusion of frame {i} '
                                   'missing')
            flow, visible = mmcv.flowread(flo), occ == 0
            if scale > 1:
                flow, visible = downscale_field(flow, visible, scale)
            if flow.shape[:2] != frames.shape[1:3]:
                raise DatasetError(f'motion sequence {seq}: flow {flow.shape[:2]} vs frames '
                                   f'{frames.shape[1:3]} in {folder}/')
            img1.append(frames[i])
            img2.append(frames[i + 1])
            flows.append(flow.transpose(2, 0, 1).astype(np.float32))
            valids.append(visible)
    valid = np.stack(valids)
    return dict(pairs=(np.stack(img1), np.stack(img2)), gt=np.stack(flows), valid=valid,
                info=dict(sequences=seqs, pairs=len(img1), size=list(img1[0].shape[:2]),
                          valid_fraction=float(valid.mean()), folder=folder))


def translation_frames(root: str, folder: str, clip: str, count: int) -> np.ndarray:
    frames = read_clip(osp.join(root, folder, clip))
    return frames[np.linspace(0, len(frames) - 1, count).round().astype(int)]


# -- rows ----------------------------------------------------------------------------------------

def build_pwc_lite(checkpoint: str = None, part: str = None, seed: int = 0):
    """``PWCLite()`` (fresh with ``seed``, or the net of ``checkpoint`` built with the flow-net
    settings it records, e.g. ``normalize_features``) in eval mode."""
    from s2svr_mm.models.backbones.pwc_lite import PWCLite
    from s2svr_mm.utils import build_flow_net
    torch.manual_seed(seed)
    if checkpoint is not None:
        return build_flow_net(checkpoint, part)
    return PWCLite().eval()


def parse_flow_arg(item: str):
    """'NAME=CKPT[:teacher|:student]' -> (name, path, part)."""
    name, sep, path = item.partition('=')
    if not sep or not name or not path:
        raise ValueError(f'--flow expects NAME=CHECKPOINT[:teacher], got {item!r}')
    head, _, tail = path.rpartition(':')
    if head and tail in ('teacher', 'student'):
        return name, head, tail
    return name, path, None


def evaluate(nets: Dict[str, object], stereo: Dict[str, dict], motion: Optional[dict],
             shift_frames: Optional[np.ndarray], shift, shift_size,
             clips: Dict[str, np.ndarray]):
    """{row: {column: value}} for every net on every set; a set left out (empty ``stereo`` or
    ``clips``, ``motion`` or ``shift_frames`` None) gives no column."""
    rows = {}
    for name, net in nets.items():
        start, row = time.time(), {}
        for key, data in list(stereo.items()) + ([('motion_seqs', motion)] if motion else []):
            flows = estimate_flows(net, *data['pairs'])
            row[f'{key}_epe'] = epe(flows, data['gt'], data['valid'])
        if shift_frames is not None:
            row['shift_epe'] = float(np.mean([translation_epe(net, f, shift, shift_size)
                                              for f in shift_frames]))
        for clip, frames in clips.items():
            row[f'{clip}_warp_gain_db'] = warp_gain(net, frames)
        row['seconds'] = round(time.time() - start, 1)
        rows[name] = row
        print(f'eval_flow: {name} done in {row["seconds"]} s', file=sys.stderr)
    return rows


def shift_response(nets: Dict[str, object], frames: np.ndarray, max_shift: int, size):
    """{row: {axis: [{shift, mean_flow, epe}, ...]}} for d in -max_shift..max_shift along x and
    y: the mean over ``frames`` of the row's mean flow inside the border (pixels), and its EPE."""
    rows = {}
    for name, net in nets.items():
        rows[name] = {}
        for axis in ('x', 'y'):
            points = []
            for d in range(-max_shift, max_shift + 1):
                shift = (d, 0) if axis == 'x' else (0, d)
                flows = [translation_flow(net, f, shift, size) for f in frames]
                points.append(dict(
                    shift=list(shift),
                    mean_flow=[round(float(np.mean([f[c].mean() for f in flows])), 4)
                               for c in (0, 1)],
                    epe=round(float(np.mean([shift_epe(f, shift) for f in flows])), 4)))
            rows[name][axis] = points
        print(f'eval_flow: {name} done', file=sys.stderr)
    return rows


def response_markdown(rows: Dict[str, dict]) -> str:
    """One table per axis: the mean estimated flow along it (EPE in brackets) per shift."""
    names = list(rows)
    lines = []
    for axis in ('x', 'y'):
        c = 0 if axis == 'x' else 1
        lines += [f'| shift along {axis} (px) | ' + ' | '.join(names) + ' |',
                  '|---:|' + '---:|' * len(names)]
        for k, point in enumerate(rows[names[0]][axis]):
            cells = [f'{rows[n][axis][k]["mean_flow"][c]:+.2f} ({rows[n][axis][k]["epe"]:.2f})'
                     for n in names]
            lines.append(f'| {point["shift"][c]:+d} | ' + ' | '.join(cells) + ' |')
        lines.append('')
    return '\n'.join(lines)


def plot_response(rows: Dict[str, dict], path: str, title: str):
    """Estimated against true shift, one panel per axis (matplotlib, Agg)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    for ax, axis in zip(axes, ('x', 'y')):
        c = 0 if axis == 'x' else 1
        for name, row in rows.items():
            ax.plot([p['shift'][c] for p in row[axis]], [p['mean_flow'][c] for p in row[axis]],
                    marker='o', markersize=3, label=name)
        lim = max(abs(p['shift'][c]) for p in rows[next(iter(rows))][axis])
        ax.plot([-lim, lim], [-lim, lim], 'k:', linewidth=1, label='true')
        ax.set(xlabel=f'true shift along {axis} (px)',
               ylabel=f'mean estimated flow along {axis} (px)', title=f'{title}: {axis}')
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def markdown(rows: Dict[str, dict], stereo_names: List[str], clip_names: List[str],
             shift, task: str) -> str:
    columns = ([(f'{n}_epe', f'stereo {n} EPE') for n in stereo_names]
               + [('motion_seqs_epe', 'motion_seqs val EPE'),
                  ('shift_epe', f'shift ({shift[0]}, {shift[1]}) EPE')]
               + [(f'{c}_warp_gain_db', f'{c} warp gain (dB)') for c in clip_names])
    first = next(iter(rows.values()), {})
    columns = [(k, title) for k, title in columns if k in first]  # the sets of --sets
    lines = [f'| {task} | ' + ' | '.join(title for _, title in columns) + ' |',
             '|---|' + '---:|' * len(columns)]
    for name, row in rows.items():
        cells = [f'{row[k]:+.2f}' if k.endswith('_db') else f'{row[k]:.3f}' for k, _ in columns]
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--task', choices=sorted(TASKS), default='sr',
                        help="LQ scale and folders ('hq': the GT frames, the teacher's scale)")
    parser.add_argument('--flow', action='append', default=[],
                        metavar='NAME=CHECKPOINT[:teacher]', help='a PWC-Lite row (repeatable)')
    parser.add_argument('--symmetric', action='store_true',
                        help='also score every --flow net with forward-backward symmetrised '
                        'flows (S2SVRNet symmetric_flow=True)')
    parser.add_argument('--upscale', type=int, default=1,
                        help='also score every --flow net on the frames upsampled (bilinear) by '
                        'this factor, its flow resized back (S2SVRNet flow_upscale)')
    parser.add_argument('--seed', type=int, default=0, help='seed of the untrained PWC-Lite')
    parser.add_argument('--sets', nargs='+', choices=SETS, default=list(SETS),
                        help='the sets (columns) to evaluate; default: all. Leaving out '
                        'stereo needs no opencv-doc; the upsampled rows of a same-size task '
                        'take about 17 min each with every set')
    parser.add_argument('--motion-root', default='data/motion_seqs')
    parser.add_argument('--clips-root', default='data/real_clips')
    parser.add_argument('--warp-clips', nargs='+', default=['bikes', 'vtest'])
    parser.add_argument('--shift', nargs=2, type=int, default=[3, -2], metavar=('DX', 'DY'))
    parser.add_argument('--shift-clip', default='vtest')
    parser.add_argument('--shift-frames', type=int, default=4,
                        help='evenly spaced frames of --shift-clip')
    parser.add_argument('--shift-size', nargs=2, type=int, default=[200, 264], metavar=('H', 'W'),
                        help='window in pixels of the evaluated frame, clipped to the frame')
    parser.add_argument('--shift-response', type=int, metavar='N',
                        help='instead of the table: the mean flow of every row for the shift '
                        'windows moved by -N..N px along x and along y')
    parser.add_argument('--plot', help='with --shift-response: draw it to this PNG')
    parser.add_argument('--max-disparity', type=float, default=32.,
                        help='largest disparity (px) of the stereo pairs at the base size')
    parser.add_argument('--from-dir', help=f'folder with an already downloaded {OPENCV_DOC}_*.deb')
    parser.add_argument('--out', help='write the rows and the inputs as JSON here')
    return parser.parse_args(argv)


def build_rows(args) -> Dict[str, object]:
    """The flow nets of the rows, in table order."""
    nets = {'zero flow': zero_flow, 'DIS (OpenCV, medium)': DISFlow(),
            f'PWC-Lite untrained (seed {args.seed})': build_pwc_lite(seed=args.seed)}
    for item in args.flow:
        name, path, part = parse_flow_arg(item)
        net = nets[name] = build_pwc_lite(path, part)
        if args.symmetric:
            nets[f'{name}, symmetrised'] = GeneratorFlow(net, symmetric=True)
        if args.upscale != 1:
            up = f'{name}, on frames upsampled x{args.upscale}'
            nets[up] = GeneratorFlow(net, upscale=args.upscale)
            if args.symmetric:
                nets[f'{up}, symmetrised'] = GeneratorFlow(net, True, args.upscale)
    return nets


def load_sets(args) -> dict:
    """Every evaluation set at the task's scale, with a description of its inputs."""
    folder, scale = TASKS[args.task]
    stereo, motion, shift_frames, shift_size, clips = {}, None, None, None, {}
    if 'stereo' in args.sets:
        with tempfile.TemporaryDirectory(prefix='eval_flow_') as workdir:
            stereo = stereo_set(raw_stereo_pairs(args.from_dir, workdir), scale,
                                args.max_disparity)
    if 'motion_seqs' in args.sets:
        motion = motion_set(args.motion_root, folder, scale)
    if 'shift' in args.sets:
        shift_frames = translation_frames(args.clips_root, folder, args.shift_clip,
                                          args.shift_frames)
        h, w = shift_frames.shape[1:3]
        shift_size = (min(args.shift_size[0], h - abs(args.shift[1])),
                      min(args.shift_size[1], w - abs(args.shift[0])))
    if 'warp' in args.sets:
        clips = {c: read_clip(osp.join(args.clips_root, folder, c)) for c in args.warp_clips}
    train_ann = osp.join(args.clips_root, 'meta_info_real_clips_train.txt')
    trained = set()
    if osp.isfile(train_ann):
        with open(train_ann) as f:
            trained = {line.split()[0] for line in f if line.strip()}
    info = dict(
        stereo={k: v['info'] for k, v in stereo.items()},
        motion_seqs=motion['info'] if motion else None,
        shift=None if shift_frames is None else dict(
            clip=args.shift_clip, folder=folder, frames=len(shift_frames),
            size=list(shift_size), shift=args.shift, border=max(map(abs, args.shift)) + 2),
        warp_gain={c: dict(folder=folder, frames=len(f), size=list(f.shape[1:3]),
                           in_real_clips_train_split=c in trained) for c, f in clips.items()})
    return dict(stereo=stereo, motion=motion, shift_frames=shift_frames, shift_size=shift_size,
                clips=clips, info=info)


def describe(task: str, info: dict) -> str:
    """One line naming the inputs of every set."""
    folder, scale = TASKS[task]

    def size(v):
        return f'{v["size"][0]}x{v["size"][1]}'
    motion, shift = info['motion_seqs'], info['shift']
    parts = [f'stereo {k} {size(v)}' for k, v in info['stereo'].items()]
    if motion:
        parts.append(f'motion_seqs {motion["pairs"]} pairs of {size(motion)}')
    if shift:
        parts.append(f'shift: {shift["frames"]} {shift["clip"]} frames, {size(shift)} windows')
    if info['warp_gain']:
        parts.append('warp gain: ' + ', '.join(
            f'{c} {size(v)} ({v["frames"]} frames'
            + (', training split' if v['in_real_clips_train_split'] else '') + ')'
            for c, v in info['warp_gain'].items()))
    return (f'inputs ({task}: {folder}/' + (f', x{scale} below the GT' if scale > 1 else '')
            + '): ' + '; '.join(parts))


def write_json(args, argv, **payload):
    """``--out``: the task, the command line and ``payload`` as JSON."""
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    command = ['tools/eval_flow.py'] + list(argv if argv is not None else sys.argv[1:])
    with open(args.out, 'w') as f:
        json.dump(dict(task=args.task, command=command, **payload), f, indent=2)


def run_shift_response(args, nets, argv) -> int:
    """The ``--shift-response`` mode of :func:`main` (``args.shift_response`` >= 1)."""
    n = args.shift_response
    folder = TASKS[args.task][0]
    try:
        frames = translation_frames(args.clips_root, folder, args.shift_clip, args.shift_frames)
        h, w = frames.shape[1:3]
        size = (min(args.shift_size[0], h - n), min(args.shift_size[1], w - n))
        rows = shift_response(nets, frames, n, size)
    except (UserError, OSError, ValueError) as err:
        print(f'eval_flow: {err}', file=sys.stderr)
        return 1
    print(response_markdown(rows))
    print(f'inputs ({args.task}): {len(frames)} {args.shift_clip} frames of {folder}/, '
          f'{size[0]}x{size[1]} windows, border |d| + 2 px')
    if args.plot:
        plot_response(rows, args.plot, f'{args.task}, {args.shift_clip}')
    if args.out:
        write_json(args, argv, inputs=dict(clip=args.shift_clip, folder=folder,
                                           frames=len(frames), size=list(size)),
                   shift_response=rows)
    return 0


def main(argv=None):
    args = parse_args(argv)
    if args.shift_response is not None and args.shift_response < 1:
        print(f'eval_flow: --shift-response must be >= 1, got {args.shift_response}',
              file=sys.stderr)
        return 1
    try:
        nets = build_rows(args)
    except (OSError, KeyError, ValueError, RuntimeError) as err:  # RuntimeError: wrong shapes
        print(f'eval_flow: {err}'.splitlines()[0], file=sys.stderr)
        return 1
    if args.shift_response is not None:
        return run_shift_response(args, nets, argv)
    try:
        sets = load_sets(args)
    except (UserError, OSError, ValueError) as err:
        print(f'eval_flow: {err}', file=sys.stderr)
        return 1
    rows = evaluate(nets, sets['stereo'], sets['motion'], sets['shift_frames'], args.shift,
                    sets['shift_size'], sets['clips'])
    print(markdown(rows, list(sets['stereo']), list(sets['clips']), args.shift, args.task))
    print('\n' + describe(args.task, sets['info']))
    if args.out:
        write_json(args, argv, sets=sets['info'], rows=rows)
    return 0


if __name__ == '__main__':
    sys.exit(main())

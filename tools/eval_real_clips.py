"""Score restorers on the held-out real clips against the trivial baseline of each task.

Each model restores every validation clip of ``data/real_clips`` (``tools/prepare_real_clips.py``)
through :func:`s2svr_mm.apis.restore_video`, the path ``s2svr-restore`` takes (streaming,
overlapping chunks, 8-bit PNG output), and is scored against the ground truth with MMagic's
``psnr``/``ssim`` the way MMagic's evaluator scores a video dataset: the mean over a clip's
frames, then the mean over clips. The trivial baseline of each task is scored the same way:

=========== ================================ ================== =======================
task        LQ folder -> GT folder           baseline           channel (as the paper)
=========== ================================ ================== =======================
sr          ``bix4`` -> ``gt``               MATLAB bicubic x4  Y (BT.601)
deblur      ``blur`` -> ``sharp``            the blurred input  RGB (GoPro)
decompress  ``hevc_qp37`` -> ``gt``          the QP 37 input    Y (MFQEv2)
=========== ================================ ================== =======================

``--dataset motion_seqs`` scores on the held-out motion sequences instead
(``tools/render_motion_sequences.py``; the deblurring GT is ``gt/`` there), and ``--zero-flow``
adds, for every S2SVR model, the same weights with their flows replaced by zeros
(``model.generator.zero_flow=True``): the motion-compensation ablation of issue 17.
``--ensemble spatial`` (or ``spatial-temporal``) adds, for every model, the same model run
with MMagic's self-ensemble (``s2svr-restore --ensemble``). ``--group NAME=CLIP,CLIP`` adds
each method's mean over those clips (the README's "real pair" is ``vtest,vtest_late``).

Examples::

    # the shipped default of every task
    python tools/eval_real_clips.py
    # deblurring on the held-out motion sequences, with the zero-flow ablation
    python tools/eval_real_clips.py --task deblur --dataset motion_seqs --zero-flow
    # one task, one clip, plus a baseline network trained with its own config
    python tools/eval_real_clips.py --task sr --clips tree \\
        --model BasicVSR configs/basicvsr/basicvsr_c16b2_1xb2-800_real-clips-bix4.py \\
        work_dirs/basicvsr_c16b2_1xb2-800_real-clips-bix4/iter_800.pth

It prints a markdown table and writes ``<out-dir>/eval_real_clips.json``; restored frames stay
under ``<out-dir>/<task>/<model>/<clip>/``. Exit code 1 with a one-line message for a missing
dataset, clip, config or checkpoint.
"""
import argparse
import json
import os
import os.path as osp
import re
import sys
from typing import Dict, List, Optional

import numpy as np

from s2svr_mm.apis.streaming import ENSEMBLES
from s2svr_mm.evaluation import DATASETS, TASK_DATA, baseline_frames, score
from s2svr_mm.fileio import UserError, read_frames

def val_clips(data_root: str, ann_file: str) -> List[str]:
    """Clip names of an annotation file (``<clip> <frames> (h, w, c)`` per line)."""
    with open(osp.join(data_root, ann_file)) as f:
        return [line.split()[0] for line in f if line.strip()]


def restore_clip(task: str, lq_dir: str, out_dir: str, config: Optional[str],
                 checkpoint: Optional[str], ensemble: Optional[str] = None) -> List[np.ndarray]:
    """Restore one clip folder with :func:`restore_video` (the CLI's path, ``ensemble`` its
    ``--ensemble``); its frames."""
    from s2svr_mm.apis import restore_video
    os.makedirs(osp.dirname(out_dir), exist_ok=True)
    restore_video(lq_dir, out_dir, task, config=config, checkpoint=checkpoint, device='cpu',
                  overwrite=True, ensemble=ensemble)
    return read_frames(out_dir)


def zero_flow_config(config: str, out_dir: str, name: str) -> Optional[str]:
    """A copy of ``config`` with ``model.generator.zero_flow=True`` (the motion-compensation
    ablation of issue #17), written under ``out_dir``; its path, or None if the generator is
    not an S2SVRNet (which alone has the ``zero_flow`` switch) or already runs with zero flow."""
    from mmengine.config import Config
    cfg = Config.fromfile(config)
    if cfg.model.generator.get('type') != 'S2SVRNet' or cfg.model.generator.get('zero_flow'):
        return None
    cfg.model.generator.zero_flow = True
    os.makedirs(out_dir, exist_ok=True)
    path = osp.join(out_dir, f'{slug(name)}_zero_flow.py')
    cfg.dump(path)
    return path


def evaluate(task: str, data_root: str, clips: List[str], models: Dict[str, tuple],
             out_dir: str, task_data: Optional[dict] = None) -> List[dict]:
    """Rows ``{task, method, clip, psnr, ssim}``, per clip and the mean over clips;
    ``models`` maps a name to ``(config, checkpoint)`` or ``(config, checkpoint, ensemble)``."""
    lq_name, gt_name, _, channel, baseline = (task_data or TASK_DATA)[task]
    per_method: Dict[str, List[dict]] = {}
    for clip in clips:
        lqs = read_frames(osp.join(data_root, lq_name, clip))
        gts = read_frames(osp.join(data_root, gt_name, clip))
        results = {baseline: score(baseline_frames(task, lqs), gts, channel)}
        for name, (config, checkpoint, *ensemble) in models.items():
            folder = osp.join(out_dir, task, slug(name), clip)
            outputs = restore_clip(task, osp.join(data_root, lq_name, clip), folder, config,
                                   checkpoint, *ensemble)
            results[name] = score(outputs, gts, channel)
        for method, result in results.items():
            per_method.setdefault(method, []).append(dict(clip=clip, **result))
    rows = []
    for method, clip_rows in per_method.items():
        for r in clip_rows:
            rows.append(dict(task=task, channel=channel, method=method, **r))
        rows.append(dict(task=task, channel=channel, method=method, clip='mean',
                         psnr=float(np.mean([r['psnr'] for r in clip_rows])),
                         ssim=float(np.mean([r['ssim'] for r in clip_rows]))))
    base = {r['clip']: r['psnr'] for r in rows if r['method'] == baseline}
    for r in rows:
        r['gain_db'] = r['psnr'] - base[r['clip']]
    return rows


def parse_group(text: str) -> tuple:
    """``'NAME=CLIP,CLIP'`` -> ``(NAME, [CLIP, CLIP])`` (the ``--group`` argument).

    Raises:
        argparse.ArgumentTypeError: Without ``=``, or with an empty name or clip list.
    """
    name, sep, clips = text.partition('=')
    clip_list = [c for c in clips.split(',') if c]
    if not sep or not name or not clip_list:
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=CLIP[,CLIP...]")
    return name, clip_list


def unscored_clips(groups: List[tuple], clips) -> List[str]:
    """The clips that ``groups`` (``(name, clips)`` pairs) name but ``clips`` lacks, sorted."""
    return sorted({c for _, group in groups for c in group} - set(clips))


def group_means(rows: List[dict], groups: List[tuple]) -> List[dict]:
    """Rows of each method's mean over each group of clips (``clip`` = the group's name).

    PSNR, SSIM and the gain are the plain means of the group's per-clip rows (each already a
    mean over the clip's frames), as the ``mean`` row averages every clip: e.g. the README's
    "real pair" is ``real pair=vtest,vtest_late``.

    Args:
        rows (list[dict]): :func:`evaluate`'s rows (``method``, ``clip``, ``psnr``, ``ssim``,
            ``gain_db``, ...).
        groups (list[tuple]): ``(name, clips)`` pairs from :func:`parse_group`.

    Returns:
        list[dict]: One row per method and group, in the rows' method order.

    Raises:
        ValueError: If a group names a clip that the rows do not score.
    """
    per_clip: Dict[tuple, dict] = {(r['method'], r['clip']): r for r in rows}
    methods = list(dict.fromkeys(r['method'] for r in rows))
    scored = {r['clip'] for r in rows}
    out = []
    for name, clips in groups:
        missing = unscored_clips([(name, clips)], scored)
        if missing:
            raise ValueError(f"group '{name}': clip(s) {', '.join(missing)} not scored")
        for method in methods:
            members = [per_clip[(method, c)] for c in clips]
            first = members[0]
            out.append(dict(task=first['task'], channel=first['channel'], method=method,
                            clip=name, **{k: float(np.mean([m[k] for m in members]))
                                          for k in ('psnr', 'ssim', 'gain_db')}))
    return out


def slug(name: str) -> str:
    """A folder name for a method name: runs of other characters become ``_``."""
    return re.sub(r'[^A-Za-z0-9.+-]+', '_', name).strip('_')


def markdown(rows: List[dict]) -> str:
    """The rows as a markdown table."""
    lines = ['| task | channel | method | clip | PSNR (dB) | SSIM | gain over baseline (dB) |',
             '| --- | --- | --- | --- | --- | --- | --- |']
    for r in rows:
        lines.append(f"| {r['task']} | {r['channel']} | {r['method']} | {r['clip']} | "
                     f"{r['psnr']:.2f} | {r['ssim']:.4f} | {r['gain_db']:+.2f} |")
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Score restorers on the real clips held out for validation, against '
        'the trivial baseline (bicubic / blurred / QP 37 input), with MMagic PSNR and SSIM.')
    parser.add_argument('--task', choices=sorted(TASK_DATA), action='append',
                        help='task(s) to score (repeatable). Default: all three')
    parser.add_argument('--dataset', choices=sorted(DATASETS), default='real_clips',
                        help='real_clips (tools/prepare_real_clips.py) or the held-out '
                        'motion_seqs (tools/render_motion_sequences.py). Default: real_clips')
    parser.add_argument('--data-root', help="the dataset's folder. Default: data/<dataset>")
    parser.add_argument('--clips', nargs='+', help='clips to score. Default: the val split')
    parser.add_argument('--model', nargs=3, action='append', default=[],
                        metavar=('NAME', 'CONFIG', 'CHECKPOINT'),
                        help='an extra restorer to score (repeatable; only with one --task)')
    parser.add_argument('--no-default', action='store_true',
                        help='do not score the shipped default model')
    parser.add_argument('--zero-flow', action='store_true',
                        help='also score every S2SVR model with its flows replaced by zeros '
                        '(model.generator.zero_flow=True): the motion-compensation ablation')
    parser.add_argument('--ensemble', choices=tuple(ENSEMBLES),
                        help='also score every model with this self-ensemble (s2svr-restore '
                        '--ensemble: 8 flips and transposes, spatial-temporal also reversed '
                        'in time)')
    parser.add_argument('--group', type=parse_group, action='append', default=[],
                        metavar='NAME=CLIP,CLIP',
                        help='also report each method\'s mean over these clips (repeatable), '
                        'e.g. "real pair=vtest,vtest_late"')
    parser.add_argument('--out-dir', default='work_dirs/eval_real_clips')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    tasks = args.task or sorted(TASK_DATA)
    if args.model and len(tasks) != 1:
        print('error: --model needs exactly one --task', file=sys.stderr)
        return 2
    default_root, task_data = DATASETS[args.dataset]
    data_root = args.data_root or default_root
    if not osp.isdir(data_root):
        maker = ('render_motion_sequences' if args.dataset == 'motion_seqs' else
                 'prepare_real_clips')
        print(f"error: no dataset at '{data_root}' (run tools/{maker}.py)", file=sys.stderr)
        return 1
    import s2svr_mm  # noqa: F401  (registers the models)
    from s2svr_mm.apis.catalogue import default_model
    from s2svr_mm.apis.errors import first_line
    rows, names = [], {}
    for task in tasks:
        models = {} if args.no_default else {'S2SVR (shipped)': (None, None)}
        models.update({name: (config, ckpt) for name, config, ckpt in args.model})
        clips = args.clips or val_clips(data_root, task_data[task][2])
        unknown = unscored_clips(args.group, clips)
        if unknown:  # before any restoring
            print(f"error: --group names clip(s) not scored: {', '.join(unknown)}",
                  file=sys.stderr)
            return 2
        try:
            if args.zero_flow:
                for name, (config, ckpt) in list(models.items()):
                    config = config or default_model(task)[0]
                    ablation = zero_flow_config(config, osp.join(args.out_dir, 'configs'), name)
                    if ablation is not None:
                        models[f'{name}, flow zeroed'] = (ablation,
                                                          ckpt or default_model(task)[1])
            if args.ensemble:
                for name, (config, ckpt) in list(models.items()):
                    models[f'{name}, {args.ensemble} ensemble'] = (config, ckpt, args.ensemble)
            names[task] = list(models)
            task_rows = evaluate(task, data_root, clips, models, args.out_dir, task_data)
            rows += task_rows + group_means(task_rows, args.group)
        except (UserError, FileNotFoundError, ValueError) as err:  # RestoreError, VideoIOError, ...
            print(f'error: {task}: {first_line(err)}', file=sys.stderr)
            return 1
    print(markdown(rows))
    os.makedirs(args.out_dir, exist_ok=True)
    with open(osp.join(args.out_dir, 'eval_real_clips.json'), 'w') as f:
        json.dump(rows, f, indent=1)
    for task in tasks:
        for name in names[task]:
            print(f'restored frames ({task}, {name}): '
                  f'{osp.join(args.out_dir, task, slug(name))}/<clip>/')
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""Speed of ``s2svr-restore`` end to end, by stage, for several option sets timed side by side;
with ``--clips``, their quality on real clips; with ``--tiles``, what tiling changes.

The input is the real video of ``tools/measure_restore_memory.py`` (OpenCV's ``vtest`` street
scene at ``--size``, played back and forth to ``--frames``, lossless FFV1). Every variant (a set
of :func:`s2svr_mm.apis.restore_video` options) restores it with the task's shipped model, to
an ``.mp4``, in this process; the variants take turns in each repeat, so they share the
machine's state, and the median over repeats is reported. Each run is cut into stages by timing
the methods that do them:

* ``decode``: :meth:`FrameReader.timed` (FFmpeg decoding and RGB conversion);
* ``flow``: ``S2SVRNet.compute_flow`` (PWC-Lite, both directions, every window);
* ``network``: the rest of :class:`FrameRestorer` (encoder, decoder, heads, tile crops);
* ``blend``: ``FrameRestorer._blend`` (tiles to ``uint8`` frames);
* ``encode``: :class:`VideoWriter` (RGB -> YUV, x264, muxing);
* ``other``: the rest of the wall time (model loading, checks).

Variants (``--variants``, any of :data:`VARIANTS`):

* ``before``: the command before issue #18: float32, untiled, H.264 4:4:4 CRF 10;
* ``after``: the defaults now (bfloat16 autocast where the CPU has it, tiles from a 1 GiB
  budget, 4:2:0 CRF 16);
* ``after-fp32``: ``after`` in float32 (what bfloat16 brings);
* ``after-flow2``: ``after`` with ``--flow-downsample 2``;
* ``after-ens8``, ``after-ens16``: ``after`` with ``--ensemble spatial`` (8 runs of the network
  per window) and ``--ensemble spatial-temporal`` (16 runs).

``--clips`` scores each variant's restoration of real clips (``data/real_clips``, ``bix4`` ->
``gt``, frame folders, so no encoding) with the project's Y-PSNR; ``--tiles`` restores one
window of the input with the shipped model untiled and with each tile size, and reports the
difference (the tolerance of ``docs/restore.md``, "Tiling").

Examples::

    python tools/profile_restore.py --size 180 320 --frames 40 --threads 2
    python tools/profile_restore.py --variants after after-flow2 --clips vtest_late tree
    python tools/profile_restore.py --size 180 320 --frames 8 --variants --tiles 96 168

Prints markdown tables and writes ``<out-dir>/profile_restore.json``.
"""
import argparse
import contextlib
import functools
import json
import os
import os.path as osp
import platform
import statistics
import sys
import time
from typing import Dict, List

import numpy as np
import torch

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
import measure_restore_memory as inputs  # noqa: E402  (the real input video)

from s2svr_mm.apis import restore_video  # noqa: E402
from s2svr_mm.apis.streaming import FrameRestorer  # noqa: E402
from s2svr_mm.evaluation import score  # noqa: E402
from s2svr_mm.models.backbones.s2svr_net import S2SVRNet  # noqa: E402
from s2svr_mm.fileio import FrameReader, VideoWriter, open_frames  # noqa: E402

#: Variant name -> restore_video options.
VARIANTS = {
    'before': dict(bf16=False, tile=0, pix_fmt='yuv444p', crf=10),
    'after': dict(),
    'after-fp32': dict(bf16=False),
    'after-flow2': dict(flow_downsample=2),
    'after-ens8': dict(ensemble='spatial'),
    'after-ens16': dict(ensemble='spatial-temporal'),
}
STAGES = ('decode', 'flow', 'network', 'blend', 'encode', 'other')


@contextlib.contextmanager
def stage_timers(seconds: Dict[str, float]):
    """Add the time spent in each stage's methods to ``seconds`` while active."""
    patched = []

    def wrap(owner, name, stage):
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - start

        patched.append((owner, name, original))
        setattr(owner, name, timed)

    def wrap_generator(owner, name, stage):
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            iterator = original(*args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    seconds[stage] += time.perf_counter() - start
                yield item

        patched.append((owner, name, original))
        setattr(owner, name, timed)

    wrap_generator(FrameReader, 'timed', 'decode')
    wrap(S2SVRNet, 'compute_flow', 'flow')
    wrap(FrameRestorer, '__call__', 'network')
    wrap(FrameRestorer, '_blend', 'blend')
    for name in ('__init__', 'write', 'write_audio', 'close'):
        wrap(VideoWriter, name, 'encode')
    try:
        yield seconds
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def run_variant(video: str, output: str, task: str, options: dict) -> dict:
    """Restore ``video`` once with ``options``: wall seconds and seconds per stage."""
    seconds = dict.fromkeys(STAGES, 0.0)
    with stage_timers(seconds):
        start = time.perf_counter()
        summary = restore_video(video, output, task, overwrite=True, **options)
        wall = time.perf_counter() - start
    seconds['network'] -= seconds['flow'] + seconds['blend']
    seconds['other'] = wall - sum(seconds[s] for s in STAGES if s != 'other')
    return dict(wall=wall, frames=summary.num_frames, tile_shape=summary.tile_shape,
                stages=seconds)


def profile(video: str, out_dir: str, task: str, variants: List[str], repeats: int) -> dict:
    """Every variant ``repeats`` times, interleaved; medians per variant. A first, untimed
    restoration of two frames loads what every run shares (imports, registries)."""
    with open_frames(video) as reader:
        head = [frame for frame, _ in zip(reader, range(2))]
    warmup = osp.join(out_dir, 'warmup')
    inputs.write_video(warmup + '.mkv', head)
    restore_video(warmup + '.mkv', warmup + '.mp4', task, overwrite=True)
    runs = {name: [] for name in variants}
    for _ in range(repeats):
        for name in variants:
            runs[name].append(run_variant(video, osp.join(out_dir, f'{name}.mp4'), task,
                                          VARIANTS[name]))
    results = {}
    for name, rows in runs.items():
        frames = rows[0]['frames']
        wall = statistics.median(r['wall'] for r in rows)
        results[name] = dict(
            options=VARIANTS[name], frames=frames, walls=[r['wall'] for r in rows],
            fps=frames / wall, tile_shape=rows[0]['tile_shape'],
            ms_per_frame={s: 1000 * statistics.median(r['stages'][s] for r in rows) / frames
                          for s in STAGES})
    return results


def quality(clips: List[str], data_root: str, out_dir: str, task: str,
            variants: List[str]) -> Dict[str, Dict[str, float]]:
    """Y-PSNR against the ground truth of each variant's restoration of each clip."""
    lq_kind = {'sr': 'bix4', 'decompress': 'hevc_qp37', 'deblur': 'blur'}[task]
    gt_kind = 'sharp' if task == 'deblur' else 'gt'
    results = {}
    for name in variants:
        options = {k: v for k, v in VARIANTS[name].items() if k not in ('pix_fmt', 'crf')}
        results[name] = {}
        for clip in clips:
            folder = osp.join(out_dir, 'quality', name, clip)
            os.makedirs(osp.dirname(folder), exist_ok=True)
            restore_video(osp.join(data_root, lq_kind, clip), folder, task, overwrite=True,
                          **options)
            with open_frames(folder) as restored, open_frames(
                    osp.join(data_root, gt_kind, clip)) as gt:
                results[name][clip] = score(list(restored), list(gt), 'Y')['psnr']
    return results


def tiling_error(video: str, task: str, tiles: List[int], overlap: int, bf16: bool) -> list:
    """Max and mean |tiled - untiled| (8-bit levels) and their PSNR, on one window of the
    input restored by the shipped model (``uint8`` frames, no encoding)."""
    from s2svr_mm.apis import default_model, load_generator
    generator, _ = load_generator(*default_model(task), 'cpu', task)
    with open_frames(video) as reader:
        frames = list(reader)[:32]
    untiled = np.stack(FrameRestorer(generator, bf16=bf16, tile=0)(frames)).astype(np.int16)
    rows = []
    for tile in tiles:
        tiled = np.stack(FrameRestorer(generator, bf16=bf16, tile=tile,
                                       tile_overlap=overlap)(frames))
        diff = np.abs(tiled - untiled)
        mse = float(np.mean(diff.astype(np.float64)**2))
        rows.append(dict(tile=tile, overlap=overlap, frames=len(frames), max=int(diff.max()),
                         mean=float(diff.mean()),
                         psnr=10 * np.log10(255**2 / mse) if mse else float('inf')))
    return rows


def markdown(results: dict) -> str:
    first = next(iter(results.values()))['fps']
    lines = ['| variant | frames/s | vs first | tiles (input px) | ' +
             ' | '.join(f'{s} (ms/frame)' for s in STAGES) + ' |',
             '| --- ' * (4 + len(STAGES)) + '|']
    for name, r in results.items():
        th, tw = r['tile_shape']
        lines.append(f"| {name} | {r['fps']:.3f} | {r['fps'] / first:.2f}x | {tw}x{th} | " +
                     ' | '.join(f"{r['ms_per_frame'][s]:.0f}" for s in STAGES) + ' |')
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='s2svr-restore end to end by stage, option sets side by side; quality '
        'on real clips; tiled against untiled.')
    parser.add_argument('--size', type=int, nargs=2, default=[180, 320], metavar=('H', 'W'))
    parser.add_argument('--frames', type=int, default=40)
    parser.add_argument('--task', default='sr', choices=['sr', 'deblur', 'decompress'])
    parser.add_argument('--variants', nargs='*', default=['before', 'after'],
                        choices=sorted(VARIANTS))
    parser.add_argument('--repeats', type=int, default=1)
    parser.add_argument('--threads', type=int, help='torch threads (default: torch\'s)')
    parser.add_argument('--clips', nargs='*', default=[], help='real clips to score')
    parser.add_argument('--data-root', default='data/real_clips')
    parser.add_argument('--tiles', type=int, nargs='*', default=[],
                        help='tile sizes to compare with the untiled restoration')
    parser.add_argument('--tile-overlap', type=int, default=16)
    parser.add_argument('--source', default='data/real_clips/gt/vtest')
    parser.add_argument('--out-dir', default='work_dirs/profile_restore')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        frames = inputs.source_frames(args.source, tuple(args.size))
    except FileNotFoundError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    os.makedirs(args.out_dir, exist_ok=True)
    video = osp.join(args.out_dir, f'input_{args.frames}x{args.size[0]}x{args.size[1]}.mkv')
    if not osp.isfile(video):
        inputs.write_video(video, inputs.ping_pong(frames, args.frames))
    report = dict(size=args.size, frames=args.frames, task=args.task,
                  threads=torch.get_num_threads(), machine=platform.platform(),
                  cpu=platform.processor() or platform.machine(), cpus=os.cpu_count(),
                  load=os.getloadavg(), date=time.strftime('%Y-%m-%d %H:%M'))
    print(f"s2svr-restore --task {args.task}, {args.frames} frames of {args.size[1]}x"
          f"{args.size[0]}, {torch.get_num_threads()} torch threads, load average "
          f"{report['load'][0]:.2f} at the start")
    if args.variants:
        report['speed'] = profile(video, args.out_dir, args.task, args.variants, args.repeats)
        print(markdown(report['speed']))
    if args.clips:
        report['quality'] = quality(args.clips, args.data_root, args.out_dir, args.task,
                                    args.variants)
        print('| variant | ' + ' | '.join(args.clips) + ' | mean |')
        print('| --- ' * (len(args.clips) + 2) + '|')
        for name, per_clip in report['quality'].items():
            values = [per_clip[c] for c in args.clips]
            print(f'| {name} | ' + ' | '.join(f'{v:.3f}' for v in values) +
                  f' | {np.mean(values):.3f} |')
    if args.tiles:
        report['tiling'] = tiling_error(video, args.task, args.tiles, args.tile_overlap,
                                        bf16=False)
        print('| tile | overlap | max diff | mean diff | PSNR vs untiled (dB) |')
        print('| --- | --- | --- | --- | --- |')
        for r in report['tiling']:
            print(f"| {r['tile']} | {r['overlap']} | {r['max']} | {r['mean']:.3f} | "
                  f"{r['psnr']:.1f} |")
    with open(osp.join(args.out_dir, 'profile_restore.json'), 'w') as f:
        json.dump(report, f, indent=1, default=str)
    return 0


if __name__ == '__main__':
    sys.exit(main())

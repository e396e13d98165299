"""Peak memory (RSS) and speed of ``s2svr-restore`` on a short and a long real video.

Builds an input video of real footage at the requested size (default 180x320, the size issue
#6 names): the ``vtest`` clip of ``data/real_clips/gt`` (``tools/prepare_real_clips.py``;
OpenCV's street scene), scaled to cover the size and centre-cropped, played forwards and
backwards until it has the requested number of frames, encoded losslessly (FFV1 in MKV) with
PyAV. Then, for each length, it runs the installed ``s2svr-restore`` CLI in a fresh process
(the real command, streaming decode -> chunks -> encode) and reads that process's peak
resident set size from ``getrusage(RUSAGE_CHILDREN)`` of a fresh intermediate process, so the
measurements do not see each other (``s2svr_mm.benchmarking.memory.run_command``: the RSS
high-water mark ``tools/benchmark.py`` reads too).

Example (the numbers of docs/restore.md)::

    python tools/measure_restore_memory.py --frames 100 1000   # ~40 min on 2 cores

Prints a table and writes ``<out-dir>/restore_memory.json``. Exit code 1 with a one-line
message when the source clip or the CLI is missing, or a restore fails.
"""
import argparse
import json
import os
import os.path as osp
import platform
import sys
import time
from fractions import Fraction
from typing import List, Tuple

import cv2
import numpy as np

from s2svr_mm.benchmarking.memory import run_command
from s2svr_mm.fileio import AtomicOutput, encode_video, list_frames, read_frame


def source_frames(folder: str, size: Tuple[int, int]) -> List[np.ndarray]:
    """RGB frames of ``folder`` scaled to cover ``size`` (h, w) and centre-cropped to it.

    Raises:
        FileNotFoundError: If the folder has no PNG frames.
    """
    names = list_frames(folder)
    if not names:
        raise FileNotFoundError(f"no frames in '{folder}' (run tools/prepare_real_clips.py)")
    h, w = size
    frames = []
    for name in names:
        img = read_frame(osp.join(folder, name))
        s = max(h / img.shape[0], w / img.shape[1])
        img = cv2.resize(img, (round(img.shape[1] * s), round(img.shape[0] * s)),
                         interpolation=cv2.INTER_AREA)
        y, x = (img.shape[0] - h) // 2, (img.shape[1] - w) // 2
        frames.append(np.ascontiguousarray(img[y:y + h, x:x + w]))
    return frames


def ping_pong(frames: List[np.ndarray], num_frames: int) -> List[np.ndarray]:
    """``num_frames`` frames playing ``frames`` forwards, backwards, forwards, ...

    A turn does not repeat its end frame: [0, 1, 2] -> 0 1 2 1 0 1 2 ...
    """
    if len(frames) == 1:
        return frames * num_frames
    cycle = frames + frames[-2:0:-1]
    return [cycle[i % len(cycle)] for i in range(num_frames)]


def write_video(path: str, frames: List[np.ndarray], fps: int = 25) -> None:
    """Lossless FFV1/MKV of RGB frames (PyAV), written under a temporary name, renamed."""
    with AtomicOutput(path, overwrite=True) as tmp:
        encode_video(tmp, frames, 'ffv1', Fraction(fps), 'matroska', pix_fmt='yuv444p')


def measure(cli: str, video: str, output: str, task: str, extra: List[str]) -> dict:
    """Run ``cli video -o output --task task --overwrite --quiet *extra`` in a fresh process.

    Returns:
        dict: ``code``, ``seconds`` (wall) and ``peak_mib`` (peak RSS) of the CLI process.
    """
    return run_command([cli, video, '-o', output, '--task', task, '--overwrite', '--quiet',
                        *extra])


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Peak RSS and frames per second of s2svr-restore on real videos of two '
        'or more lengths (does memory grow with the length?).')
    parser.add_argument('--frames', type=int, nargs='+', default=[100, 1000])
    parser.add_argument('--size', type=int, nargs=2, default=[180, 320], metavar=('H', 'W'),
                        help='input frame size. Default: 180 320')
    parser.add_argument('--task', default='sr', choices=['sr', 'deblur', 'decompress'])
    parser.add_argument('--source', default='data/real_clips/gt/vtest',
                        help='folder of real frames to build the input from')
    parser.add_argument('--cli', default=osp.join(osp.dirname(sys.executable), 's2svr-restore'),
                        help='the s2svr-restore executable')
    parser.add_argument('--out-dir', default='work_dirs/restore_memory')
    parser.add_argument('cli_args', nargs=argparse.REMAINDER,
                        help='after --: extra s2svr-restore options (e.g. --config, '
                        '--checkpoint, --chunk-size)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    extra = [a for a in args.cli_args if a != '--']
    if not osp.isfile(args.cli):
        print(f"error: no s2svr-restore at '{args.cli}' (run tools/setup_env.sh)",
              file=sys.stderr)
        return 1
    try:
        frames = source_frames(args.source, tuple(args.size))
    except FileNotFoundError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    os.makedirs(args.out_dir, exist_ok=True)
    rows = []
    for n in args.frames:
        video = osp.join(args.out_dir, f'input_{n}x{args.size[0]}x{args.size[1]}.mkv')
        if not osp.isfile(video):
            write_video(video, ping_pong(frames, n))
        output = osp.join(args.out_dir, f'restored_{n}.mp4')
        result = measure(args.cli, video, output, args.task, extra)
        if result['code'] != 0:
            print(f"error: s2svr-restore exited with {result['code']} on {video}",
                  file=sys.stderr)
            return 1
        rows.append(dict(frames=n, peak_rss_mib=result['peak_mib'],
                         seconds=result['seconds'], fps=n / result['seconds']))
    base = rows[0]['peak_rss_mib']
    print(f"s2svr-restore --task {args.task} {' '.join(extra)}; input "
          f'{args.size[0]}x{args.size[1]} ({platform.processor() or platform.machine()}, '
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')})")
    print('| frames | peak RSS (MiB) | vs first | wall (s) | frames/s |')
    print('| --- | --- | --- | --- | --- |')
    for r in rows:
        r['rss_ratio'] = r['peak_rss_mib'] / base
        print(f"| {r['frames']} | {r['peak_rss_mib']:.0f} | {r['rss_ratio']:.2f}x | "
              f"{r['seconds']:.0f} | {r['fps']:.2f} |")
    with open(osp.join(args.out_dir, 'restore_memory.json'), 'w') as f:
        json.dump(dict(task=args.task, size=args.size, cli_args=extra, rows=rows,
                       machine=platform.platform(), cpus=os.cpu_count(),
                       date=time.strftime('%Y-%m-%d %H:%M')), f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""What the video encoding of ``s2svr-restore`` costs, against x264's CRF: the measurement behind
its default output (``DEFAULT_CRF`` in ``s2svr_mm/fileio/video_writers.py``; ``docs/restore.md``,
"Output quality").

The shipped x4 model restores real clips (default: ``tree`` and ``carphone`` of
``data/real_clips``, held out from its training) to exact PNG frames, through
:func:`s2svr_mm.apis.restore_video`. Those frames are then encoded by the command's own writer
(:class:`~s2svr_mm.fileio.VideoWriter`) at each pixel format and CRF, decoded by its own
reader, and scored with the project's metric (:func:`s2svr_mm.evaluation.score`, Y-PSNR):

* ``vs GT``: the decoded video against the ground truth, next to the PNG frames' own score,
  so the loss the encoding adds to the restoration is read directly;
* ``vs restored``: the decoded video against the PNG frames (the encoding's own error), on Y
  and on RGB (which sees the chroma subsampling);
* ``bits/px``: file size per output pixel.

Example (about 2 min on 2 cores)::

    python tools/measure_output_crf.py

Prints a markdown table and writes ``<out-dir>/output_crf.json``. Exit code 1 with a one-line
message when the clips are missing (run ``tools/prepare_real_clips.py``).
"""
import argparse
import json
import os
import os.path as osp
import sys
from fractions import Fraction
from typing import List

import numpy as np

from s2svr_mm.evaluation import score

DEFAULT_CRFS = (0, 6, 10, 12, 14, 16, 18, 20, 23)


def read_folder(folder: str) -> List[np.ndarray]:
    """Frames of a folder through the command's reader: (h, w, 3) ``uint8`` RGB."""
    from s2svr_mm.fileio import open_frames
    with open_frames(folder) as reader:
        return list(reader)


def encode_decode(frames: List[np.ndarray], path: str, pix_fmt: str, crf: float):
    """Encode with the command's writer, decode with its reader: (frames, file bytes)."""
    from s2svr_mm.fileio import VideoWriter, open_frames
    h, w = frames[0].shape[:2]
    writer = VideoWriter(path, 'mp4', Fraction(25), w, h, pix_fmt=pix_fmt, crf=crf)
    for frame in frames:
        writer.write(frame)
    writer.close()
    with open_frames(path) as reader:
        decoded = list(reader)
    return decoded, os.path.getsize(path)


def measure(clips: List[str], data_root: str, out_dir: str, pix_fmts: List[str],
            crfs: List[float]) -> List[dict]:
    """Rows ``{pix_fmt, crf, psnr_gt, psnr_restored, psnr_restored_rgb, bits_per_pixel}``,
    means over clips; the PNG frames' own score is the row with ``pix_fmt='png'``."""
    from s2svr_mm.apis import restore_video
    restored, gts = {}, {}
    for clip in clips:
        folder = osp.join(out_dir, 'restored', clip)
        restore_video(osp.join(data_root, 'bix4', clip), folder, 'sr', device='cpu',
                      overwrite=True)
        restored[clip] = read_folder(folder)
        gts[clip] = read_folder(osp.join(data_root, 'gt', clip))
    rows = [dict(pix_fmt='png', crf=None, psnr_restored=float('inf'),
                 psnr_restored_rgb=float('inf'), bits_per_pixel=None,
                 psnr_gt=float(np.mean([score(restored[c], gts[c], 'Y')['psnr']
                                        for c in clips])))]
    for pix_fmt in pix_fmts:
        for crf in crfs:
            psnr_gt, psnr_restored, psnr_rgb, bits = [], [], [], []
            for clip in clips:
                frames = restored[clip]
                decoded, size = encode_decode(frames, osp.join(out_dir, 'encoded.mp4'),
                                              pix_fmt, crf)
                psnr_gt.append(score(decoded, gts[clip], 'Y')['psnr'])
                psnr_restored.append(score(decoded, frames, 'Y')['psnr'])
                psnr_rgb.append(score(decoded, frames, 'RGB')['psnr'])
                bits.append(8 * size / (len(frames) * frames[0].shape[0] * frames[0].shape[1]))
            rows.append(dict(pix_fmt=pix_fmt, crf=crf, psnr_gt=float(np.mean(psnr_gt)),
                             psnr_restored=float(np.mean(psnr_restored)),
                             psnr_restored_rgb=float(np.mean(psnr_rgb)),
                             bits_per_pixel=float(np.mean(bits))))
    return rows


def markdown(rows: List[dict]) -> str:
    """The rows as a markdown table, with each encoding's loss against the PNG frames."""
    png = rows[0]['psnr_gt']
    lines = ['| pixel format | CRF | Y-PSNR vs GT (dB) | loss vs PNG (dB) | '
             'Y-PSNR vs restored (dB) | RGB-PSNR vs restored (dB) | bits/px |',
             '| --- | --- | --- | --- | --- | --- | --- |']
    for r in rows:
        if r['pix_fmt'] == 'png':
            lines.append(f'| PNG (exact) | - | {png:.3f} | 0 | inf | inf | - |')
            continue
        lines.append(f"| {r['pix_fmt']} | {r['crf']:g} | {r['psnr_gt']:.3f} | "
                     f"{r['psnr_gt'] - png:+.3f} | {r['psnr_restored']:.2f} | "
                     f"{r['psnr_restored_rgb']:.2f} | {r['bits_per_pixel']:.3f} |")
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='PSNR and size of restored real clips encoded as s2svr-restore encodes '
        'them, against the CRF and pixel format.')
    parser.add_argument('--clips', nargs='+', default=['tree', 'carphone'])
    parser.add_argument('--data-root', default='data/real_clips')
    parser.add_argument('--pix-fmts', nargs='+', default=['yuv420p', 'yuv444p'])
    parser.add_argument('--crfs', nargs='+', type=float, default=list(DEFAULT_CRFS))
    parser.add_argument('--out-dir', default='work_dirs/output_crf')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    for clip in args.clips:
        for kind in ('bix4', 'gt'):
            if not osp.isdir(osp.join(args.data_root, kind, clip)):
                print(f"error: no clip '{kind}/{clip}' under '{args.data_root}' (run "
                      'tools/prepare_real_clips.py)', file=sys.stderr)
                return 1
    os.makedirs(osp.join(args.out_dir, 'restored'), exist_ok=True)
    rows = measure(args.clips, args.data_root, args.out_dir, args.pix_fmts, args.crfs)
    print(f"x4 SR of {', '.join(args.clips)} by the shipped model, encoded by s2svr-restore's "
          'writer (libx264, preset medium)')
    print(markdown(rows))
    with open(osp.join(args.out_dir, 'output_crf.json'), 'w') as f:
        json.dump(dict(clips=args.clips, rows=rows), f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())

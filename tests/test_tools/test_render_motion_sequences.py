"""tools/render_motion_sequences.py on a fake wallpapers .deb built from real photographs."""
import json
import os.path as osp
import subprocess

import cv2
import mmcv
import numpy as np
import pytest
from skimage import data

from s2svr_mm.datasets import bicubic_downsample, read_ann_file
from s2svr_mm.fileio import read_frames

TOOL = 'tools/render_motion_sequences.py'


@pytest.fixture(scope='module')
def deb_dir(load_tool, tmp_path_factory):
    """A plasma-workspace-wallpapers_*.deb whose wallpapers are scikit-image photographs."""
    tool = load_tool(TOOL)
    root = tmp_path_factory.mktemp('deb')
    pkg = root / 'pkg'
    (pkg / 'DEBIAN').mkdir(parents=True)
    (pkg / 'DEBIAN' / 'control').write_text(
        f'Package: {tool.WALLPAPERS}\nVersion: 0.1\nArchitecture: all\n'
        'Maintainer: test <test@example.org>\nDescription: test\n')
    photos = [data.astronaut(), data.coffee(), data.chelsea()]
    for k, photo in enumerate(p for p in tool.PHOTOS if p.package == tool.WALLPAPERS):
        path = pkg / 'usr/share/wallpapers' / photo.member
        path.parent.mkdir(parents=True)
        img = cv2.resize(photos[k % 3], (800, 500), interpolation=cv2.INTER_CUBIC)
        cv2.imwrite(str(path), img[..., ::-1])
    src = root / 'src'
    src.mkdir()
    subprocess.run(['dpkg-deb', '--build', str(pkg), str(src / f'{tool.WALLPAPERS}_0.1_all.deb')],
                   check=True, capture_output=True)
    return str(src)


@pytest.fixture(scope='module')
def built(load_tool, deb_dir, tmp_path_factory):
    out = str(tmp_path_factory.mktemp('out') / 'motion_seqs')
    args = ['--from-dir', deb_dir, '--out', out, '--num-train', '1', '--num-val', '1',
            '--frames', '3', '--size', '32', '48', '--num-subframes', '3']
    assert load_tool(TOOL).main(args) == 0
    return out, args


def test_layout_annotations_and_degradations(built):
    out, _ = built
    assert read_ann_file(osp.join(out, 'meta_info_motion_seqs_train.txt')) == [
        ('train_000', 3, (32, 48, 3))]
    assert read_ann_file(osp.join(out, 'meta_info_motion_seqs_val.txt')) == [
        ('val_000', 3, (32, 48, 3))]
    gt = read_frames(osp.join(out, 'gt', 'val_000'))
    assert len(gt) == 3 and gt[0].shape == (32, 48, 3)
    np.testing.assert_array_equal(read_frames(osp.join(out, 'bix4', 'val_000'))[1],
                                  bicubic_downsample(gt[1], 4))
    for folder in ('blur', 'hevc_qp37'):
        assert len(read_frames(osp.join(out, folder, 'val_000'))) == 3
    flows = [mmcv.flowread(osp.join(out, 'flow_fw', 'val_000', f'{i:08d}.flo')) for i in (0, 1)]
    assert flows[0].shape == (32, 48, 2) and flows[0].dtype == np.float32
    with open(osp.join(out, 'summary.json')) as f:
        summary = json.load(f)
    row = {r['name']: r for r in summary['sequences']}['val_000']
    assert row['background'] in ('EveningGlow', 'Path')  # split by photograph
    speed = np.linalg.norm(np.stack(flows), axis=-1).mean()
    assert abs(row['motion_px_per_frame']['mean'] - speed) < 0.01


def test_flows_reconstruct_the_frames(built):
    out, _ = built
    gt = read_frames(osp.join(out, 'gt', 'train_000'))
    flow = mmcv.flowread(osp.join(out, 'flow_fw', 'train_000', '00000000.flo'))
    occ = read_frames(osp.join(out, 'occ_fw', 'train_000'))[0][..., 0] > 127
    h, w = flow.shape[:2]
    grid = np.stack(np.meshgrid(np.arange(w), np.arange(h)), -1).astype(np.float32) + flow
    warped = cv2.remap(gt[1], grid[..., 0], grid[..., 1], cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
    visible = ~occ
    err_flow = np.abs(warped.astype(float) - gt[0])[visible].mean()
    err_zero = np.abs(gt[1].astype(float) - gt[0])[visible].mean()
    assert err_flow < err_zero or err_zero < 1  # a near-static draw has nothing to recover


def test_deterministic_idempotent_and_bad_input(load_tool, built, deb_dir, tmp_path, capsys):
    out, args = built
    tool = load_tool(TOOL)
    assert tool.main(args) == 0
    assert 'nothing to do' in capsys.readouterr().out
    again = str(tmp_path / 'again')
    assert tool.main(args[:3] + [again] + args[4:]) == 0
    for name in ('gt/val_000/00000002.png', 'flow_bw/val_000/00000001.flo'):
        with open(osp.join(out, name), 'rb') as a, open(osp.join(again, name), 'rb') as b:
            assert a.read() == b.read()
    assert tool.main(['--from-dir', str(tmp_path), '--out', str(tmp_path / 'x')]) == 1
    assert 'no plasma-workspace-wallpapers' in capsys.readouterr().err
    assert not (tmp_path / 'x').exists()
    with pytest.raises(SystemExit):
        tool.parse_args(['--size', '30', '48'])


def test_val_only_renders_the_validation_sequences_of_a_full_render(load_tool, built,
                                                                     tmp_path):
    out, args = built
    val_only = str(tmp_path / 'val_only')
    assert load_tool(TOOL).main(args[:3] + [val_only] + args[4:] + ['--val-only']) == 0
    assert not osp.exists(osp.join(val_only, 'gt', 'train_000'))
    assert [r[0] for r in read_ann_file(osp.join(val_only, 'meta_info_motion_seqs_val.txt'))] \
        == ['val_000']
    for name in ('gt/val_000/00000002.png', 'blur/val_000/00000001.png',
                 'flow_fw/val_000/00000000.flo'):
        with open(osp.join(out, name), 'rb') as a, open(osp.join(val_only, name), 'rb') as b:
            assert a.read() == b.read(), name

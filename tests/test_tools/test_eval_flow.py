"""tools/eval_flow.py: every row on the same tiny sets with known answers, and the error exits.

The sets are built from real frames: scikit-image's ``chelsea`` panned along a known path
(motion sequences, exact flow; real clips), a disparity-shifted copy of it packed as a fake
``opencv-doc`` .deb (aloe), and the Middlebury ``motorcycle`` pair of the installed wheel.
"""
import json
import math
import os
import shutil
import subprocess

import cv2
import mmcv
import numpy as np
import pytest
import torch

from s2svr_testing import panned_frames

STEP = (4, 8)  # camera step (dx, dy) per frame in GT pixels: flow i -> i + 1 is -STEP
ALOE_D = 8


def write_png(path, rgb):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    cv2.imwrite(str(path), np.ascontiguousarray(rgb[..., ::-1]) if rgb.ndim == 3 else rgb)


def write_motion_seqs(root):
    frames = panned_frames(3, (128, 128), STEP, origin=(20, 40))
    h, w = frames[0].shape[:2]
    ys, xs = np.mgrid[:h, :w]
    for i, frame in enumerate(frames):
        small = cv2.resize(frame, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
        for folder, img in (('gt', frame), ('bix4', small)):
            write_png(root / folder / 'val_000' / f'{i:08d}.png', img)
        if i < len(frames) - 1:
            flow = np.zeros((h, w, 2), np.float32)
            flow[..., 0], flow[..., 1] = -STEP[0], -STEP[1]
            os.makedirs(root / 'flow_fw' / 'val_000', exist_ok=True)
            mmcv.flowwrite(flow, str(root / 'flow_fw' / 'val_000' / f'{i:08d}.flo'))
            out = (xs - STEP[0] < 0) | (ys - STEP[1] < 0)  # leaves the frame
            write_png(root / 'occ_fw' / 'val_000' / f'{i:08d}.png', out.astype(np.uint8) * 255)
    (root / 'meta_info_motion_seqs_val.txt').write_text('val_000 3 (128, 128, 3)\n')


def write_real_clips(root):
    for clip, origin in (('bikes', (10, 10)), ('vtest', (100, 200))):
        frames = panned_frames(3, (128, 128), (4, 0), origin=origin)
        for i, frame in enumerate(frames):
            write_png(root / 'gt' / clip / f'{i:08d}.png', frame)
            write_png(root / 'bix4' / clip / f'{i:08d}.png',
                      cv2.resize(frame, (32, 32), interpolation=cv2.INTER_AREA))
    (root / 'meta_info_real_clips_train.txt').write_text('bikes 3 (128, 128, 3)\n')


def write_opencv_doc_deb(folder):
    """A fake ``opencv-doc_*.deb`` with a rectified pair: right(x) = left(x + ALOE_D)."""
    pkg = folder / 'pkg'
    data = pkg / 'usr/share/doc/opencv-doc/examples/data'
    img = panned_frames(1, (120, 160 + ALOE_D), origin=(30, 60))[0]
    left, right = img[:, :160], img[:, ALOE_D:160 + ALOE_D]
    gt = np.full((120, 160), ALOE_D, np.uint8)
    gt[:, :ALOE_D + 1] = 0  # unknown, as in aloeGT.png
    os.makedirs(data)
    cv2.imwrite(str(data / 'aloeL.jpg'), left[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 100])
    cv2.imwrite(str(data / 'aloeR.jpg'), right[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 100])
    write_png(data / 'aloeGT.png', gt)
    (pkg / 'DEBIAN').mkdir()
    (pkg / 'DEBIAN' / 'control').write_text(
        'Package: opencv-doc\nVersion: 1.0\nArchitecture: all\nMaintainer: test <t@t>\n'
        'Description: test\n')
    subprocess.run(['dpkg-deb', '--build', '--root-owner-group', str(pkg),
                    str(folder / 'opencv-doc_1.0_all.deb')], check=True, capture_output=True)
    shutil.rmtree(pkg)


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/eval_flow.py')


@pytest.fixture(scope='module')
def data(tmp_path_factory):
    if shutil.which('dpkg-deb') is None:
        pytest.skip('dpkg-deb is needed to build the fake opencv-doc package')
    root = tmp_path_factory.mktemp('eval_flow')
    write_motion_seqs(root / 'motion')
    write_real_clips(root / 'clips')
    (root / 'debs').mkdir()
    write_opencv_doc_deb(root / 'debs')
    return root


def run(tool, data, *args):
    return tool.main(['--motion-root', str(data / 'motion'), '--clips-root', str(data / 'clips'),
                      '--from-dir', str(data / 'debs'), *args])


@pytest.mark.parametrize('task, scale', [('sr', 4), ('hq', 1)])
def test_rows_on_the_same_sets_with_known_answers(tool, data, tmp_path, capsys, task, scale):
    out = tmp_path / 'flow.json'
    assert run(tool, data, '--task', task, '--out', str(out)) == 0
    result = json.loads(out.read_text())
    rows = result['rows']
    zero, dis = rows['zero flow'], rows['DIS (OpenCV, medium)']
    assert set(rows) == {'zero flow', 'DIS (OpenCV, medium)', 'PWC-Lite untrained (seed 0)'}
    # zero flow: the EPE is the size of the true motion, at the task's scale
    assert zero['motion_seqs_epe'] == pytest.approx(math.hypot(*STEP) / scale, rel=1e-6)
    assert zero['aloe_epe'] == pytest.approx(ALOE_D / scale, rel=1e-6)
    assert zero['shift_epe'] == pytest.approx(math.hypot(3, 2))
    assert zero['bikes_warp_gain_db'] == zero['vtest_warp_gain_db'] == 0
    # DIS on real texture moved by known amounts
    assert dis['motion_seqs_epe'] < 0.3 and dis['aloe_epe'] < 0.3 and dis['shift_epe'] < 0.2
    assert dis['vtest_warp_gain_db'] > 1
    sets = result['sets']
    assert sets['stereo']['aloe']['size'] == [120 // scale, 160 // scale]
    assert sets['stereo']['motorcycle']['base_factor'] == 2  # max disparity 59.9 px
    assert sets['stereo']['motorcycle']['base_size'] == [248, 368]
    assert sets['motion_seqs']['pairs'] == 2 and sets['shift']['size'] == [
        min(200, 128 // scale - 2), min(264, 128 // scale - 3)]
    assert sets['warp_gain']['bikes']['in_real_clips_train_split']
    table = capsys.readouterr().out
    assert f'| {task} | stereo motorcycle EPE |' in table and '| zero flow | ' in table


def test_sets_give_only_their_columns_with_the_same_values(tool, data, tmp_path, capsys):
    full, part = tmp_path / 'full.json', tmp_path / 'part.json'
    assert run(tool, data, '--task', 'hq', '--out', str(full)) == 0
    capsys.readouterr()
    # no stereo: the opencv-doc package is not read (a folder without it is fine; the last
    # --from-dir wins over run()'s)
    assert run(tool, data, '--from-dir', str(tmp_path), '--task', 'hq', '--sets', 'shift', 'warp',
               '--out', str(part)) == 0
    table = capsys.readouterr().out
    assert 'shift (3, -2) EPE' in table and 'vtest warp gain' in table
    assert 'stereo' not in table.splitlines()[0] and 'motion_seqs' not in table.splitlines()[0]
    full_rows, result = json.loads(full.read_text())['rows'], json.loads(part.read_text())
    for name, row in result['rows'].items():
        assert set(row) == {'shift_epe', 'bikes_warp_gain_db', 'vtest_warp_gain_db', 'seconds'}
        for key in ('shift_epe', 'bikes_warp_gain_db', 'vtest_warp_gain_db'):
            assert row[key] == pytest.approx(full_rows[name][key], abs=1e-6)
    assert result['sets']['stereo'] == {} and result['sets']['motion_seqs'] is None


def test_checkpoint_rows_take_the_student_or_the_teacher(tool, data, tmp_path):
    from s2svr_mm.models.backbones.pwc_lite import PWCLite
    torch.manual_seed(1)
    teacher, student = PWCLite().state_dict(), PWCLite().state_dict()
    ckpt = tmp_path / 'iter_1.pth'
    torch.save({'state_dict': {**{f'teacher.{k}': v for k, v in teacher.items()},
                               **{f'student.{k}': v for k, v in student.items()}}}, ckpt)
    assert tool.parse_flow_arg(f'a={ckpt}:teacher') == ('a', str(ckpt), 'teacher')
    assert tool.parse_flow_arg(f'a={ckpt}') == ('a', str(ckpt), None)
    loaded = tool.build_pwc_lite(str(ckpt), 'teacher').state_dict()
    assert all(torch.equal(loaded[k], teacher[k]) for k in teacher)
    out = tmp_path / 'flow.json'
    assert run(tool, data, '--flow', f'T={ckpt}:teacher', '--flow', f'S={ckpt}',
               '--out', str(out)) == 0
    rows = json.loads(out.read_text())['rows']
    assert rows['T']['shift_epe'] != rows['S']['shift_epe']


def test_missing_data_exits_1_with_one_line(tool, data, tmp_path, capsys):
    cases = [
        (['--motion-root', str(tmp_path / 'none')], 'render_motion_sequences'),
        (['--clips-root', str(tmp_path / 'none')], 'no PNG frames'),
        (['--from-dir', str(tmp_path)], 'no opencv-doc_*.deb'),
        (['--flow', f'x={tmp_path / "no.pth"}'], 'not found'),
        (['--flow', 'no-equals-sign'], 'NAME=CHECKPOINT'),
    ]
    for args, message in cases:
        assert run(tool, data, *args) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith('eval_flow: ') and message in err and '\n' not in err, err


def test_checkpoint_rows_are_built_as_the_checkpoint_was_trained(tool, tmp_path):
    """A training checkpoint records its config (``meta.cfg``); a PWC-Lite trained with
    ``normalize_features=True`` is rebuilt so, and one without a config keeps the default."""
    from s2svr_mm.models.backbones.pwc_lite import PWCLite
    torch.manual_seed(1)
    state = {f'teacher.{k}': v for k, v in PWCLite().state_dict().items()}
    cfg = ("model = dict(type='FlowPretrainer', flow_net=dict(type='PWCLite', "
           "normalize_features=True, pretrained='elsewhere.pth'))\n")
    with_cfg, without_cfg = tmp_path / 'with.pth', tmp_path / 'without.pth'
    torch.save({'meta': {'cfg': cfg}, 'state_dict': state}, with_cfg)
    torch.save({'state_dict': state}, without_cfg)
    assert tool.build_pwc_lite(str(with_cfg), 'teacher').normalize_features
    assert not tool.build_pwc_lite(str(without_cfg), 'teacher').normalize_features


def test_shift_response_is_the_identity_for_dis_and_zero_for_zero_flow(tool, data, tmp_path,
                                                                       capsys):
    """``--shift-response 2``: for each shift d of the real-texture windows along x and y the
    mean flow of DIS is d, of zero flow 0 (EPE |d|); the JSON and the plot are written."""
    out, png = tmp_path / 'response.json', tmp_path / 'response.png'
    assert run(tool, data, '--task', 'hq', '--shift-response', '2', '--shift-frames', '2',
               '--out', str(out), '--plot', str(png)) == 0
    result = json.loads(out.read_text())
    assert result['inputs']['size'] == [126, 126]  # 128 - 2, clipped by the largest shift
    rows = result['shift_response']
    for axis, c in (('x', 0), ('y', 1)):
        assert [p['shift'][c] for p in rows['zero flow'][axis]] == [-2, -1, 0, 1, 2]
        for point in rows['zero flow'][axis]:
            assert point['mean_flow'] == [0, 0]
            assert point['epe'] == pytest.approx(abs(point['shift'][c]))
        for point in rows['DIS (OpenCV, medium)'][axis]:
            assert point['mean_flow'][c] == pytest.approx(point['shift'][c], abs=0.15)
            assert point['mean_flow'][1 - c] == pytest.approx(0, abs=0.15)
    assert png.stat().st_size > 10_000
    table = capsys.readouterr().out
    assert '| shift along x (px) | zero flow |' in table and '| +2 | +0.00 (2.00) |' in table


def test_shift_response_below_1_exits_1_with_one_line(tool, data, capsys):
    assert run(tool, data, '--shift-response', '0') == 1
    assert capsys.readouterr().err.strip() == 'eval_flow: --shift-response must be >= 1, got 0'

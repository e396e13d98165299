"""tools/compare_crops.py: columns, per-frame PSNR in the titles, and the error exits."""
import numpy as np
import pytest


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/compare_crops.py')


def test_columns_are_baseline_methods_and_ground_truth(tool, frames_root):
    from pathlib import Path
    gt_folder = Path(frames_root) / 'gt' / 'pan_b'
    columns = tool.panels('sr', 'real_clips', frames_root, 'pan_b', 1,
                          [('perfect', str(gt_folder))])
    assert [c[0].split('\n')[0] for c in columns] == ['bicubic', 'perfect', 'ground truth']
    assert 'inf dB' in columns[1][0]  # the ground truth scored against itself
    assert np.array_equal(columns[1][1], columns[2][1])
    bicubic_db = float(columns[0][0].split('\n')[1].split()[0])
    assert 10 < bicubic_db < 60


def test_writes_a_png_and_refuses_bad_input(tool, frames_root, tmp_path, capsys):
    from pathlib import Path
    import cv2
    gt_folder = str(Path(frames_root) / 'gt' / 'pan_b')
    out = tmp_path / 'cmp.png'
    args = ['--task', 'sr', '--data-root', frames_root, '--clip', 'pan_b', '--out', str(out)]
    assert tool.main(args + ['--crop', '0', '0', '32', '48', '--method', f'GT={gt_folder}']) == 0
    img = cv2.imread(str(out))
    assert img is not None and img.shape[1] > img.shape[0]  # three panels side by side
    assert tool.main(args + ['--crop', '0', '0', '999', '48']) == 2
    assert 'not inside' in capsys.readouterr().err
    assert tool.main(args + ['--crop', '0', '0', '8', '8', '--frame', '999']) == 1
    assert tool.main(args + ['--crop', '0', '0', '8', '8', '--method', 'nofolder']) == 2

"""tools/deblur_error_split.py: the moving-pixel mask, the error split, the oracle, the exits."""
import json
import math

import numpy as np
import pytest

from s2svr_mm.fileio import UserError, write_frames


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/deblur_error_split.py')


def test_moving_mask_is_the_box_filtered_largest_difference_above_the_threshold(tool):
    sharp = np.full((20, 20, 3), 100, np.uint8)
    moved = sharp.copy()
    moved[8:13, 8:13, 1] = 150  # a 5x5 block, 50 levels off in one channel
    assert not tool.moving_mask([sharp, sharp], sharp, 0).any()
    mask = tool.moving_mask([sharp, moved, sharp], sharp, 24)
    # the 5x5 box mean is 50 * overlap / 25 > 24 where the overlap (a * b, a, b = 5 - |shift|)
    # exceeds 12: 1 (5x5) + 4 (5x4, 4x5) + 4 (4x4) + 4 (5x3, 3x5) pixels around the centre
    assert mask.sum() == 13 and mask[10, 10] and not mask[0, 0]
    assert mask.sum() < tool.moving_mask([moved], sharp, 6).sum()  # a lower threshold: more


def test_split_frame_counts_the_error_on_the_mask_and_scores_the_oracle(tool):
    sharp = np.zeros((10, 10, 3), np.uint8)
    blurred = sharp.copy()
    blurred[:2, :2] = 10  # 4 pixels, 10 levels off in each channel
    mask = np.zeros((10, 10), bool)
    mask[:2, :1] = True  # half of them
    row = tool.split_frame(blurred, sharp, mask)
    assert row['se_all'] == 4 * 3 * 100 and row['se_moving'] == 2 * 3 * 100
    assert row['moving'] == 2 and row['pixels'] == 100
    assert row['psnr_blurred'] == pytest.approx(10 * math.log10(255 ** 2 / 4))  # MSE 4
    assert row['psnr_oracle'] == pytest.approx(10 * math.log10(255 ** 2 / 2))  # 2 pixels left


def moving_square_clip(num_frames=10, window=3):
    """A static grey frame with a white 4x4 square moving 2 px per frame; blurred frame k is
    the mean of GT frames k .. k+window-1, sharp k is GT frame k + window // 2."""
    gts = []
    for t in range(num_frames):
        frame = np.full((16, 32, 3), 100, np.uint8)
        frame[6:10, 2 + 2 * t:6 + 2 * t] = 255
        gts.append(frame)
    blurs = [np.mean(gts[k:k + window], 0).round().astype(np.uint8)
             for k in range(num_frames - window + 1)]
    sharps = [gts[k + window // 2] for k in range(len(blurs))]
    return blurs, sharps, gts


def test_split_clip_puts_a_moving_objects_blur_on_the_moving_pixels(tool):
    blurs, sharps, gts = moving_square_clip()
    rows = tool.split_clip(blurs, sharps, gts, window=3, thresholds=[6, 200], every=2)
    low, high = rows
    assert low['frames'] == 4  # blurred frames 0, 2, 4, 6 of 8
    assert low['error_share'] == 1.0 and math.isinf(low['psnr_oracle'])  # all on the mask
    assert 0 < low['moving_share'] < 0.25
    assert high['moving_share'] == 0 and high['error_share'] == 0  # nothing moves by 200
    assert high['psnr_oracle'] == pytest.approx(high['psnr_blurred'])  # the blurred input
    with pytest.raises(UserError, match='not GT frame'):  # sharp k = GT k: another layout
        tool.split_clip(blurs, gts[:len(blurs)], gts, window=3, thresholds=[6])


def test_cli_writes_its_rows_and_exits_1_on_missing_data(tool, tmp_path, capsys):
    blurs, sharps, gts = moving_square_clip()
    root = tmp_path / 'clips'
    for name, frames in (('blur', blurs), ('sharp', sharps), ('gt', gts)):
        write_frames(frames, str(root / name / 'walk'))
    out = tmp_path / 'split.json'
    assert tool.main(['--data-root', str(root), '--clips', 'walk', '--out', str(out)]) == 1
    assert 'summary.json' in capsys.readouterr().err and not out.exists()
    (root / 'summary.json').write_text(json.dumps(dict(options=dict(blur_window=3))))
    assert tool.main(['--data-root', str(root), '--clips', 'walk', '--thresholds', '6',
                      '--every', '1', '--out', str(out)]) == 0
    saved = json.loads(out.read_text())
    assert saved['window'] == 3 and len(saved['rows']) == 1
    assert saved['rows'][0]['clip'] == 'walk' and saved['rows'][0]['frames'] == 8
    assert '| walk | 6 |' in capsys.readouterr().out

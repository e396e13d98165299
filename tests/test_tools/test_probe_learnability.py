"""tools/probe_learnability.py: the features' shape, a filter it must recover, the options."""
import json

import numpy as np
import pytest

from s2svr_mm.fileio import write_frames


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/probe_learnability.py')


def test_features_are_the_clamped_windows_of_the_neighbouring_frames(tool):
    frames = [np.full((4, 5, 3), 10 * k, np.uint8) for k in range(4)]
    x = tool.features(frames, 0, spatial_radius=0, temporal_radius=2)
    assert x.shape == (20, 3 * 5 + 1)
    # frames -2, -1 repeat frame 0; then frames 1, 2; a constant 1 last
    np.testing.assert_allclose(x[0], np.array([0] * 9 + [10] * 3 + [20] * 3 + [255]) / 255)
    assert tool.features(frames, 1).shape == (20, 3 * 3 * 25 + 1)  # defaults: 5x5, t-1..t+1


def write_split(root, split, rng, frames=12):
    """A deblur-layout real_clips dataset whose residual is 0.25 (B(t+2) - B(t-2))."""
    blurs = rng.integers(64, 192, (frames, 16, 18, 3)).astype(np.float64)
    clamp = lambda k: min(max(k, 0), frames - 1)  # noqa: E731
    sharps = [np.rint(blurs[t] + 0.25 * (blurs[clamp(t + 2)] - blurs[clamp(t - 2)]))
              for t in range(frames)]
    clip = f'clip_{split}'
    write_frames([b.astype(np.uint8) for b in blurs], str(root / 'blur' / clip))
    write_frames([s.astype(np.uint8) for s in sharps], str(root / 'sharp' / clip))
    (root / f'meta_info_real_clips_deblur_{split}.txt').write_text(
        f'{clip} {frames} (16, 18, 3)\n')


def test_a_temporal_filter_is_recovered_only_when_the_radius_reaches_it(tool, tmp_path):
    rng = np.random.default_rng(0)
    for split in ('train', 'val'):
        write_split(tmp_path, split, rng)
    rows = {}
    for radius in (1, 2):
        out = tmp_path / f'probe_{radius}.json'
        assert tool.main(['--task', 'deblur', '--data', f'real_clips={tmp_path}',
                          '--spatial-radius', '0', '--temporal-radius', str(radius),
                          '--ridge', '0', '--out', str(out)]) == 0
        rows[radius] = json.loads(out.read_text())[0]
    # frames t-2 and t+2 hold the residual: radius 2 gives it back to within the rounding
    # (over 50 dB), radius 1 cannot see them
    assert rows[2]['oracle_psnr'] > 50 and rows[2]['gain_db'] > 20
    assert rows[1]['gain_db'] < 1


def test_the_training_split_can_come_from_another_root(tool, tmp_path):
    rng = np.random.default_rng(1)
    write_split(tmp_path / 'long', 'train', rng)
    write_split(tmp_path / 'short', 'val', rng)
    out = tmp_path / 'probe.json'
    assert tool.main(['--task', 'deblur', '--data', f'real_clips={tmp_path / "short"}',
                      '--train-root', str(tmp_path / 'long'), '--spatial-radius', '0',
                      '--temporal-radius', '2', '--ridge', '0', '--out', str(out)]) == 0
    assert json.loads(out.read_text())[0]['gain_db'] > 20
    # without it the short root's missing training split is one line and exit 1
    assert tool.main(['--task', 'deblur', '--data', f'real_clips={tmp_path / "short"}',
                      '--out', str(out)]) == 1


def test_a_singular_fit_without_ridge_is_one_line_and_exit_1(tool, tmp_path, capsys):
    for split in ('train', 'val'):  # constant frames: every pixel column equals the bias
        write_frames([np.full((16, 18, 3), 100, np.uint8)] * 4, str(tmp_path / 'blur' / split))
        write_frames([np.full((16, 18, 3), 90, np.uint8)] * 4, str(tmp_path / 'sharp' / split))
        (tmp_path / f'meta_info_real_clips_deblur_{split}.txt').write_text(
            f'{split} 4 (16, 18, 3)\n')
    assert tool.main(['--task', 'deblur', '--data', f'real_clips={tmp_path}', '--ridge', '0',
                      '--out', str(tmp_path / 'probe.json')]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines()  # but tqdm's progress bar
             if line.strip() and not line.startswith('real_clips:')]
    assert len(lines) == 1 and lines[0].startswith('probe_learnability: ')
    assert '--ridge > 0' in lines[0]
    assert not (tmp_path / 'probe.json').exists()


@pytest.mark.parametrize('option', ['--spatial-radius', '--temporal-radius', '--ridge'])
def test_negative_radii_and_ridge_are_refused(tool, option):
    with pytest.raises(SystemExit) as err:
        tool.parse_args([option, '-1'])
    assert err.value.code == 2


def test_the_bilateral_filter_chosen_on_flat_noisy_frames_is_the_strongest(tool, tmp_path,
                                                                          capsys):
    """Flat GT under white noise of 3 levels: every step towards a plain 5x5 mean helps, so
    the training split must choose the grid's largest sigmas, and the validation gain is
    several dB (a mean over up to 25 pixels)."""
    rng = np.random.default_rng(2)
    for split in ('train', 'val'):
        gts = [np.full((16, 18, 3), 128, np.uint8)] * 4
        lqs = [np.uint8(np.clip(np.rint(g + rng.normal(0, 3, g.shape)), 0, 255)) for g in gts]
        write_frames(gts, str(tmp_path / 'gt' / split))
        write_frames(lqs, str(tmp_path / 'hevc_qp37' / split))
        (tmp_path / f'meta_info_real_clips_{split}.txt').write_text(f'{split} 4 (16, 18, 3)\n')
    out = tmp_path / 'probe.json'
    assert tool.main(['--task', 'decompress', '--data', f'real_clips={tmp_path}',
                      '--method', 'bilateral', '--out', str(out)]) == 0
    row = json.loads(out.read_text())[0]
    assert row['method'] == 'bilateral'
    assert tuple(row['bilateral_sigmas']) == max(tool.BILATERAL_GRID) == (64, 2)
    assert row['gain_db'] > 5 and row['oracle_ssim'] > row['baseline_ssim']
    assert '| bilateral (sigmaColor 64, sigmaSpace 2) |' in capsys.readouterr().out


def test_the_bilateral_filter_keeps_a_constant_frame_and_a_step_edge(tool):
    frame = np.zeros((8, 10, 3), np.uint8)
    frame[:, 5:] = 200  # a step of 200 levels, far beyond sigmaColor 8
    out, = tool.bilateral([frame], 8, 2)
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, frame)

"""s2svr_mm/evaluation.py: the trivial baselines and MMagic's PSNR/SSIM over frames."""
import numpy as np
import pytest

from s2svr_mm.evaluation import baseline_frames, bicubic_x4, score


def test_bicubic_x4_of_a_constant_frame_is_that_constant():
    frame = np.full((6, 5, 3), 77, np.uint8)
    up = bicubic_x4(frame)
    assert up.shape == (24, 20, 3) and up.dtype == np.uint8
    assert np.all(up == 77)


def test_score_orders_by_error_and_checks_shapes():
    rng = np.random.default_rng(0)
    gts = [rng.integers(0, 256, (16, 16, 3)).astype(np.uint8) for _ in range(2)]
    small = [np.clip(g.astype(int) + 2, 0, 255).astype(np.uint8) for g in gts]
    large = [np.clip(g.astype(int) + 20, 0, 255).astype(np.uint8) for g in gts]
    assert score(small, gts, 'Y')['psnr'] > score(large, gts, 'Y')['psnr'] > 0
    assert score(small, gts, 'RGB')['ssim'] > score(large, gts, 'RGB')['ssim']
    with pytest.raises(ValueError, match='restored frames'):
        score(small[:1], gts, 'Y')
    with pytest.raises(ValueError, match='restored frame'):
        score([g[:8] for g in small], gts, 'Y')


def test_baseline_is_bicubic_for_sr_and_the_input_otherwise():
    lq = np.full((4, 4, 3), 9, np.uint8)
    assert baseline_frames('sr', [lq])[0].shape == (16, 16, 3)
    assert baseline_frames('deblur', [lq])[0] is lq


def test_score_without_ssim_gives_the_same_psnr_and_no_ssim():
    rng = np.random.default_rng(1)
    gts = [rng.integers(0, 256, (16, 16, 3)).astype(np.uint8) for _ in range(2)]
    outs = [np.clip(g.astype(int) + 3, 0, 255).astype(np.uint8) for g in gts]
    for channel in ('Y', 'RGB'):
        assert score(outs, gts, channel, ssim=False) == {'psnr': score(outs, gts, channel)['psnr']}

import io
import os.path as osp

import av
import cv2
import numpy as np
import pytest
from av.video.frame import PictureType
from mmagic.evaluation.metrics.psnr import psnr
from mmagic.registry import TRANSFORMS

from s2svr_mm.datasets import (average_frames, bd_downsample, bicubic_downsample,
                               capture_yuv420p, encode_hevc, hevc_compress,
                               temporal_average_blur)
from s2svr_mm.fileio import read_frames

DATA = osp.join(osp.dirname(__file__), '..', '..', 'data')


@pytest.fixture(scope='module')
def real_clip():
    """8 real frames, 96x96 RGB uint8 (OpenCV's tree.avi, see tests/data/README.md)."""
    return read_frames(osp.join(DATA, 'tree_96x96'))


def y_psnr(gts, outs):
    """Mean PSNR on the Y channel (BT.601, MMagic's evaluation convention)."""
    return float(np.mean([psnr(g, o, convert_to='Y', channel_order='rgb')
                          for g, o in zip(gts, outs)]))


@pytest.mark.parametrize('shape', [(64, 48, 3), (30, 22, 3)])
def test_bicubic_downsample_constant_and_shape(shape):
    img = np.full(shape, 137, np.uint8)
    out = bicubic_downsample(img, 4)
    assert out.dtype == np.uint8
    assert out.shape == (-(-shape[0] // 4), -(-shape[1] // 4), 3)
    assert np.all(out == 137)


def test_bicubic_downsample_float_keeps_range():
    rng = np.random.default_rng(0)
    img = rng.uniform(0, 255, (32, 32, 3)).astype(np.float32)
    out = bicubic_downsample(img, 4)
    assert out.dtype == np.float32 and out.shape == (8, 8, 3)
    assert out.min() >= 0 and out.max() <= 255
    # a 4x antialiased resize averages: its mean is the image mean up to border effects
    assert abs(out.mean() - img.mean()) < 3


def test_bd_downsample_constant_and_shape():
    img = np.full((64, 48, 3), 201, np.uint8)
    out = bd_downsample(img)
    assert out.shape == (16, 12, 3) and out.dtype == np.uint8
    assert np.all(out == 201)


def test_bd_downsample_known_answer():
    """An impulse at pixel (24, 28) lands on output (6, 7) as the 13x13 sigma-1.6 Gaussian
    sampled every 4 pixels (DUF / BasicSR ``duf_downsample`` alignment)."""
    img = np.zeros((48, 48, 1), np.float32)
    img[24, 28] = 1.
    out = bd_downsample(img, scale=4, sigma=1.6, kernel_size=13)[..., 0]
    g = cv2.getGaussianKernel(13, 1.6)[:, 0]  # g[6] is the centre
    assert out.shape == (12, 12)
    assert out[6, 7] == pytest.approx(g[6] * g[6], rel=1e-5)
    assert out[6, 6] == pytest.approx(g[6] * g[2], rel=1e-5)  # 4 px left of the impulse
    assert out[5, 7] == pytest.approx(g[2] * g[6], rel=1e-5)
    assert out.sum() == pytest.approx(sum(g[i] * g[j] for i in (2, 6, 10) for j in (2, 6, 10)),
                                      rel=1e-5)


def test_bd_downsample_errors():
    with pytest.raises(ValueError):
        bd_downsample(np.zeros((8, 8, 3), np.uint8), kernel_size=12)
    with pytest.raises(ValueError):
        bd_downsample(np.zeros((8, 8, 3), np.uint8), scale=0)


def test_blur_of_identical_frames_is_the_frame():
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (20, 24, 3), dtype=np.uint8)
    blurred = temporal_average_blur([frame] * 9, window=7)
    assert len(blurred) == 3
    for out in blurred:
        assert out.dtype == np.uint8
        np.testing.assert_array_equal(out, frame)


def test_blur_known_answers():
    frames = [np.full((4, 4, 3), v, np.uint8) for v in (10, 20, 30, 40)]
    assert [int(b[0, 0, 0]) for b in temporal_average_blur(frames, 3, gamma=1.)] == [20, 30]
    # in linear light (gamma 2.2): mean of 0, 255, 0 is 1/3, displayed as 255 * (1/3)^(1/2.2)
    window = [np.zeros((2, 2, 3), np.uint8), np.full((2, 2, 3), 255, np.uint8),
              np.zeros((2, 2, 3), np.uint8)]
    assert np.all(average_frames(window) == round(255 * (1 / 3)**(1 / 2.2)))


def test_blur_sliding_window_matches_direct_average():
    rng = np.random.default_rng(2)
    frames = rng.integers(0, 256, (12, 8, 10, 3), dtype=np.uint8)
    blurred = temporal_average_blur(frames, window=5)
    assert len(blurred) == 8
    for k, out in enumerate(blurred):
        np.testing.assert_array_equal(out, average_frames(frames[k:k + 5]))


@pytest.mark.parametrize('window,num_frames', [(6, 10), (0, 10), (7, 6)])
def test_blur_errors(window, num_frames):
    frames = [np.zeros((4, 4, 3), np.uint8)] * num_frames
    with pytest.raises(ValueError):
        temporal_average_blur(frames, window=window)


def test_average_frames_errors():
    with pytest.raises(ValueError):
        average_frames([np.zeros((4, 4, 3), np.uint8)] * 4)
    with pytest.raises(ValueError):
        average_frames([])
    with pytest.raises(ValueError):
        average_frames([np.zeros((4, 4, 3), np.uint8), np.zeros((4, 5, 3), np.uint8),
                        np.zeros((4, 4, 3), np.uint8)])


@pytest.mark.parametrize('size', [(96, 96), (95, 93)])
def test_hevc_keeps_count_and_size(real_clip, size):
    frames = [f[:size[0], :size[1]] for f in real_clip]
    out = hevc_compress(frames, qp=37)
    assert len(out) == len(frames)
    assert all(o.shape == size + (3, ) and o.dtype == np.uint8 for o in out)


def test_hevc_quality_on_a_real_clip(real_clip):
    """PSNR falls with the QP, and QP 37 lands in the usual band for textured content
    (foliage, 96x96 after a 2x area down-scaling)."""
    psnrs = {qp: y_psnr(real_clip, hevc_compress(real_clip, qp)) for qp in (22, 27, 32, 37)}
    assert psnrs[22] > psnrs[27] > psnrs[32] > psnrs[37]
    assert 24 < psnrs[37] < 36
    assert psnrs[22] - psnrs[37] > 6


def test_hevc_is_low_delay_p(real_clip):
    """One I frame, then P frames only (no B frames, no scene-cut I frames), even across a
    hard cut to unrelated content."""
    rng = np.random.default_rng(3)
    frames = real_clip + [rng.integers(0, 256, (96, 96, 3), dtype=np.uint8)] + real_clip
    with av.open(io.BytesIO(encode_hevc(frames, qp=32))) as container:
        types = [PictureType(frame.pict_type) for frame in container.decode(video=0)]
    assert types == [PictureType.I] + [PictureType.P] * (len(frames) - 1)


def test_hevc_errors(real_clip):
    with pytest.raises(ValueError):
        hevc_compress([], qp=37)
    with pytest.raises(ValueError):
        hevc_compress(real_clip, qp=52)
    with pytest.raises(ValueError):
        hevc_compress([real_clip[0], real_clip[1][:64]], qp=37)
    with pytest.raises(ValueError):
        hevc_compress([np.zeros((8, 8), np.uint8)], qp=37)


def test_registered_transforms_on_results_dicts(real_clip):
    gt = [f[:64, :48] for f in real_clip[:3]]
    results = dict(gt=gt, img=[f.copy() for f in gt])
    results = TRANSFORMS.build(dict(type='BDDegradation', keys=['img'], scale=4))(results)
    assert [i.shape for i in results['img']] == [(16, 12, 3)] * 3
    assert results['gt'][0].shape == (64, 48, 3)

    results = TRANSFORMS.build(dict(type='BIDegradation', keys='gt', scale=2))(
        dict(gt=gt[0]))
    assert isinstance(results['gt'], np.ndarray) and results['gt'].shape == (32, 24, 3)
    assert results['gt'].dtype == np.uint8


def test_hevc_transform(real_clip):
    frames = [f.astype(np.float32) for f in real_clip[:4]]
    transform = TRANSFORMS.build(dict(type='HEVCCompression', keys=['img'], qp=[27, 32]))
    results = transform(dict(img=frames, gt=real_clip[:4]))
    assert results['hevc_qp'] in (27, 32)
    assert len(results['img']) == 4
    assert all(i.dtype == np.float32 and i.shape == (96, 96, 3) for i in results['img'])
    assert not np.array_equal(results['img'][0], frames[0])
    assert results['gt'] is not None and results['gt'][0].dtype == np.uint8
    with pytest.raises(ValueError):
        TRANSFORMS.build(dict(type='HEVCCompression', qp=60))
    with pytest.raises(ValueError):
        TRANSFORMS.build(dict(type='HEVCCompression', qp=[]))
    with pytest.raises(ValueError):
        transform(dict(img=[]))


@pytest.mark.parametrize('level', [16, 60, 128, 200, 235])
def test_hevc_of_a_flat_grey_clip_stays_within_half_a_level(level):
    frames = [np.full((64, 96, 3), level, np.uint8)] * 3
    out = np.stack(hevc_compress(frames)).astype(np.float64)
    assert np.abs(out - level).mean() <= 0.5
    assert np.abs(out - np.stack(capture_yuv420p(frames))).mean() <= 0.5


def test_hevc_and_its_capture_differ_only_by_the_codec(real_clip):
    # GT - LQ per channel has zero mean when the codec itself is (near) lossless: the capture
    # shares the encoder's YUV conversion. The RGB input is off by about a level per channel
    # (swscale's conversion), the bias the old RGB ground truth taught the models.
    gts = np.stack(capture_yuv420p(real_clip)).astype(np.float64)
    lqs = np.stack(hevc_compress(real_clip, qp=0)).astype(np.float64)
    assert np.all(np.abs((gts - lqs).mean(axis=(0, 1, 2))) <= 0.05)
    assert np.abs(gts - lqs).mean() < 0.2
    raw_bias = (np.stack(real_clip).astype(np.float64) - gts).mean(axis=(0, 1, 2))
    assert np.all(np.abs(raw_bias) > 0.5), raw_bias


def test_hevc_transform_captures_its_reference_keys(real_clip):
    transform = TRANSFORMS.build(dict(type='HEVCCompression', keys='img', qp=37,
                                      reference_keys='gt'))
    results = transform(dict(img=list(real_clip[:3]), gt=list(real_clip[:3])))
    expected = capture_yuv420p(real_clip[:3])
    assert all(np.array_equal(g, e) for g, e in zip(results['gt'], expected))
    assert results['hevc_qp'] == 37

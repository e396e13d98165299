"""s2svr_mm/datasets/motion_sequences/: known answers for the renderer, flows and blur."""
import numpy as np
import pytest
import torch
from mmagic.models.utils import flow_warp
from skimage import data

from s2svr_mm.datasets.motion_sequences import (Layer, Trajectory, random_scene, render,
                                                render_sequence)

SIZE = (48, 64)


@pytest.fixture(scope='module')
def photo():
    """A real photograph (scikit-image's astronaut, 512x512 RGB)."""
    return data.astronaut()


def pan(photo, velocity, zoom=1.0):
    """The photograph as a background panning at ``velocity`` px/frame."""
    centre = (photo.shape[1] / 2, photo.shape[0] / 2)
    return Layer(photo, Trajectory(texture_centre=centre, frame_centre=(31.5, 23.5),
                                   velocity=velocity, zoom=zoom))


def test_pure_translation_gives_exact_flow_and_shifted_frames(photo):
    seq = render_sequence([pan(photo, (3., -2.))], 3, SIZE)
    for flow in seq.flow_fw:
        assert np.abs(flow - np.array([3., -2.])).max() < 1e-6
    for flow in seq.flow_bw:
        assert np.abs(flow - np.array([-3., 2.])).max() < 1e-6
    # frame 1 is frame 0 moved by (+3, -2): frame1[y - 2, x + 3] == frame0[y, x]
    a, b = seq.sharp[0].astype(int), seq.sharp[1].astype(int)
    assert np.abs(b[0:-4, 3:] - a[2:-2, :-3]).max() <= 1
    # occluded = leaves the frame: the last 3 columns and the first 2 rows of frame 0
    occ = seq.occ_fw[0]
    assert occ[:, -3:].all() and occ[:2].all() and not occ[2:, :-3].any()


def test_static_camera_blur_equals_the_sharp_frame(photo):
    seq = render_sequence([pan(photo, (0., 0.))], 2, SIZE, num_subframes=9, exposure=1.0)
    for sharp, blurred in zip(seq.sharp, seq.blurred):
        assert np.array_equal(sharp, blurred)
    assert all(np.abs(f).max() == 0 for f in seq.flow_fw)


def test_motion_blur_is_the_linear_light_mean_of_the_exposure(photo):
    seq = render_sequence([pan(photo, (8., 0.))], 2, SIZE, num_subframes=5, exposure=0.5)
    subframes = [render([pan(photo, (8., 0.))], dt, SIZE)[0]
                 for dt in np.linspace(-0.25, 0.25, 5)]
    linear = np.mean([(f / 255.)**2.2 for f in subframes], axis=0)
    expected = np.uint8(np.clip(np.rint(255 * linear**(1 / 2.2)), 0, 255))
    assert np.abs(seq.blurred[0].astype(int) - expected).max() <= 1
    assert np.abs(seq.blurred[0].astype(int) - seq.sharp[0]).mean() > 2  # it is blurred


def test_foreground_layer_has_its_own_flow_and_occludes(photo):
    patch = photo[100:140, 200:240]
    layer = Layer(patch, Trajectory(texture_centre=(19.5, 19.5), frame_centre=(0., 0.),
                                    offset=(24., 24.), velocity=(4., 1.)),
                  alpha=np.ones((40, 40), np.float32))
    seq = render_sequence([pan(photo, (0., 0.)), layer], 2, SIZE)
    flow, occ = seq.flow_fw[0], seq.occ_fw[0]
    assert np.allclose(flow[24, 24], [4., 1.]) and np.allclose(flow[2, 60], [0., 0.])
    # the background just right of the layer is covered at frame 1; inside the layer not
    assert occ[24, 24 + 21] and not occ[24, 24]


def test_random_scene_flow_reconstructs_the_previous_frame(photo):
    rng = np.random.default_rng(3)
    big = np.concatenate([photo, photo[:, ::-1]], axis=1)  # 512x1024: room to move
    layers = random_scene(rng, big, [photo], (64, 96), 4, zoom=(0.9, 1.0))
    seq = render_sequence(layers, 4, (64, 96), num_subframes=3)
    to_t = lambda x: torch.from_numpy(np.ascontiguousarray(x)).float()  # noqa: E731
    for i in range(3):
        a = to_t(seq.sharp[i]).permute(2, 0, 1)[None]
        b = to_t(seq.sharp[i + 1]).permute(2, 0, 1)[None]
        warped = flow_warp(b, to_t(seq.flow_fw[i])[None], padding_mode='border')
        visible = to_t(~seq.occ_fw[i])[None, None]
        err_flow = ((warped - a).abs() * visible).sum() / visible.sum()
        err_zero = ((b - a).abs() * visible).sum() / visible.sum()
        assert err_flow < err_zero / 2


def test_random_scene_is_deterministic_and_checks_the_background(photo):
    args = (photo, [photo], (48, 64), 6)
    one = random_scene(np.random.default_rng(7), *args)
    two = random_scene(np.random.default_rng(7), *args)
    assert [l.trajectory for l in one] == [l.trajectory for l in two]
    with pytest.raises(ValueError, match='too small'):
        random_scene(np.random.default_rng(0), photo[:40, :40], [photo], (48, 64), 6)


@pytest.mark.parametrize('kwargs, match', [(dict(num_frames=1), 'num_frames'),
                                           (dict(num_subframes=4), 'num_subframes'),
                                           (dict(exposure=0.), 'exposure')])
def test_render_sequence_errors(photo, kwargs, match):
    args = dict(layers=[pan(photo, (1., 0.))], num_frames=2, size=SIZE)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        render_sequence(**args)

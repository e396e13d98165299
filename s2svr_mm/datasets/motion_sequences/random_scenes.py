"""Draw random scenes: a camera moving over a photograph plus cut-out foreground layers.

FlyingChairs-style (Dosovitskiy et al., ICCV 2015): a background photograph and a few
foreground layers cut from other photographs, each on a random smooth trajectory that keeps
the frame inside the background over the whole sequence.
"""
from typing import List, Sequence, Tuple

import cv2
import numpy as np

from .scene import Layer, Trajectory


def random_mask(rng: np.random.Generator, size: Tuple[int, int]) -> np.ndarray:
    """A random cut-out shape filling most of ``size`` (h, w): an ellipse or a polygon.

    Returns:
        np.ndarray: (h, w) float32 in {0, 1}.
    """
    h, w = size
    mask = np.zeros((h, w), np.uint8)
    centre = (w / 2, h / 2)
    if rng.random() < 0.5:
        axes = (int(w / 2 * rng.uniform(0.6, 0.95)), int(h / 2 * rng.uniform(0.6, 0.95)))
        cv2.ellipse(mask, (int(centre[0]), int(centre[1])), axes, rng.uniform(0, 180), 0, 360,
                    1, -1)
    else:
        n = int(rng.integers(5, 10))
        angles = np.sort(rng.uniform(0, 2 * np.pi, n))
        radii = rng.uniform(0.45, 0.95, n)
        pts = np.stack([centre[0] + radii * w / 2 * np.cos(angles),
                        centre[1] + radii * h / 2 * np.sin(angles)], -1)
        cv2.fillPoly(mask, [np.int32(np.rint(pts))], 1)
    return np.float32(mask)


def _random_velocity(rng: np.random.Generator, max_speed: float) -> np.ndarray:
    speed = rng.uniform(0, max_speed)
    angle = rng.uniform(0, 2 * np.pi)
    return speed * np.array([np.cos(angle), np.sin(angle)])


def _covers_frame(traj: Trajectory, texture_size: Tuple[int, int], frame_size: Tuple[int, int],
                  times: Sequence[float], margin: float = 2.) -> bool:
    """Whether the texture covers the whole frame at every time (frame corners inside it)."""
    h, w = frame_size
    th, tw = texture_size
    corners = np.array([[-1., -1., 1.], [w, -1., 1.], [-1., h, 1.], [w, h, 1.]])
    for t in times:
        pts = corners @ np.linalg.inv(traj.homography(t)).T
        pts = pts[:, :2] / pts[:, 2:]
        if (pts < margin).any() or (pts[:, 0] > tw - 1 - margin).any() or \
                (pts[:, 1] > th - 1 - margin).any():
            return False
    return True


def random_scene(rng: np.random.Generator, background: np.ndarray,
                 foregrounds: Sequence[np.ndarray], frame_size: Tuple[int, int],
                 num_frames: int, max_speed: float = 8., max_layers: int = 3,
                 zoom: Tuple[float, float] = (0.4, 0.6)) -> List[Layer]:
    """A random scene: a camera moving over ``background`` and up to ``max_layers`` cut-outs.

    Camera: translation at a speed drawn uniformly in [0, max_speed] px/frame (frame pixels)
    with a small acceleration, rotation up to 0.6 deg/frame, zoom change up to 1 %/frame and
    a mild perspective; the background is seen at ``zoom`` frame pixels per photograph pixel
    (below 1: the photograph is sharper than the frame). Foreground layers: a random shape
    cut from a random crop of one of ``foregrounds``, 20-45 % of the frame's shorter side,
    moving at up to ``max_speed`` px/frame with their own rotation and scale change.

    Args:
        rng (np.random.Generator): Source of randomness (a seed gives the same scene).
        background (np.ndarray): (H, W, 3) photograph, large enough that the frame at the
            drawn zoom stays inside it over the whole sequence.
        foregrounds (Sequence[np.ndarray]): photographs to cut the layers from.
        frame_size (tuple[int, int]): (h, w) frame size.
        num_frames (int): Length of the sequence (to keep the camera over the photograph).
        max_speed (float): px/frame. Default: 8.
        max_layers (int): Default: 3.
        zoom (tuple[float, float]): Range of the background's zoom. Default: (0.4, 0.6).

    Returns:
        list[Layer]: background first.

    Raises:
        ValueError: if no trajectory that keeps the frame inside the background was found
            (the photograph is too small for the frame size and zoom).
    """
    h, w = frame_size
    th, tw = background.shape[:2]
    times = np.linspace(-0.5, num_frames - 0.5, 9)
    for _ in range(100):
        z = rng.uniform(*zoom)
        velocity = _random_velocity(rng, max_speed)
        traj = Trajectory(
            texture_centre=(rng.uniform(0.3, 0.7) * tw, rng.uniform(0.3, 0.7) * th),
            frame_centre=((w - 1) / 2, (h - 1) / 2),
            offset=tuple(-velocity * (num_frames - 1) / 2),
            velocity=tuple(velocity),
            acceleration=tuple(rng.uniform(-0.1, 0.1, 2)),
            angle=rng.uniform(-0.2, 0.2),
            angular_velocity=np.deg2rad(rng.uniform(-0.6, 0.6)),
            zoom=z,
            zoom_rate=rng.uniform(-0.01, 0.01),
            perspective=tuple(rng.uniform(-2e-4, 2e-4, 2)),
            perspective_rate=tuple(rng.uniform(-1e-5, 1e-5, 2)))
        if _covers_frame(traj, (th, tw), frame_size, times):
            break
    else:
        raise ValueError(f'background {tw}x{th} too small for {w}x{h} frames at zoom {zoom}')
    layers = [Layer(background, traj)]
    for _ in range(int(rng.integers(0, max_layers + 1))):
        source = foregrounds[int(rng.integers(len(foregrounds)))]
        side = int(min(h, w) * rng.uniform(0.2, 0.45) / 0.7)  # texture pixels at zoom 0.7
        lh, lw = (int(side * rng.uniform(0.6, 1.0)), side)
        if rng.random() < 0.5:
            lh, lw = lw, lh
        sh, sw = source.shape[:2]
        if sh <= lh or sw <= lw:
            continue
        y0, x0 = int(rng.integers(0, sh - lh)), int(rng.integers(0, sw - lw))
        velocity = _random_velocity(rng, max_speed)
        start = np.array([rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h])
        traj = Trajectory(
            texture_centre=((lw - 1) / 2, (lh - 1) / 2),
            frame_centre=(0., 0.),
            offset=tuple(start - velocity * (num_frames - 1) / 2),
            velocity=tuple(velocity),
            angle=rng.uniform(-np.pi, np.pi),
            angular_velocity=np.deg2rad(rng.uniform(-2, 2)),
            zoom=rng.uniform(0.6, 0.8),
            zoom_rate=rng.uniform(-0.015, 0.015))
        layers.append(Layer(source[y0:y0 + lh, x0:x0 + lw], traj, random_mask(rng, (lh, lw))))
    return layers

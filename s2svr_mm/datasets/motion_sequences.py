"""Renders video sequences with exact optical flow by moving a virtual camera over photographs.

Real footage that a fresh machine can install barely moves (docs/data.md), so motion for
training and for flow ground truth is synthesised: a background photograph and a few
foreground layers cut from other photographs (FlyingChairs-style, Dosovitskiy et al., ICCV
2015) each follow a smooth homography trajectory in time. Every frame is rendered at a high
temporal rate, so that

* the sharp ground-truth frame i is the scene at time t = i,
* its motion-blurred version is the average, in linear light (gamma 2.2, as GoPro -- Nah et
  al., CVPR 2017 -- and REDS build theirs), of ``num_subframes`` sub-frames spread over an
  exposure of ``exposure`` frame intervals centred on t = i,
* the optical flow between frames i and i + 1 (both directions) is known in closed form from
  the layers' homographies, and so is the occlusion mask.

Conventions: frames are (h, w, 3) RGB; a homography maps a layer's texture pixels to frame
pixels (pixel centres at integer coordinates, OpenCV's convention); ``flow_fw[i]`` is the flow
from frame i to frame i + 1 in pixels (pixel p of frame i is at p + flow in frame i + 1, so
MMagic's ``flow_warp(frame_{i+1}, flow_fw[i])`` reconstructs frame i where it is visible) and
``flow_bw[i]`` the flow from frame i + 1 to frame i.
"""
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .transforms.degradations import average_frames

#: Supersampling factor of the renderer (each output pixel is the mean of ss x ss samples).
SUPERSAMPLING = 2


def _translate(x: float, y: float) -> np.ndarray:
    return np.array([[1., 0., x], [0., 1., y], [0., 0., 1.]])


@dataclass(frozen=True)
class Trajectory:
    """A smooth homography trajectory ``H(t)``: texture pixels -> frame pixels at time t.

    ``H(t) = T(frame_centre) . P(t) . T(d(t)) . R(angle(t)) . Z(zoom(t)) . T(-texture_centre)``
    with ``d(t) = offset + velocity t + acceleration t^2 / 2`` (frame pixels),
    ``angle(t) = angle + angular_velocity t`` (radians), ``zoom(t) = zoom exp(zoom_rate t)``
    and ``P(t)`` a perspective with bottom row ``(perspective + perspective_rate t, 1)``
    (1 / pixels). t is in frame intervals.
    """
    texture_centre: Tuple[float, float]
    frame_centre: Tuple[float, float]
    offset: Tuple[float, float] = (0., 0.)
    velocity: Tuple[float, float] = (0., 0.)
    acceleration: Tuple[float, float] = (0., 0.)
    angle: float = 0.
    angular_velocity: float = 0.
    zoom: float = 1.
    zoom_rate: float = 0.
    perspective: Tuple[float, float] = (0., 0.)
    perspective_rate: Tuple[float, float] = (0., 0.)

    def homography(self, t: float) -> np.ndarray:
        """(3, 3) float64 matrix mapping texture pixels to frame pixels at time t."""
        d = np.add(self.offset, np.multiply(self.velocity, t)) + np.multiply(
            self.acceleration, t * t / 2)
        a = self.angle + self.angular_velocity * t
        z = self.zoom * np.exp(self.zoom_rate * t)
        rotate_zoom = np.array([[z * np.cos(a), -z * np.sin(a), 0.],
                                [z * np.sin(a), z * np.cos(a), 0.], [0., 0., 1.]])
        persp = np.eye(3)
        persp[2, :2] = np.add(self.perspective, np.multiply(self.perspective_rate, t))
        return (_translate(*self.frame_centre) @ persp @ _translate(*d) @ rotate_zoom
                @ _translate(-self.texture_centre[0], -self.texture_centre[1]))


@dataclass
class Layer:
    """One moving layer: a texture, its coverage and its trajectory.

    Args:
        texture (np.ndarray): (h, w, 3) RGB, ``uint8`` or float in [0, 255].
        trajectory (Trajectory): texture -> frame mapping over time.
        alpha (np.ndarray, optional): (h, w) coverage in {0, 1} (a cut-out); None for the
            background, which must cover the whole frame at every rendered time.
    """
    texture: np.ndarray
    trajectory: Trajectory
    alpha: Optional[np.ndarray] = None


def _pixel_grid(size: Tuple[int, int]) -> np.ndarray:
    h, w = size
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    return np.stack([xs, ys, np.ones_like(xs)], axis=-1)  # (h, w, 3) homogeneous


def _apply(matrix: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Map (h, w, 3) homogeneous points by ``matrix``; returns (h, w, 2) pixel positions."""
    pts = grid @ matrix.T
    return pts[..., :2] / pts[..., 2:]


def render(layers: Sequence[Layer], t: float, size: Tuple[int, int],
           supersampling: int = SUPERSAMPLING) -> Tuple[np.ndarray, np.ndarray]:
    """Render the scene at time t.

    Every layer is resampled (bilinear) onto a grid ``supersampling`` times finer than the
    frame and composited back to front; the result is area-averaged to the frame size, which
    antialiases both the textures and the layers' edges.

    Args:
        layers (Sequence[Layer]): Background first, then foreground layers back to front.
        t (float): Time in frame intervals.
        size (tuple[int, int]): (h, w) of the frame in pixels.
        supersampling (int): Samples per pixel side. Default: 2.

    Returns:
        tuple: the frame, (h, w, 3) float32 RGB in [0, 255]; and the index of the layer
        that covers each pixel (more than half of its area), (h, w) int.
    """
    h, w = size
    s = supersampling
    fine = np.array([[s, 0., (s - 1) / 2], [0., s, (s - 1) / 2], [0., 0., 1.]])
    canvas = np.zeros((h * s, w * s, 3), np.float32)
    owner = np.zeros((h, w), np.int64)
    for index, layer in enumerate(layers):
        matrix = fine @ layer.trajectory.homography(t)
        texture = cv2.warpPerspective(
            np.float32(layer.texture), matrix, (w * s, h * s), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT)
        if layer.alpha is None:
            canvas = texture
            continue
        alpha = cv2.warpPerspective(
            np.float32(layer.alpha), matrix, (w * s, h * s), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT, borderValue=0)[..., None]
        canvas = canvas * (1 - alpha) + texture * alpha
        coverage = cv2.resize(alpha[..., 0], (w, h), interpolation=cv2.INTER_AREA)
        owner[coverage > 0.5] = index
    frame = cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA)
    return np.clip(frame, 0, 255), owner


def layer_flow(layer: Layer, t0: float, t1: float, size: Tuple[int, int]) -> np.ndarray:
    """Exact flow of one layer's points from time t0 to t1, ``H(t1) H(t0)^-1 p - p``.

    Returns:
        np.ndarray: (h, w, 2) float32 flow in frame pixels (x, y) for every frame pixel p.
    """
    traj = layer.trajectory
    grid = _pixel_grid(size)
    moved = _apply(traj.homography(t1) @ np.linalg.inv(traj.homography(t0)), grid)
    return np.float32(moved - grid[..., :2])


def scene_flow(layers: Sequence[Layer], owner0: np.ndarray, owner1: np.ndarray, t0: float,
               t1: float) -> Tuple[np.ndarray, np.ndarray]:
    """Flow from the frame at t0 to the frame at t1 and the occlusion mask of the t0 frame.

    Each pixel takes the flow of the layer that covers it at t0. It is occluded when it
    leaves the frame or lands (nearest pixel) on a pixel covered by another layer at t1.

    Args:
        layers (Sequence[Layer]): As for :func:`render`.
        owner0, owner1 (np.ndarray): (h, w) covering layer index at t0 and t1 (from
            :func:`render`).
        t0, t1 (float): Times in frame intervals.

    Returns:
        tuple: flow (h, w, 2) float32 in pixels (x, y) from the t0 frame to the t1 frame;
        occluded (h, w) bool, True where the pixel is not visible at t1.
    """
    size = owner0.shape
    flow = np.zeros(size + (2, ), np.float32)
    for index, layer in enumerate(layers):
        covered = owner0 == index
        if covered.any():
            flow[covered] = layer_flow(layer, t0, t1, size)[covered]
    h, w = size
    ys, xs = np.mgrid[0:h, 0:w]
    x1 = np.rint(xs + flow[..., 0]).astype(np.int64)
    y1 = np.rint(ys + flow[..., 1]).astype(np.int64)
    inside = (x1 >= 0) & (x1 < w) & (y1 >= 0) & (y1 < h)
    landed = owner1[np.clip(y1, 0, h - 1), np.clip(x1, 0, w - 1)]
    return flow, ~inside | (landed != owner0)


@dataclass
class RenderedSequence:
    """The output of :func:`render_sequence` for t frames of size (h, w)."""
    sharp: List[np.ndarray]  # t x (h, w, 3) uint8, the scene at t = i
    blurred: List[np.ndarray]  # t x (h, w, 3) uint8, mean over the exposure (linear light)
    flow_fw: List[np.ndarray]  # t-1 x (h, w, 2) float32, frame i -> i + 1
    flow_bw: List[np.ndarray]  # t-1 x (h, w, 2) float32, frame i + 1 -> i
    occ_fw: List[np.ndarray]  # t-1 x (h, w) bool, pixel of frame i not visible in i + 1
    occ_bw: List[np.ndarray]  # t-1 x (h, w) bool, pixel of frame i + 1 not visible in i


def render_sequence(layers: Sequence[Layer], num_frames: int, size: Tuple[int, int],
                    num_subframes: int = 9, exposure: float = 1.0) -> RenderedSequence:
    """Render ``num_frames`` frames, their motion-blurred versions, flows and occlusions.

    Args:
        layers (Sequence[Layer]): Background first (see :func:`render`).
        num_frames (int): t >= 2.
        size (tuple[int, int]): (h, w) frame size in pixels.
        num_subframes (int): Odd number of sub-frames averaged per blurred frame; the centre
            one is the sharp frame. Default: 9.
        exposure (float): Exposure in frame intervals, in (0, 1]: sub-frame k of frame i is
            at ``i + exposure * (k / (num_subframes - 1) - 1 / 2)``. Default: 1.

    Returns:
        RenderedSequence: see its fields.

    Raises:
        ValueError: for t < 2, an even or non-positive ``num_subframes`` or an exposure
            outside (0, 1].
    """
    if num_frames < 2:
        raise ValueError(f'num_frames must be >= 2, got {num_frames}')
    if num_subframes < 1 or num_subframes % 2 == 0:
        raise ValueError(f'num_subframes must be a positive odd number, got {num_subframes}')
    if not 0 < exposure <= 1:
        raise ValueError(f'exposure must be in (0, 1], got {exposure}')
    offsets = (np.linspace(-0.5, 0.5, num_subframes) * exposure if num_subframes > 1 else [0.])
    sharp, blurred, owners = [], [], []
    for i in range(num_frames):
        subframes = [render(layers, i + dt, size) for dt in offsets]
        centre, owner = subframes[num_subframes // 2]
        # a zero-length exposure of as many samples: the same arithmetic as the blur, so a
        # static scene gives bit-identical sharp and blurred frames
        sharp.append(average_frames(np.repeat(centre[None], num_subframes, axis=0)))
        blurred.append(average_frames(np.stack([f for f, _ in subframes])))
        owners.append(owner)
    seq = RenderedSequence(sharp, blurred, [], [], [], [])
    for i in range(num_frames - 1):
        flow, occ = scene_flow(layers, owners[i], owners[i + 1], i, i + 1)
        seq.flow_fw.append(flow)
        seq.occ_fw.append(occ)
        flow, occ = scene_flow(layers, owners[i + 1], owners[i], i + 1, i)
        seq.flow_bw.append(flow)
        seq.occ_bw.append(occ)
    return seq


# ---------------------------------------------------------------- random scenes
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

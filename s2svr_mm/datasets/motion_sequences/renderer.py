"""Render a scene's frames, their motion-blurred versions, exact flows and occlusion masks.

Every frame is rendered at a high temporal rate: the sharp ground-truth frame i is the scene
at time t = i; its motion-blurred version is the average, in linear light (gamma 2.2, as GoPro
-- Nah et al., CVPR 2017 -- and REDS build theirs), of sub-frames spread over the exposure;
the flow between frames i and i + 1 (both directions) is known in closed form from the
layers' homographies, and so is the occlusion mask. ``flow_fw[i]`` is the flow from frame i to
frame i + 1 in pixels (pixel p of frame i is at p + flow in frame i + 1, so MMagic's
``flow_warp(frame_{i+1}, flow_fw[i])`` reconstructs frame i where it is visible) and
``flow_bw[i]`` the flow from frame i + 1 to frame i.
"""
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import cv2
import numpy as np

from ..transforms.degradations import average_frames
from .scene import Layer

#: Supersampling factor of the renderer (each output pixel is the mean of ss x ss samples).
SUPERSAMPLING = 2


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

"""A synthetic scene: layers of photographs, each moving along a smooth homography trajectory.

A homography maps a layer's texture pixels to frame pixels (pixel centres at integer
coordinates, OpenCV's convention); t is in frame intervals.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np


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

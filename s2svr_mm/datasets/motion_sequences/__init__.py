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

One module per job: :mod:`.scene` (layers and trajectories), :mod:`.renderer` (frames, blur,
flows, occlusions), :mod:`.random_scenes` (random scenes from photographs).

Conventions: frames are (h, w, 3) RGB; a homography maps a layer's texture pixels to frame
pixels (pixel centres at integer coordinates, OpenCV's convention); ``flow_fw[i]`` is the flow
from frame i to frame i + 1 in pixels (pixel p of frame i is at p + flow in frame i + 1, so
MMagic's ``flow_warp(frame_{i+1}, flow_fw[i])`` reconstructs frame i where it is visible) and
``flow_bw[i]`` the flow from frame i + 1 to frame i.
"""
from .random_scenes import random_mask, random_scene
from .renderer import (SUPERSAMPLING, RenderedSequence, layer_flow, render, render_sequence,
                       scene_flow)
from .scene import Layer, Trajectory

__all__ = [
    'Layer', 'Trajectory', 'SUPERSAMPLING', 'RenderedSequence', 'render', 'render_sequence',
    'layer_flow', 'scene_flow', 'random_mask', 'random_scene'
]

"""Shared test helpers: real frames with a known shift (``tree_frame``, ``shifted_pair``) and
tiny MMagic frame-folder datasets cut from a real photograph.

The frames are crops of scikit-image's bundled ``chelsea`` photo (a real camera image shipped
inside the package, no download) taken along a known camera path, so every test input has real
texture and a known motion.
"""
import os
import os.path as osp

import cv2
import numpy as np
from skimage import data as skdata


REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def tree_frame(i=0):
    """(96, 96, 3) uint8 RGB real video frame (tests/data/tree_96x96)."""
    path = osp.join(REPO_ROOT, 'tests', 'data', 'tree_96x96', f'{i:08d}.png')
    return np.ascontiguousarray(cv2.imread(path, cv2.IMREAD_COLOR)[..., ::-1])


def shifted_pair(frame, dx, dy):
    """img1 and img2 = img1 moved by (dx, dy): pixel p of img1 is at p + (dx, dy) in img2."""
    h, w = frame.shape[0] - abs(dy), frame.shape[1] - abs(dx)
    y0, x0 = max(dy, 0), max(dx, 0)
    return frame[y0:y0 + h, x0:x0 + w], frame[y0 - dy:y0 - dy + h, x0 - dx:x0 - dx + w]


def panned_frames(num_frames=6, size=(64, 64), step=(2, 1), origin=(40, 60)):
    """Crops (h, w, 3) uint8 RGB of a real photo; frame k is shifted by k * step (dx, dy)."""
    img = skdata.chelsea()  # (300, 451, 3) uint8 RGB
    h, w = size
    y0, x0 = origin
    return [img[y0 + k * step[1]:y0 + k * step[1] + h, x0 + k * step[0]:x0 + k * step[0] + w]
            for k in range(num_frames)]


def write_frames_tree(root, num_frames=6, gt_size=64, scale=4):
    """Write a tiny x4 SR dataset in the layout of ``tools/prepare_real_clips.py``.

    ``gt/<clip>/%08d.png``, ``bix4/<clip>/%08d.png`` (area-downscaled) and the ann files
    ``meta_info_real_clips_{train,val}.txt`` (``clip frames (h,w,3)`` per line).
    """
    for subset, clip, origin in (('train', 'pan_a', (40, 60)), ('val', 'pan_b', (150, 250))):
        frames = panned_frames(num_frames, (gt_size, gt_size), origin=origin)
        for kind in ('gt', 'bix4'):
            folder = osp.join(root, kind, clip)
            os.makedirs(folder, exist_ok=True)
            for i, frame in enumerate(frames):
                if kind == 'bix4':
                    frame = cv2.resize(frame, (gt_size // scale, gt_size // scale),
                                       interpolation=cv2.INTER_AREA)
                cv2.imwrite(osp.join(folder, f'{i:08d}.png'),
                            cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
        with open(osp.join(root, f'meta_info_real_clips_{subset}.txt'), 'w') as f:
            f.write(f'{clip} {num_frames} ({gt_size},{gt_size},3)\n')
    return str(root)

"""Scores restored frames the way MMagic's evaluator does, against each task's trivial baseline.

Used by ``tools/eval_real_clips.py`` (restorers), ``tools/compare_crops.py`` (pictures) and
``tools/probe_learnability.py`` (the linear oracle) so that every table of the project scores
with one definition.
"""
from typing import Dict, List

import numpy as np

#: task -> (LQ folder, GT folder, annotation file of the validation split, metric channel,
#: baseline name), for the real clips
TASK_DATA = {
    'sr': ('bix4', 'gt', 'meta_info_real_clips_val.txt', 'Y', 'bicubic'),
    'deblur': ('blur', 'sharp', 'meta_info_real_clips_deblur_val.txt', 'RGB', 'blurred input'),
    'decompress': ('hevc_qp37', 'gt', 'meta_info_real_clips_val.txt', 'Y', 'QP 37 input'),
}
#: the same for the held-out motion sequences (tools/render_motion_sequences.py): GT is gt/
MOTION_SEQS_TASK_DATA = {
    task: (lq, 'gt', 'meta_info_motion_seqs_val.txt', channel, baseline)
    for task, (lq, _, _, channel, baseline) in TASK_DATA.items()
}
#: --dataset -> (default data root, task table)
DATASETS = {
    'real_clips': ('data/real_clips', TASK_DATA),
    'motion_seqs': ('data/motion_seqs', MOTION_SEQS_TASK_DATA),
}


def bicubic_x4(frame: np.ndarray) -> np.ndarray:
    """MATLAB-compatible bicubic x4 up-sampling (MMagic's ``MATLABLikeResize``).

    Args:
        frame (np.ndarray): (h, w, 3) ``uint8``.

    Returns:
        np.ndarray: (4h, 4w, 3) ``uint8``.
    """
    from mmagic.datasets.transforms import MATLABLikeResize
    resize = MATLABLikeResize(keys=['img'], scale=4)
    out = resize(dict(img=frame.astype(np.float32)))['img']
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def baseline_frames(task: str, lqs: List[np.ndarray]) -> List[np.ndarray]:
    """The trivial restoration: bicubic x4 for 'sr', the input itself otherwise."""
    return [bicubic_x4(f) for f in lqs] if task == 'sr' else list(lqs)


def score(outputs: List[np.ndarray], gts: List[np.ndarray], channel: str,
          ssim: bool = True) -> Dict[str, float]:
    """Mean PSNR (dB) and SSIM over frames, MMagic's functions, no border crop.

    Args:
        outputs, gts (list[np.ndarray]): (h, w, 3) frames, RGB in [0, 255].
        channel (str): 'Y' (BT.601 luma, as the VSR and MFQEv2 benchmarks) or 'RGB' (GoPro).
        ssim (bool): Whether to compute SSIM too (the slower of the two); without it the
            result has no 'ssim' key. Default: True.

    Raises:
        ValueError: If the frame counts or sizes differ.
    """
    from mmagic.evaluation.metrics.psnr import psnr
    from mmagic.evaluation.metrics.ssim import ssim as ssim_of
    if len(outputs) != len(gts):
        raise ValueError(f'{len(outputs)} restored frames for {len(gts)} GT frames')
    convert_to = 'Y' if channel == 'Y' else None
    psnrs, ssims = [], []
    for out, gt in zip(outputs, gts):
        if out.shape != gt.shape:
            raise ValueError(f'restored frame {out.shape} vs GT {gt.shape}')
        out, gt = out.astype(np.float64), gt.astype(np.float64)
        psnrs.append(psnr(out, gt, input_order='HWC', convert_to=convert_to))
        if ssim:
            ssims.append(ssim_of(out, gt, input_order='HWC', convert_to=convert_to))
    result = dict(psnr=float(np.mean(psnrs)))
    if ssim:
        result['ssim'] = float(np.mean(ssims))
    return result

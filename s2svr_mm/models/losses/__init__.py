"""Optical-flow losses of S2SVR's distillation flow (Lin et al., ICML 2022, Sec. 3.3, Eq. 10-17).

Scales and conventions are those of the implementation the paper took them from: ARFlow (Liu
et al., "Learning by Analogy: Reliable Supervision from Transformations for Unsupervised
Optical Flow Estimation", CVPR 2020), ``configs/sintel_raw.json`` (its unsupervised training on
raw Sintel video) and ``losses/flow_loss.py`` / ``losses/loss_blocks.py``. The paper's
omega_ph = 0.15 and omega_sm = 50 are that config's ``"w_l1": 0.15`` and ``"w_smooth": 50.0``.

One module per term: :mod:`.occlusion` (visibility masks), :mod:`.photometric_loss` (L1, SSIM,
census; Eq. 11), :mod:`.smoothness_loss` (Eq. 13), :mod:`.distillation_loss` (Eq. 16), plus a
supervised multi-scale end-point-error loss (:mod:`.epe_loss`, PWC-Net, Sun et al., CVPR 2018)
for the optional supervised warm start of ``FlowPretrainer`` on sequences with exact flow.
"""
from .distillation_loss import FlowDistillationLoss, upsample_flow
from .epe_loss import FlowEPELoss, downsample_flow
from .occlusion import occlusion_mask, occlusion_mask_backward, range_map, visibility_mask
from .photometric_loss import (PhotometricLoss, census_distance, l1_distance, photometric_error,
                               ssim_distance)
from .smoothness_loss import SmoothnessLoss, smoothness

__all__ = [
    'PhotometricLoss', 'SmoothnessLoss', 'FlowDistillationLoss', 'FlowEPELoss',
    'occlusion_mask', 'occlusion_mask_backward', 'range_map', 'visibility_mask', 'l1_distance',
    'ssim_distance', 'census_distance', 'photometric_error', 'smoothness', 'upsample_flow',
    'downsample_flow'
]

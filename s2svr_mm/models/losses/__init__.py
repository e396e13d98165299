from .flow_losses import (FlowDistillationLoss, FlowEPELoss, PhotometricLoss, SmoothnessLoss,
                          census_distance, downsample_flow, l1_distance, occlusion_mask,
                          occlusion_mask_backward, photometric_error, range_map, smoothness,
                          ssim_distance, upsample_flow, visibility_mask)

__all__ = [
    'PhotometricLoss', 'SmoothnessLoss', 'FlowDistillationLoss', 'FlowEPELoss',
    'occlusion_mask', 'occlusion_mask_backward', 'range_map', 'visibility_mask', 'l1_distance',
    'ssim_distance', 'census_distance', 'photometric_error', 'smoothness', 'upsample_flow',
    'downsample_flow'
]

from .flow_losses import (FlowDistillationLoss, PhotometricLoss, SmoothnessLoss,
                          census_distance, l1_distance, occlusion_mask, photometric_error,
                          smoothness, ssim_distance, upsample_flow)

__all__ = [
    'PhotometricLoss', 'SmoothnessLoss', 'FlowDistillationLoss', 'occlusion_mask',
    'l1_distance', 'ssim_distance', 'census_distance', 'photometric_error', 'smoothness',
    'upsample_flow'
]

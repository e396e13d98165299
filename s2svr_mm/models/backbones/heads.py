"""The output head of S2SVR: decoder features of frame i -> restored frame i (paper Fig. 2;
pixel shuffle x4 with an interpolated skip for SR, a residual to the input for same-size
restoration), with named layers as MMagic's BasicVSR heads (``conv_hr``, ``conv_last``)."""
import torch.nn as nn
import torch.nn.functional as F


class OutputHead(nn.Module):
    """``num_upsamples`` x (3x3 conv C -> 4C, pixel shuffle x2, LeakyReLU(0.1)), ``conv_hr``
    (3x3, C -> C) + LeakyReLU(0.1) and ``conv_last`` (3x3, C -> 3), added to a skip: the input
    frame interpolated x``upscale`` (SR), or the input frame itself (same-size).

    The pixel-shuffle convolutions are the list ``upsamples`` (their number is log2 of the
    output/feature size ratio: 2 for x4 SR at full-resolution features, 0 for same-size);
    MMagic's ``PixelShufflePack`` is not used because its Kaiming initialisation would change
    the fresh models of the recipes. With ``zero_init`` (the default for same-size restoration)
    ``conv_last`` starts at zero, so a fresh model returns its skip exactly: the input
    (same-size, issue #17) or the interpolated input (SR).

    Args:
        mid_channels (int): Channels C of the features.
        num_upsamples (int): Number of x2 pixel-shuffle stages, >= 0.
        upscale (int): Output/input size ratio, 4 (SR) or 1 (same-size).
        upsample_mode (str): Interpolation of the SR skip, ``'bilinear'`` (BasicVSR, the
            released code) or ``'bicubic'`` (closer to the target from the first iteration).
            Default: 'bilinear'.
        zero_mean_residual (bool): Same-size only: subtract from the residual its mean over
            each frame and channel, so the output keeps the input's mean colour (not in the
            paper; issue #17: an MSE deblurring model learned a global darkening,
            docs/results.md). Default: False.
        zero_init (bool, optional): Start ``conv_last`` at zero. None: True for same-size
            restoration, False for SR (the default init of the earlier SR recipes). Not in the
            paper; issue #17: an SR model with a random ``conv_last`` first spends hundreds of
            iterations cancelling its own noise at the bicubic level (docs/results.md).
            Default: None.

    Raises:
        ValueError: for an unknown ``upsample_mode``, or ``zero_mean_residual`` with
            ``upscale != 1``.
    """

    def __init__(self, mid_channels, num_upsamples, upscale, upsample_mode='bilinear',
                 zero_mean_residual=False, zero_init=None):
        super().__init__()
        if upsample_mode not in ('bilinear', 'bicubic'):
            raise ValueError("upsample_mode must be 'bilinear' or 'bicubic', "
                             f'got {upsample_mode!r}')
        if zero_mean_residual and upscale != 1:
            raise ValueError('zero_mean_residual is for same-size restoration '
                             '(is_low_res_input=False)')
        self.upscale, self.upsample_mode = upscale, upsample_mode
        self.zero_mean_residual = zero_mean_residual
        c = mid_channels
        self.upsamples = nn.ModuleList(nn.Conv2d(c, 4 * c, 3, 1, 1) for _ in range(num_upsamples))
        self.conv_hr = nn.Conv2d(c, c, 3, 1, 1)
        self.conv_last = nn.Conv2d(c, 3, 3, 1, 1)
        if zero_init is None:
            zero_init = upscale == 1
        if zero_init:  # start as the skip
            nn.init.zeros_(self.conv_last.weight)
            nn.init.zeros_(self.conv_last.bias)

    def forward(self, feat, lq):
        """Restore one frame.

        Args:
            feat (Tensor): (n, C, H, W) decoder features of the frame.
            lq (Tensor): (n, 3, h, w) its input frame, RGB; ``upscale * h = 2^k H``.

        Returns:
            Tensor: (n, 3, upscale * h, upscale * w) RGB.
        """
        for conv in self.upsamples:
            feat = F.leaky_relu(F.pixel_shuffle(conv(feat), 2), 0.1)
        residual = self.conv_last(F.leaky_relu(self.conv_hr(feat), 0.1))
        if self.upscale == 1:
            if self.zero_mean_residual:
                residual = residual - residual.mean(dim=(2, 3), keepdim=True)
            return residual + lq
        return residual + F.interpolate(lq, scale_factor=self.upscale, mode=self.upsample_mode,
                                        align_corners=False)

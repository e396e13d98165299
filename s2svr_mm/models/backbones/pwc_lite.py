"""PWC-Lite optical flow network (Liu et al., "Learning by Analogy: Reliable Supervision from
Transformations for Unsupervised Optical Flow Estimation", CVPR 2020 -- ARFlow), the flow
network of S2SVR (paper Section 3.2).

A 6-level feature pyramid [16, 32, 64, 96, 128, 192] channels (1/2 ... 1/64 resolution); a
cost volume with search range 4 (81 channels, mean over feature channels); 1x1 ``reduce`` convs +
LeakyReLU(0.1) on image 1's features (ARFlow's ``conv_1x1``); a flow estimator and a context
network *shared* across levels; decoding coarse-to-fine from 1/64 to 1/4, each level's flow
upsampled x4 (bilinear) to give outputs at 1/16, 1/8, 1/4, 1/2 and 1 of the input.

Initialisation (:func:`init_like_arflow`): every convolution gets Kaiming-normal weights
(fan-in, gain sqrt(2)) and zero biases, the initialisation ARFlow's ``PWCLite.init_weights``
writes (``models/pwclite.py``); then the two convolutions that output flow (the estimator's
``predict_flow`` and the context network's last) are scaled by ``flow_head_gain``.
Measured on fresh networks (astronaut at 128x128 against a copy rolled by (3, 2) px and two
noise images, seeds 0-2):

* PyTorch's default init (random biases): the 1/64 features of the photo and of noise differ
  by 0.03% of their magnitude, and the flows for (a, b), (b, a) and noise by 1e-4 px out of
  3.5 px: a constant field.
* Kaiming + zero biases: the deepest features differ by 43%, the flows by 1.5 px (a, b vs
  b, a) and 2.6 px (photo vs noise) out of 13.5 px. But the flows are large: 13.5 px at
  128x128, 28 px at 256x256 (each level's head starts at unit scale and the value doubles at
  every x2 upsampling), and 15 px on a 16x16 frame (padded to 64x64 inside), where every warp
  then samples outside the frame: an S2SVR whose flow net was unfrozen got no gradient into
  it (``tests/test_models/test_editors/test_s2svr.py``).
* Kaiming + zero biases with ``flow_head_gain=0.1`` (the default): flows of 1.2 px at 128x128
  and 0.5 px at 32x32 that differ by the same ~10-20% between (a, b), (b, a) and noise.

Normalised cost volume (``normalize_features=True``, a deviation; default off): with ARFlow's
raw features, all positive after the LeakyReLUs, a fresh network's cost volume is dominated by
feature magnitude and peaks at one offset whatever the motion. Astronaut at 128x128 against a
copy moved by (8, -4) px, seeds 0-3: the per-pixel argmax is at the true displacement for
2-5% of the pixels at 1/2 resolution and 4-11% at 1/4; with each pixel's feature vector
centred and scaled to unit length, 98% and 100%
(:func:`s2svr_mm.flow_evaluation.cost_volume_accuracy`, docs/flow.md). So the estimator has a
signal to read from the first iteration; trained with it, supervised PWC-Lites left the loss
plateau within about 1,500 iterations and beat zero flow in warp error on real frames by up to
3.6 dB, where the raw ones gained at most 0.5 dB (docs/flow.md, 2026-12-04).

Deviations: (1) ``flow_head_gain=0.1`` (1.0 is ARFlow's), for the reason above. (2) ARFlow's
``init_weights`` loops over ``named_modules()``, whose items are ``(name, module)`` pairs, so
its ``isinstance(layer, nn.Conv2d)`` never holds and, as published, ARFlow trains from
PyTorch's default init; we apply the initialisation it writes (that of IRR-PWC, which it
follows), because the default one is a constant field here. (3) ``normalize_features``, above,
where a config sets it.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmagic.registry import MODELS

from ...utils.checkpoint import flow_net_config, load_flow_net_weights, read_checkpoint
from ..flow_utils import resize_flow, warp
from .blocks import conv_lrelu
from .correlation import correlation


def init_like_arflow(module):
    """Kaiming-normal weights (fan-in, LeakyReLU slope 0, i.e. gain sqrt(2)) and zero biases
    for every ``nn.Conv2d`` in ``module`` (ARFlow ``models/pwclite.py``, ``init_weights``;
    see the module docstring for what it measures)."""
    for layer in module.modules():
        if isinstance(layer, nn.Conv2d):
            nn.init.kaiming_normal_(layer.weight)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)


def normalize_features(feat, eps=1e-6):
    """Centre each pixel's feature vector over its channels and scale it to unit L2 length.

    Args:
        feat (Tensor): (n, c, h, w) features.
        eps (float): Floor of the length (a constant vector maps to zeros). Default: 1e-6.

    Returns:
        Tensor: (n, c, h, w); the channel sum of the product of two outputs is their cosine
        similarity.
    """
    feat = feat - feat.mean(dim=1, keepdim=True)
    return feat / feat.norm(dim=1, keepdim=True).clamp_min(eps)


class FlowEstimator(nn.Module):
    """Densely connected flow estimator with reduced width, shared across pyramid levels."""

    def __init__(self, in_channels):
        super().__init__()
        self.conv1 = conv_lrelu(in_channels, 128)
        self.conv2 = conv_lrelu(128, 128)
        self.conv3 = conv_lrelu(128 + 128, 96)
        self.conv4 = conv_lrelu(128 + 96, 64)
        self.conv5 = conv_lrelu(96 + 64, 32)
        self.predict_flow = nn.Conv2d(64 + 32, 2, 3, 1, 1)
        self.out_channels = 32

    def forward(self, x):
        """x (n, in, h, w) -> (features (n, 32, h, w), flow residual (n, 2, h, w))."""
        x1 = self.conv1(x)
        x2 = self.conv2(x1)
        x3 = self.conv3(torch.cat([x1, x2], dim=1))
        x4 = self.conv4(torch.cat([x2, x3], dim=1))
        x5 = self.conv5(torch.cat([x3, x4], dim=1))
        return x5, self.predict_flow(torch.cat([x4, x5], dim=1))


class ContextNetwork(nn.Sequential):
    """Dilated context network (dilations 1, 2, 4, 8, 16, 1) refining the flow."""

    def __init__(self, in_channels):
        super().__init__(
            conv_lrelu(in_channels, 128, dilation=1), conv_lrelu(128, 128, dilation=2),
            conv_lrelu(128, 128, dilation=4), conv_lrelu(128, 96, dilation=8),
            conv_lrelu(96, 64, dilation=16), conv_lrelu(64, 32, dilation=1),
            nn.Conv2d(32, 2, 3, 1, 1))


@MODELS.register_module()
class PWCLite(BaseModule):
    """PWC-Lite (ARFlow, CVPR 2020) optical flow network.

    Direction: ``forward(img1, img2)`` returns the flow **from img1 to img2** in pixels:
    pixel p of img1 moves to p + F(p) in img2, so ``flow_warp(img2, F)`` reconstructs img1.
    If img2 is img1 shifted right by dx pixels (img2(x + dx) = img1(x)), then F_x = +dx.

    Args:
        pyramid_channels (Sequence[int]): Channels of the 6 pyramid levels (1/2 ... 1/64).
            Default: (16, 32, 64, 96, 128, 192).
        search_range (int): Max displacement d of the cost volume in pixels at each level;
            the volume has (2d+1)^2 channels. Default: 4.
        reduced_channels (int): Width of the 1x1 convs that reduce each level's features
            before the shared estimator. Default: 32.
        reduce_activation (bool): LeakyReLU(0.1) after each 1x1 ``reduce`` conv, as ARFlow's
            ``conv_1x1`` (and the authors' VR-Baseline) has. False is the legacy network of this
            project, without it: the shipped ``sr.pth`` and ``decompress.pth`` were trained so
            and their configs set it. The flag adds no parameter and keeps the state-dict keys
            (the activation is applied functionally). Default: True.
        flow_head_gain (float): Factor on the initial weights of the two flow-output convs
            (see the module docstring; 1.0 is ARFlow's init). Only the initialisation depends
            on it. Default: 0.1.
        normalize_features (bool): Build the cost volume from normalised features
            (:func:`normalize_features`: each pixel's feature vector centred over its channels
            and scaled to unit length, so a cost is a cosine similarity in [-1, 1]) instead of
            ARFlow's raw ones. Not in ARFlow or the paper (see the module docstring for the
            measurement). No parameter is added. Default: False (ARFlow's; the networks
            trained before it exist).
        num_decoded_levels (int): Levels decoded coarse-to-fine from the coarsest; 5 stops
            at 1/4 resolution. Default: 5.
        pretrained (str, optional): Checkpoint of a PWC-Lite (a plain state dict, or a
            ``FlowPretrainer`` checkpoint, whose student is taken). Default: None.

    Raises:
        ValueError: for ``num_decoded_levels`` outside [1, len(pyramid_channels)], or a
            ``pretrained`` checkpoint whose recorded config
            (:func:`~s2svr_mm.utils.flow_net_config`) has another ``normalize_features``,
            ``num_decoded_levels`` or (when it records one) ``reduce_activation``: the weights
            would load but give a wrong flow (:attr:`SILENTLY_LOADING_OPTIONS`).
    """

    def __init__(self, pyramid_channels=(16, 32, 64, 96, 128, 192), search_range=4,
                 reduced_channels=32, reduce_activation=True, num_decoded_levels=5,
                 flow_head_gain=0.1, normalize_features=False, pretrained=None):
        super().__init__()
        if not 1 <= num_decoded_levels <= len(pyramid_channels):
            raise ValueError(f'num_decoded_levels must be in [1, {len(pyramid_channels)}], '
                             f'got {num_decoded_levels}')
        self.search_range = search_range
        self.reduce_activation = reduce_activation
        self.normalize_features = normalize_features
        self.num_decoded_levels = num_decoded_levels
        self.divisor = 2**len(pyramid_channels)
        in_chs = (3, ) + tuple(pyramid_channels[:-1])
        self.feature_pyramid = nn.ModuleList(
            nn.Sequential(conv_lrelu(cin, cout, stride=2), conv_lrelu(cout, cout))
            for cin, cout in zip(in_chs, pyramid_channels))
        decoded = list(reversed(pyramid_channels))[:num_decoded_levels]  # coarse -> fine
        self.reduce = nn.ModuleList(nn.Conv2d(ch, reduced_channels, 1) for ch in decoded)
        self.flow_estimator = FlowEstimator((2 * search_range + 1)**2 + reduced_channels + 2)
        self.context_network = ContextNetwork(self.flow_estimator.out_channels + 2)
        # here, not in init_weights(): mmengine's runner calls that after `pretrained` is loaded
        init_like_arflow(self)
        with torch.no_grad():
            self.flow_estimator.predict_flow.weight.mul_(flow_head_gain)
            self.context_network[-1].weight.mul_(flow_head_gain)
        if pretrained is not None:  # loaded here, as MMagic's SPyNet does
            checkpoint = read_checkpoint(pretrained)  # read once, for weights and config
            load_flow_net_weights(self, checkpoint, name=pretrained)
            self._check_recorded_config(checkpoint, pretrained)

    # Options under which another network's weights still load (they add no parameter, or
    # fewer levels take a subset of the keys), with the value a recorded config that omits
    # the option means; None: it cannot be told (the option's default changed when it was
    # added, so an older config without it meant the other value), and it is not checked.
    SILENTLY_LOADING_OPTIONS = dict(normalize_features=False, num_decoded_levels=5,
                                    reduce_activation=None)

    def _check_recorded_config(self, checkpoint, pretrained):
        """Raise ValueError when the config recorded in ``checkpoint`` (the loaded file
        ``pretrained``; :func:`~s2svr_mm.utils.flow_net_config`) set an option of
        :attr:`SILENTLY_LOADING_OPTIONS` otherwise than this network; nothing is checked
        when the checkpoint records no config."""
        recorded = flow_net_config(checkpoint)
        if recorded is None:
            return
        for option, omitted in self.SILENTLY_LOADING_OPTIONS.items():
            value = recorded.get(option, omitted)
            if value is not None and value != getattr(self, option):
                raise ValueError(
                    f'{pretrained} was trained with PWCLite({option}={value!r}); build the '
                    f'flow net with {option}={value!r} to use it (got '
                    f'{getattr(self, option)!r})')

    def extract_features(self, img):
        """img (n, 3, H, W), H and W multiples of 64 -> 6 feature maps, finest (1/2) first.

        A level whose input has a side of 2 pixels or less runs in float32 when CPU autocast
        is on: with torch 2.13 (oneDNN), a bfloat16 stride-2 3x3 convolution of a map 2 pixels
        wide and 4 or more tall returns values of 1e35 and NaN (measured 2026-12-05 with a
        lone ``nn.Conv2d(128, 192, 3, 2, 1)``; 3+ pixels, or 2x2, are right). PWC-Lite meets
        it at its coarsest level when the padded input is 64 pixels on one side and 128 or
        more on the other (a portrait frame up to 64 pixels wide), and ``s2svr-restore``
        runs bfloat16 autocast by default on CPUs that have it.
        """
        feats = []
        for level in self.feature_pyramid:
            if min(img.shape[-2:]) <= 2 and torch.is_autocast_enabled('cpu'):
                with torch.autocast('cpu', enabled=False):
                    img = level(img.float())
            else:
                img = level(img)
            feats.append(img)
        return feats

    def cost_volume(self, feat1, feat2):
        """Cost volume of one pyramid level (before the LeakyReLU).

        Args:
            feat1 (Tensor): (n, c, h, w) features of img1.
            feat2 (Tensor): (n, c, h, w) features of img2, warped towards img1.

        Returns:
            Tensor: (n, (2d+1)^2, h, w), d = ``search_range``: channel-mean products of the raw
            features (ARFlow), or with ``normalize_features`` cosine similarities.
        """
        if self.normalize_features:
            return correlation(normalize_features(feat1), normalize_features(feat2),
                               self.search_range) * feat1.shape[1]  # channel mean -> cosine
        return correlation(feat1, feat2, self.search_range)

    def decode(self, feats1, feats2):
        """Coarse-to-fine flow estimation from img1's to img2's pyramid features.

        Returns:
            list[Tensor]: ``num_decoded_levels`` flows (n, 2, h_l, w_l) in pixels of their own
            level, coarsest (1/64) first.
        """
        flows, flow = [], None
        coarse_to_fine = list(zip(feats1[::-1], feats2[::-1]))[:self.num_decoded_levels]
        for reduce, (f1, f2) in zip(self.reduce, coarse_to_fine):
            if flow is None:
                flow = f1.new_zeros(f1.shape[0], 2, *f1.shape[-2:])
            else:
                flow = resize_flow(flow, f1.shape[-2:])
                f2 = warp(f2, flow)
            cost = F.leaky_relu(self.cost_volume(f1, f2), 0.1)
            reduced = reduce(f1)
            if self.reduce_activation:
                reduced = F.leaky_relu(reduced, 0.1)
            feat, residual = self.flow_estimator(torch.cat([cost, reduced, flow], dim=1))
            flow = flow + residual
            flow = flow + self.context_network(torch.cat([feat, flow], dim=1))
            flows.append(flow)
        return flows

    def _pad(self, img):
        h, w = img.shape[-2:]
        pad_h, pad_w = (-h) % self.divisor, (-w) % self.divisor
        return F.pad(img, [0, pad_w, 0, pad_h], mode='replicate')

    def _outputs(self, level_flows, padded_width, size):
        """x4-upsample each decoded flow and crop the padding away; finest first.

        A flow of width w' over a padded input of width W has stride W / w'; its crop keeps
        ceil(h / stride) x ceil(w / stride) of the original (h, w).
        """
        outs = []
        for flow in reversed(level_flows):
            flow = resize_flow(flow, [4 * s for s in flow.shape[-2:]])
            stride = padded_width // flow.shape[-1]
            outs.append(flow[..., :-(-size[0] // stride), :-(-size[1] // stride)])
        return outs

    def forward_pyramid(self, img1, img2, bidirectional=True):
        """Multi-scale flows for the unsupervised losses (paper Section 3.3).

        Args:
            img1 (Tensor): (n, 3, h, w) RGB in [0, 1].
            img2 (Tensor): (n, 3, h, w) RGB in [0, 1]. Any h, w: padded (replicate) to a
                multiple of 64 internally, and every output is cropped back.
            bidirectional (bool): Also return the flows from img2 to img1. Default: True.

        Returns:
            dict: ``flows_12`` (and ``flows_21``): lists of ``num_decoded_levels`` flows
            (n, 2, ceil(h/s), ceil(w/s)) in pixels of their own scale, finest first
            (s = 1, 2, 4, 8, 16 for the default 5 levels).
        """
        if img1.shape != img2.shape or img1.dim() != 4 or img1.shape[1] != 3:
            raise ValueError(f'img1 and img2 must both be (n, 3, h, w); got '
                             f'{tuple(img1.shape)} and {tuple(img2.shape)}')
        size, n = img1.shape[-2:], img1.shape[0]
        padded = self._pad(torch.cat([img1, img2], dim=0))
        feats = self.extract_features(padded)
        feats1 = [f[:n] for f in feats]
        feats2 = [f[n:] for f in feats]
        if bidirectional:  # decode both directions in one batch
            level_flows = self.decode([torch.cat([a, b]) for a, b in zip(feats1, feats2)],
                                      [torch.cat([b, a]) for a, b in zip(feats1, feats2)])
            flows = self._outputs(level_flows, padded.shape[-1], size)
            return dict(flows_12=[f[:n] for f in flows], flows_21=[f[n:] for f in flows])
        return dict(flows_12=self._outputs(self.decode(feats1, feats2), padded.shape[-1], size))

    def forward(self, img1, img2):
        """Full-resolution flow from img1 to img2.

        Args:
            img1 (Tensor): (n, 3, h, w) RGB in [0, 1].
            img2 (Tensor): (n, 3, h, w) RGB in [0, 1].

        Returns:
            Tensor: (n, 2, h, w) flow in pixels from img1 to img2 (see class docstring).

        Raises:
            ValueError: if the inputs are not two (n, 3, h, w) tensors of the same shape.
        """
        return self.forward_pyramid(img1, img2, bidirectional=False)['flows_12'][0]

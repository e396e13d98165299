"""S2SVR generator (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence Learning for
Video Restoration", ICML 2022, Section 3, Fig. 2).

``forward`` = ``compute_flow`` -> ``encode`` -> ``decode`` (the head upsamples inside each
decoding step). Flow conventions follow MMagic's BasicVSR: ``flows_forward[:, i]`` (i -> i+1
propagation) aligns frame i to frame i+1 (it is the flow from frame i+1 to frame i), and
``flows_backward[:, i]`` aligns frame i+1 to frame i (the flow from frame i to frame i+1).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmagic.registry import MODELS

from ..flow_utils import global_flows, neighbour_flows, resize_flow, warp
from .blocks import LocalAttention, ResConvGRU, conv_lrelu
from .chunking import check_chunking, restore_in_chunks
from .heads import OutputHead
from .legacy_keys import revise_legacy_keys


@MODELS.register_module()
class S2SVRNet(BaseModule):
    """S2SVR: flow-aligned ResConvGRU encoder-decoder with local attention.

    Encoder (Section 3.1, Eq. 8-9): ``num_layers`` ResConvGRU layers over the whole sequence;
    the first is bidirectional (a forward pass, then a backward pass that fuses the forward
    state of each frame), the others run forward in time with the inter-layer residual
    ``z^l_t = z^{l-1}_t + F_b(F_g(h^l_{t-1}, z^{l-1}_t))``. Every recurrence warps its state to
    the current frame first (Eq. 8). The latents are the top layer's ``z_t``.

    Decoder (Section 3.1, Eq. 5-7): an autoregressive ResConvGRU stack started from the
    encoder's final states (each layer's state at the last frame) and run from the last frame
    to the first, as in the authors' released code. At step i it warps its states from frame
    i+1 to frame i, re-encodes its previous output frame (warped likewise; the first step uses
    ``z_{t-1}``), attends with its top state ``s_{i-1}`` over the flow-aligned latents
    ``z_j, j in [i-r, i+r]`` (only frames that exist: 1 + min(r, i) + min(r, t-1-i) candidates
    near the ends, softmax over those), and emits frame i through the head.

    ``z_j`` is aligned to frame i for ``|i - j| > 1`` by warping it one frame at a time
    (j -> j+1 -> ... -> i with ``flows_forward``, or j -> j-1 -> ... -> i with
    ``flows_backward``): the flows are composed by resampling, never summed.

    Args:
        mid_channels (int): Channels C of every hidden state. Default: 64.
        num_blocks (int): Residual blocks after each ConvGRU. Default: 13.
        num_layers (int): Layers L of the encoder and of the decoder. Default: 3.
        attention_radius (int): r >= 0; attention over 2r + 1 frames. r = 0 uses ``z_i`` itself
            as the context (no attention parameters are built). Default: 1.
        is_low_res_input (bool): True: x4 super-resolution (pixel shuffle head + bilinear skip).
            False: same-size restoration with a residual to the input. Default: True.
        downsample (int): Power of two d; features run at 1/d of the input (strided convs in,
            pixel shuffle out; BasicVSR++'s speed extension). Inputs whose sides are not
            multiples of d are padded (replicate) and cropped back. Default: 1.
        flow_resolution (tuple[int, int], optional): Size (h, w) at which flows are estimated
            (the released code uses (256, 256)); flows are resized and rescaled back to the
            feature size. None: the input size. Default: None.
        flow_downsample (int): With ``flow_resolution=None``: flows estimated on the frames
            resized (bilinear) to 1/``flow_downsample`` of the input, rescaled back; unlike a
            fixed size this follows the input's size (crops and whole videos). Default: 1.
        flow_upscale (int): With ``flow_resolution=None``: flows estimated on the frames
            resized (bilinear) to ``flow_upscale`` times the input, rescaled back; for x4 SR, 4
            runs the flow net at the HQ size (not in the paper; issue #15, docs/flow.md: on x4
            LQ frames the warp gain of the flow over zero flow rises from -0.37 / -0.20 dB to
            +2.35 / +1.17 dB, bikes / vtest, student without L_dis). Default: 1.
        flow_net (dict): Config of the flow network. Default: ``dict(type='PWCLite')``.
        flow_pretrained (str, optional): Checkpoint for the flow network (e.g. the student of
            ``FlowPretrainer``). Default: None.
        chunk_size (int, optional): In eval mode, sequences longer than this are restored in
            overlapping chunks (see :meth:`forward_chunked`). Default: None (one shot).
        chunk_overlap (int): Context frames on each side of a chunk. Default: 2.
        upsample_mode (str): x4 skip connection, ``'bilinear'`` or ``'bicubic'``
            (:class:`~.heads.OutputHead`). Default: 'bilinear'.
        symmetric_flow (bool): Forward-backward symmetrisation of the flows
            (:func:`~s2svr_mm.models.flow_utils.symmetrize_flows`; not in the paper, issue #15:
            the warp gain on real frames rises from -1.19 / +0.43 / -10.0 dB to +0.43 / +0.82 /
            +0.40 dB, vtest / bikes / box, docs/flow.md). Default: False.
        zero_flow (bool): Ablation of motion compensation: all flows zero (the flow network is
            still built, so the same checkpoint loads). Default: False.
        zero_mean_residual (bool): Same-size only: a residual with zero mean per frame and
            channel (:class:`~.heads.OutputHead`; not in the paper). Default: False.
        zero_init_head (bool, optional): Zero-initialised last convolution of the head, so a
            fresh model returns its skip (:class:`~.heads.OutputHead` ``zero_init``; not in the
            paper). None: True for same-size restoration, False for SR. Default: None.
        warp_padding (str): What a warped state holds where its flow points outside the frame:
            ``'zeros'`` (MMagic's ``flow_warp`` default, BasicVSR) or ``'border'`` (the nearest
            edge value; for deblurring with DIS flow it scored as zeros, +0.02 dB at 800
            iterations, docs/results.md). Default: 'zeros'.
        warp_interpolation (str): How a state is sampled at ``p + flow(p)``: ``'bilinear'``
            (the paper, BasicVSR) or ``'nearest'`` (not in the paper; a diagnostic of issue
            #17: bilinear warping low-passes every recurrent state once per frame, nearest
            does not, at the cost of up to 0.5 px of misalignment; no gradient reaches the
            flow through the sampling positions, so use it with a frozen flow: 30.167 dB at 800
            iterations against 30.167 bilinear, docs/results.md). Default: 'bilinear'.
        flow_input (bool): Also feed the first encoder layer each frame's flows to its previous
            and next frame (4 channels, pixels of the feature grid, zero where there is no
            such frame; :meth:`motion_inputs`). Not in the paper: a diagnostic of issue #17,
            where aligning the states removes the frame-to-frame displacement that tells a
            deblurring model the length and direction of the blur (with DIS flow the
            deblurring recipe rose from 29.93 to 30.68 dB at 1,600 iterations; zero flow 30.78;
            docs/results.md). Zero with ``zero_flow=True``. Default: False.
        motion_compensation (bool): Warp the recurrent states and latents with the flows
            (Eq. 8, Section 3.2). False, with ``flow_input=True`` only: the flows are
            estimated and fed to the first encoder layer, but nothing is warped (the zero-flow
            model given the motion as an input; a diagnostic of issue #17, not in the paper).
            Default: True.
        global_flow (bool): Replace each flow field by its median translation
            (:func:`~s2svr_mm.models.flow_utils.global_flows`): only the camera's motion is
            compensated or fed as ``flow_input``, the objects stay unaligned. Not in the paper:
            issue #17, where the real clips' static-camera blur is undone at the same pixel over
            +-7 frames and the held-out sequences' camera moves (with ``flow_input=True`` and
            ``motion_compensation=False``: +0.39 dB on the real pair and -0.30 held out at 1,600
            iterations, zero flow +0.50 / -0.48; docs/results.md). Default: False.

    A fresh same-size model returns its input exactly (:class:`~.heads.OutputHead`), and so
    does a fresh SR model with ``zero_init_head=True`` (its input interpolated x4).
    Memory format: after
    ``model.to(memory_format=torch.channels_last)`` the frames are laid out likewise (on CPU
    about 15% faster, outputs equal within 1e-6: ``tools/bench_speedups.py``).

    Raises:
        ValueError: for ``num_layers < 1``, ``attention_radius < 0``, a ``downsample`` that is
            not a power of two, ``flow_downsample`` or ``flow_upscale`` not an integer >= 1,
            two of ``flow_resolution``, ``flow_downsample > 1`` and ``flow_upscale > 1`` set,
            bad chunking arguments, an unknown ``upsample_mode``, ``warp_padding`` or
            ``warp_interpolation``, or
            ``zero_mean_residual`` with ``is_low_res_input``, or ``motion_compensation=False``
            without ``flow_input`` (use ``zero_flow=True``).
    """

    def __init__(self, mid_channels=64, num_blocks=13, num_layers=3, attention_radius=1,
                 is_low_res_input=True, downsample=1, flow_resolution=None,
                 flow_downsample=1, flow_upscale=1, flow_net=dict(type='PWCLite'),
                 flow_pretrained=None,
                 chunk_size=None, chunk_overlap=2, upsample_mode='bilinear', symmetric_flow=False,
                 zero_flow=False, zero_mean_residual=False, zero_init_head=None,
                 warp_padding='zeros', warp_interpolation='bilinear', flow_input=False,
                 motion_compensation=True, global_flow=False):
        super().__init__()
        if num_layers < 1 or attention_radius < 0:
            raise ValueError(f'need num_layers >= 1 and attention_radius >= 0, got '
                             f'{num_layers} and {attention_radius}')
        if downsample < 1 or downsample & (downsample - 1):
            raise ValueError(f'downsample must be a power of two, got {downsample}')
        for name, factor in (('flow_downsample', flow_downsample),
                             ('flow_upscale', flow_upscale)):
            if int(factor) != factor or factor < 1:
                raise ValueError(f'{name} must be an integer >= 1, got {factor}')
        if sum((bool(flow_resolution), flow_downsample > 1, flow_upscale > 1)) > 1:
            raise ValueError('set at most one of flow_resolution, flow_downsample and '
                             'flow_upscale')
        if chunk_size is not None:
            check_chunking(chunk_size, chunk_overlap)
        if warp_padding not in ('zeros', 'border'):
            raise ValueError(f"warp_padding must be 'zeros' or 'border', got {warp_padding!r}")
        if warp_interpolation not in ('bilinear', 'nearest'):
            raise ValueError("warp_interpolation must be 'bilinear' or 'nearest', "
                             f'got {warp_interpolation!r}')
        if not motion_compensation and not flow_input:
            raise ValueError('motion_compensation=False estimates flows only for flow_input=True;'
                             ' without it use zero_flow=True')
        self.mid_channels = mid_channels
        self.attention_radius = attention_radius
        self.is_low_res_input = is_low_res_input
        self.downsample = downsample
        self.upscale = 4 if is_low_res_input else 1
        self.flow_resolution = tuple(flow_resolution) if flow_resolution else None
        self.flow_downsample = int(flow_downsample)
        self.flow_upscale = int(flow_upscale)
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.symmetric_flow = symmetric_flow
        self.zero_flow = zero_flow
        self.warp_padding = warp_padding
        self.warp_interpolation = warp_interpolation
        self.flow_input = flow_input
        self.motion_compensation = motion_compensation
        self.global_flow = global_flow

        flow_net = dict(flow_net)
        if flow_pretrained is not None:
            flow_net['pretrained'] = flow_pretrained
        self.flow_net = MODELS.build(flow_net)

        c, n_down = mid_channels, int(math.log2(downsample))
        in_channels = (3 if downsample == 1 else c) + (4 if flow_input else 0)
        self.feat_extract = nn.Sequential(conv_lrelu(3, c, 2), *(
            conv_lrelu(c, c, 2) for _ in range(n_down - 1))) if downsample > 1 else None
        # encoder (Eq. 8-9)
        self.encoder_forward = ResConvGRU(c, in_channels, num_blocks)
        self.encoder_backward = ResConvGRU(c, in_channels, num_blocks, fuse_state=True)
        self.encoder_layers = nn.ModuleList(
            ResConvGRU(c, c, num_blocks) for _ in range(num_layers - 1))
        # decoder (Eq. 5-7, 9)
        self.attention = LocalAttention(c) if attention_radius > 0 else None
        self.decoder_fusion = conv_lrelu(2 * c, c)
        self.decoder_layers = nn.ModuleList(ResConvGRU(c, c, num_blocks) for _ in range(num_layers))
        # output frame <-> features at 1/ratio of the output size
        n_up = int(math.log2(self.upscale * downsample))
        self.frame_encoder = nn.Sequential(conv_lrelu(3, c), *(
            conv_lrelu(c, c, 2) for _ in range(n_up)), conv_lrelu(c, c))
        self.head = OutputHead(c, n_up, self.upscale, upsample_mode, zero_mean_residual,
                               zero_init_head)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        """Also reads checkpoints written before the named head (:mod:`.legacy_keys`)."""
        revise_legacy_keys(state_dict, prefix, len(self.head.upsamples))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    # ------------------------------------------------------------------ stages
    def compute_flow(self, lqs):
        """Flows between neighbouring frames, once per sequence, at the feature resolution.

        Args:
            lqs (Tensor): (n, t, 3, h, w) RGB in [0, 1], t >= 2.

        Returns:
            tuple[Tensor, Tensor]: ``flows_forward``, ``flows_backward``, each
            (n, t-1, 2, h/d, w/d) in pixels of the feature grid. ``flows_forward[:, i]`` is the
            flow from frame i+1 to frame i (aligns frame i to i+1); ``flows_backward[:, i]`` is
            the flow from frame i to frame i+1 (aligns frame i+1 to frame i). All zeros with
            ``zero_flow=True``; each field its median translation with ``global_flow=True``.
        """
        n, t, _, h, w = lqs.shape
        size = (h // self.downsample, w // self.downsample)
        if self.zero_flow:
            zeros = lqs.new_zeros(n, t - 1, 2, *size)
            return zeros, zeros
        flow_size = self.flow_resolution
        if flow_size is None and self.flow_downsample > 1:
            flow_size = (max(h // self.flow_downsample, 1), max(w // self.flow_downsample, 1))
        elif flow_size is None and self.flow_upscale > 1:
            flow_size = (h * self.flow_upscale, w * self.flow_upscale)
        flows_12, flows_21 = neighbour_flows(self.flow_net, lqs, flow_size, self.symmetric_flow)
        flows_forward = resize_flow(flows_21, size).view(n, t - 1, 2, *size)
        flows_backward = resize_flow(flows_12, size).view(n, t - 1, 2, *size)
        if self.global_flow:
            return global_flows(flows_forward), global_flows(flows_backward)
        return flows_forward, flows_backward

    @staticmethod
    def motion_inputs(feats, flows_forward, flows_backward):
        """The flow channels of ``flow_input=True``: for each frame i, the flow from i to i-1
        (``flows_forward[:, i-1]``) and from i to i+1 (``flows_backward[:, i]``), zeros at the
        first and last frame (all zeros for a single frame).

        Args:
            feats (Tensor): (n, t, C, H, W), the frames' features (their size and device).
            flows_forward, flows_backward (Tensor | None): (n, t-1, 2, H, W), see
                :meth:`compute_flow`; None when t = 1.

        Returns:
            Tensor: (n, t, 4, H, W) in pixels, channels (x, y) to the previous frame then
            (x, y) to the next.
        """
        if flows_forward is None:
            return feats.new_zeros(*feats.shape[:2], 4, *feats.shape[-2:])
        zero = torch.zeros_like(flows_forward[:, :1])
        to_prev = torch.cat([zero, flows_forward], dim=1)
        to_next = torch.cat([flows_backward, zero], dim=1)
        return torch.cat([to_prev, to_next], dim=2)

    def warp(self, feat, flow):
        """Backward-warp (n, C, H, W) ``feat`` with (n, 2, H, W) ``flow`` (pixels, from the
        target frame to ``feat``'s frame; :func:`~s2svr_mm.models.flow_utils.warp`), padding
        with ``warp_padding``, sampling with ``warp_interpolation``."""
        return warp(feat, flow, self.warp_padding, self.warp_interpolation)

    def _recur(self, cell, inputs, flows, reverse=False, other_states=None):
        """Run one ResConvGRU over time, warping the state to each new frame (Eq. 8).

        ``inputs``: list of t tensors (n, C_in, H, W); ``flows``: ``flows_forward`` for a
        forward pass, ``flows_backward`` for a backward one. Returns the t states in frame order.
        """
        t = len(inputs)
        n, _, h, w = inputs[0].shape
        state = inputs[0].new_zeros(n, self.mid_channels, h, w)
        states = [None] * t
        for step, i in enumerate(range(t - 1, -1, -1) if reverse else range(t)):
            if step > 0:
                state = self.warp(state, flows[:, i] if reverse else flows[:, i - 1])
            other = None if other_states is None else other_states[i]
            state = cell(state, inputs[i], other)
            states[i] = state
        return states

    def encode(self, feats, flows_forward, flows_backward):
        """Encoder (Section 3.1): bidirectional first layer, then residual forward layers.

        Args:
            feats (Tensor): (n, t, C_in, H, W) inputs at the feature grid (RGB if d = 1).
            flows_forward, flows_backward (Tensor | None): (n, t-1, 2, H, W), see
                :meth:`compute_flow`; None when t = 1.

        Returns:
            tuple[Tensor, list[Tensor]]: latents z (n, t, C, H, W), and each layer's final
            state (n, C, H, W) at the last frame (L tensors, first layer first).
        """
        inputs = list(feats.unbind(1))
        states_f = self._recur(self.encoder_forward, inputs, flows_forward)
        latents = self._recur(self.encoder_backward, inputs, flows_backward, reverse=True,
                              other_states=states_f)
        final_states = [states_f[-1]]
        for layer in self.encoder_layers:
            states = self._recur(layer, latents, flows_forward)
            latents = [z + s for z, s in zip(latents, states)]  # Eq. 9
            final_states.append(states[-1])
        return torch.stack(latents, dim=1), final_states

    def align_latent(self, latents, j, i, flows_forward, flows_backward):
        """Warp ``z_j`` to frame i one frame at a time (Section 3.2); (n, C, H, W)."""
        z = latents[:, j]
        for k in range(j, i):  # j -> j+1 -> ... -> i
            z = self.warp(z, flows_forward[:, k])
        for k in range(j - 1, i - 1, -1):  # j -> j-1 -> ... -> i
            z = self.warp(z, flows_backward[:, k])
        return z

    def attend(self, query, latents, i, flows_forward, flows_backward):
        """Context c_i (n, C, H, W) from the latents within ``attention_radius`` of frame i."""
        if self.attention is None:
            return latents[:, i]
        r, t = self.attention_radius, latents.shape[1]
        candidates = [self.align_latent(latents, j, i, flows_forward, flows_backward)
                      for j in range(max(0, i - r), min(t, i + r + 1))]
        return self.attention(query, torch.stack(candidates, dim=1))

    def decode(self, latents, states, flows_forward, flows_backward, lqs):
        """Autoregressive decoder with local attention (Section 3.1-3.2, Eq. 5-7, 9).

        Args:
            latents (Tensor): (n, t, C, H, W) encoder latents.
            states (list[Tensor]): L initial states (n, C, H, W), from :meth:`encode`.
            flows_forward, flows_backward (Tensor | None): see :meth:`compute_flow`.
            lqs (Tensor): (n, t, 3, h, w) inputs, for the head's skip connection.

        Returns:
            Tensor: (n, t, 3, 4h, 4w) for SR, else (n, t, 3, h, w).
        """
        t = latents.shape[1]
        states = list(states)
        outputs = output = None  # (n, t, 3, H', W'), filled from the last frame, no stacking
        x = latents[:, -1]
        for i in range(t - 1, -1, -1):
            if i < t - 1:  # move states and the previous output from frame i+1 to frame i
                flow = flows_backward[:, i]
                states = [self.warp(s, flow) for s in states]
                x = self.warp(self.frame_encoder(output), flow)
            context = self.attend(states[-1], latents, i, flows_forward, flows_backward)
            feat = self.decoder_fusion(torch.cat([x, context], dim=1))
            for layer_idx, layer in enumerate(self.decoder_layers):
                states[layer_idx] = layer(states[layer_idx], feat)
                feat = states[layer_idx] if layer_idx == 0 else feat + states[layer_idx]
            output = self.head(feat, lqs[:, i])
            if outputs is None:
                outputs = output.new_empty((output.shape[0], t) + output.shape[1:])
            outputs[:, i] = output
        return outputs

    # ------------------------------------------------------------------ entry points
    def forward_one_shot(self, lqs):
        """Restore a whole sequence at once; see :meth:`forward` for shapes."""
        n, t, c, h, w = lqs.shape
        d = self.downsample
        pad_h, pad_w = (-h) % d, (-w) % d
        if pad_h or pad_w:
            lqs = F.pad(lqs.view(n * t, c, h, w), [0, pad_w, 0, pad_h],
                        mode='replicate').view(n, t, c, h + pad_h, w + pad_w)
        if self.frame_encoder[0][0].weight.is_contiguous(memory_format=torch.channels_last):
            # model.to(memory_format=torch.channels_last): lay the frames out likewise
            lqs = lqs.flatten(0, 1).contiguous(memory_format=torch.channels_last).unflatten(
                0, lqs.shape[:2])
        flows_forward, flows_backward = self.compute_flow(lqs) if t > 1 else (None, None)
        feats = lqs if self.feat_extract is None else self.feat_extract(
            lqs.flatten(0, 1)).unflatten(0, (n, t))
        if self.flow_input:
            feats = torch.cat([feats, self.motion_inputs(feats, flows_forward, flows_backward)],
                              dim=2)
        if not self.motion_compensation and flows_forward is not None:
            flows_forward = flows_backward = torch.zeros_like(flows_forward)
        latents, states = self.encode(feats, flows_forward, flows_backward)
        outputs = self.decode(latents, states, flows_forward, flows_backward, lqs)
        return outputs[..., :self.upscale * h, :self.upscale * w]

    def forward_chunked(self, lqs, chunk_size, overlap):
        """Restore a long sequence in overlapping chunks with bounded memory: each segment of
        ``chunk_size - 2 * overlap`` output frames from its own chunk, with up to ``overlap``
        frames of context on both sides (the first encoder layer is bidirectional);
        :func:`~s2svr_mm.models.backbones.chunking.restore_in_chunks`. Shapes as
        :meth:`forward`; ``chunk_size >= t`` is :meth:`forward_one_shot`.

        Raises:
            ValueError: unless ``overlap >= 0`` and ``chunk_size > 2 * overlap``.
        """
        return restore_in_chunks(self.forward_one_shot, lqs, chunk_size, overlap)

    def forward(self, lqs):
        """Restore a sequence.

        Args:
            lqs (Tensor): (n, t, 3, h, w) degraded frames, RGB in [0, 1], t >= 1.

        Returns:
            Tensor: (n, t, 3, 4h, 4w) if ``is_low_res_input`` else (n, t, 3, h, w), RGB.

        Raises:
            ValueError: if ``lqs`` is not (n, t, 3, h, w).
        """
        if lqs.dim() != 5 or lqs.shape[2] != 3:
            raise ValueError(f'lqs must be (n, t, 3, h, w), got {tuple(lqs.shape)}')
        if not self.training and self.chunk_size is not None:
            return self.forward_chunked(lqs, self.chunk_size, self.chunk_overlap)
        return self.forward_one_shot(lqs)

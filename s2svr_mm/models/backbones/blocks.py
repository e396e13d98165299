"""Building blocks of S2SVR (Lin et al., "Unsupervised Flow-Aligned Sequence-to-Sequence
Learning for Video Restoration", ICML 2022), each next to the equation it implements, and the
one 3x3 conv + LeakyReLU helper of the backbones (S2SVR and PWC-Lite).

All feature maps are ``(n, c, h, w)``; flows are ``(n, 2, h, w)`` in pixels, channel 0 = x.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmagic.models.archs import ResidualBlockNoBN
from mmagic.models.utils import make_layer


def conv_lrelu(in_channels, out_channels, stride=1, dilation=1):
    """3x3 convolution + LeakyReLU(0.1) ('same' padding at stride 1), as
    ``nn.Sequential(conv, lrelu)``: the layer of ARFlow's ``conv`` helper and of BasicVSR's
    feature extraction."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, stride, dilation, dilation=dilation),
        nn.LeakyReLU(0.1, inplace=True))


class ConvGRU(nn.Module):
    """Convolutional GRU cell with 3x3 gates (Ballas et al., 2016; paper Eq. 2-4).

    Args:
        hidden_channels (int): Channels of the hidden state h.
        input_channels (int): Channels of the input x.
    """

    def __init__(self, hidden_channels, input_channels):
        super().__init__()
        in_ch = hidden_channels + input_channels
        self.conv_z = nn.Conv2d(in_ch, hidden_channels, 3, 1, 1)
        self.conv_r = nn.Conv2d(in_ch, hidden_channels, 3, 1, 1)
        self.conv_q = nn.Conv2d(in_ch, hidden_channels, 3, 1, 1)

    def forward(self, h, x):
        """h (n, C_h, H, W), x (n, C_x, H, W) -> new h (n, C_h, H, W).

        ``z = sigma(W_z [h, x])``, ``r = sigma(W_r [h, x])``, ``q = tanh(W_q [r * h, x])``,
        ``h' = (1 - z) h + z q`` (Eq. 2-4; the cell of RAFT's ``ConvGRU``).
        """
        hx = torch.cat([h, x], dim=1)
        z = torch.sigmoid(self.conv_z(hx))
        r = torch.sigmoid(self.conv_r(hx))
        q = torch.tanh(self.conv_q(torch.cat([r * h, x], dim=1)))
        return (1 - z) * h + z * q


class ResConvGRU(nn.Module):
    """ConvGRU followed by ``num_blocks`` residual blocks: ``F_b(F_g(h, x))`` of Eq. 9.

    The inter-layer residual of Eq. 9 (``z^l = z^{l-1} + F_b(F_g(...))``) is applied by the
    caller, which owns the stack of layers.

    With ``fuse_state=True`` (the backward direction of the bidirectional first encoder layer,
    as in the authors' released code) the GRU output is fused with the forward direction's
    state of the same frame by a 3x3 conv (2C -> C) + LeakyReLU before the residual blocks.

    Args:
        mid_channels (int): Channels C of the hidden state.
        input_channels (int): Channels of the input.
        num_blocks (int): Number of ``ResidualBlockNoBN`` after the GRU.
        fuse_state (bool): Whether ``forward`` takes a second state to fuse. Default: False.
    """

    def __init__(self, mid_channels, input_channels, num_blocks, fuse_state=False):
        super().__init__()
        self.gru = ConvGRU(mid_channels, input_channels)
        self.fusion = nn.Conv2d(2 * mid_channels, mid_channels, 3, 1, 1) if fuse_state else None
        self.res_blocks = make_layer(ResidualBlockNoBN, num_blocks, mid_channels=mid_channels)

    def forward(self, h, x, other_state=None):
        """Update the state.

        Args:
            h (Tensor): (n, C, H, W) previous state, already aligned to this frame.
            x (Tensor): (n, C_in, H, W) input of this frame.
            other_state (Tensor, optional): (n, C, H, W) state to fuse; required if and only
                if the layer was built with ``fuse_state=True``.

        Returns:
            Tensor: (n, C, H, W) new state.
        """
        h = self.gru(h, x)
        if self.fusion is not None:
            h = F.leaky_relu(self.fusion(torch.cat([h, other_state], dim=1)), 0.1)
        return self.res_blocks(h)


class LocalAttention(nn.Module):
    """Additive local attention over flow-aligned encoder latents (paper Eq. 5-7).

    ``e_ij = V_a * tanh(W_a * [s_{i-1}, z_j])`` with 3x3 convolutions ``W_a`` (2C -> C) and
    ``V_a`` (C -> C); ``a_ij = softmax_j(e_ij)`` per pixel and channel over the candidates j;
    ``c_i = sum_j a_ij z_j``.

    Args:
        mid_channels (int): Channels C of the query and of the latents.
    """

    def __init__(self, mid_channels):
        super().__init__()
        self.w_a = nn.Conv2d(2 * mid_channels, mid_channels, 3, 1, 1, bias=False)
        self.v_a = nn.Conv2d(mid_channels, mid_channels, 3, 1, 1, bias=False)

    def weights(self, query, latents):
        """Attention weights.

        Args:
            query (Tensor): (n, C, H, W) decoder state s_{i-1}, aligned to frame i.
            latents (Tensor): (n, k, C, H, W) the k candidate latents z_j, aligned to frame i.

        Returns:
            Tensor: (n, k, C, H, W) weights, non-negative, summing to 1 over k.
        """
        n, k, c, h, w = latents.shape
        query = query.unsqueeze(1).expand(-1, k, -1, -1, -1)
        pairs = torch.cat([query, latents], dim=2).flatten(0, 1)
        energy = self.v_a(torch.tanh(self.w_a(pairs))).view(n, k, c, h, w)
        return F.softmax(energy, dim=1)

    def forward(self, query, latents):
        """Context vector c_i (n, C, H, W); arguments as in :meth:`weights`."""
        return (self.weights(query, latents) * latents).sum(dim=1)

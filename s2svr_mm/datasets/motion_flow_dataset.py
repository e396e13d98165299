"""Synthetic-motion sequences with exact optical flow, as MMagic frame datasets for flow
training (``FlowPretrainer``): LQ frames as ``inputs``, HQ frames as ``data_samples.gt_img``
and the ground-truth flows as ``data_samples.gt_flow`` (and ``gt_flow_backward``,
``gt_occlusion``).

The layout is that of ``tools/render_motion_sequences.py``::

    <data_root>/gt/<seq>/%08d.png          HQ frames (RGB)
    <data_root>/<lq>/<seq>/%08d.png        LQ frames: 'gt', 'bix4' (1/4 size), 'bdx4', 'blur',
                                           'hevc_qp37'
    <data_root>/flow_fw/<seq>/%08d.flo     flow from frame i to i+1, GT pixels (Middlebury)
    <data_root>/flow_bw/<seq>/%08d.flo     flow from frame i+1 to i, stored under index i
    <data_root>/occ_fw/<seq>/%08d.png      uint8, 255 = pixel of frame i occluded or out of
                                           view in frame i+1
    <data_root>/meta_info_motion_seqs_{train,val}.txt   '<seq> <num_frames> (h, w, 3)' lines

Flow direction: pixel p of frame i is at p + ``gt_flow[i](p)`` in frame i+1, so MMagic's
``flow_warp(frame_{i+1}, gt_flow[i])`` reconstructs frame i where it is visible.
"""
import os.path as osp

import mmcv
import numpy as np
import torch
from mmcv.transforms import BaseTransform

from mmagic.datasets import BasicFramesDataset
from mmagic.registry import DATASETS, TRANSFORMS

from ..fileio import FRAME_TMPL

#: Size ratio HQ / LQ of each LQ folder of ``tools/render_motion_sequences.py``.
LQ_SCALES = dict(gt=1, bix4=4, bdx4=4, blur=1, hevc_qp37=1)
#: The flow keys of a data sample and the folders they are read from.
FLOW_FOLDERS = dict(gt_flow='flow_fw', gt_flow_backward='flow_bw', gt_occlusion='occ_fw')


def _frame_index(path):
    return int(osp.splitext(osp.basename(path))[0])


@TRANSFORMS.register_module()
class LoadFrameFlows(BaseTransform):
    """Load the ground truth between the consecutive HQ frames chosen by
    ``GenerateSegmentIndices``.

    Required keys: ``gt_path`` (list of t frame paths ``.../<seq>/%08d.png``), ``key`` (the
    sequence) and the folder of each loaded kind (``flow_fw_path``, ``flow_bw_path``,
    ``occ_fw_path``, set by :class:`MotionSequenceFlowDataset`).

    Added keys (torch tensors, HQ size): ``gt_flow`` (t-1, 2, H, W) float32, flow from frame i
    to i+1 in HQ pixels (x, y); with ``backward``, ``gt_flow_backward`` (t-1, 2, H, W), from
    frame i+1 to i; with ``occlusion``, ``gt_occlusion`` (t-1, 1, H, W) float32, 1 where a
    pixel of frame i is occluded or out of view in frame i+1.

    Args:
        backward (bool): Load the backward flows. Default: False.
        occlusion (bool): Load the forward occlusion masks. Default: False.

    Raises:
        ValueError: if the frames are not consecutive (flows exist for interval 1 only).
    """

    def __init__(self, backward=False, occlusion=False):
        self.keys = ['gt_flow'] + ['gt_flow_backward'] * backward + ['gt_occlusion'] * occlusion

    def transform(self, results):
        indices = [_frame_index(p) for p in results['gt_path']]
        if any(b - a != 1 for a, b in zip(indices[:-1], indices[1:])):
            raise ValueError(f'flows join consecutive frames only; got frames {indices} of '
                             f'{results["key"]} (use interval_list=[1])')
        for key in self.keys:
            folder = osp.join(results[f'{FLOW_FOLDERS[key]}_path'], results['key'])
            if key == 'gt_occlusion':
                masks = [mmcv.imread(osp.join(folder, FRAME_TMPL.format(i)),
                                     flag='grayscale') > 127 for i in indices[:-1]]
                results[key] = torch.from_numpy(np.stack(masks)[:, None].astype(np.float32))
            else:
                flows = [mmcv.flowread(osp.join(folder, f'{i:08d}.flo')) for i in indices[:-1]]
                results[key] = torch.from_numpy(np.stack(flows)).permute(0, 3, 1, 2).contiguous()
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(keys={self.keys})'


@TRANSFORMS.register_module()
class PairedRandomCropWithFlows(BaseTransform):
    """MMagic's ``PairedRandomCrop`` that also crops HQ-size flow tensors at the GT window.

    A ``gt_patch_size // scale`` LQ window at a random (top, left) and the GT window at
    (scale * top, scale * left), as ``PairedRandomCrop``; the tensors of ``flow_keys``
    (..., H, W) take the GT window. Flow values are unchanged by a crop.

    Required keys: ``scale``, ``img`` and ``gt`` (lists of (h, w, c) frames), ``flow_keys``.

    Args:
        gt_patch_size (int): Side of the GT crop; a multiple of ``scale``.
        flow_keys (Sequence[str]): Keys of HQ-size tensors to crop where present.
            Default: ``('gt_flow', 'gt_flow_backward', 'gt_occlusion')``.

    Raises:
        ValueError: if the GT is not ``scale`` times the LQ, or the frames are smaller than
            the crop.
    """

    def __init__(self, gt_patch_size, flow_keys=tuple(FLOW_FOLDERS)):
        self.gt_patch_size = gt_patch_size
        self.flow_keys = tuple(flow_keys)

    def transform(self, results):
        scale = results['scale']
        lq_size = self.gt_patch_size // scale
        h, w = results['img'][0].shape[:2]
        h_gt, w_gt = results['gt'][0].shape[:2]
        if (h_gt, w_gt) != (h * scale, w * scale):
            raise ValueError(f'GT ({h_gt}, {w_gt}) is not {scale}x the LQ ({h}, {w}) in '
                             f'{results["key"]}')
        if h < lq_size or w < lq_size:
            raise ValueError(f'LQ ({h}, {w}) of {results["key"]} is smaller than the crop '
                             f'{lq_size}x{lq_size}')
        top, left = np.random.randint(h - lq_size + 1), np.random.randint(w - lq_size + 1)
        results['img'] = [f[top:top + lq_size, left:left + lq_size] for f in results['img']]
        gt_rows = slice(top * scale, top * scale + self.gt_patch_size)
        gt_cols = slice(left * scale, left * scale + self.gt_patch_size)
        results['gt'] = [f[gt_rows, gt_cols] for f in results['gt']]
        for key in self.flow_keys:
            if key in results:
                results[key] = results[key][..., gt_rows, gt_cols].contiguous()
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(gt_patch_size={self.gt_patch_size})'


@TRANSFORMS.register_module()
class StaticPairs(BaseTransform):
    """With probability ``prob``, make the item a static scene: every frame becomes the first
    one (LQ and GT), every flow zero and nothing occluded; the LQ frames then get independent
    Gaussian noise of a standard deviation drawn from [0, ``max_noise``] grey levels (sensor
    noise: real static frames are never identical).

    Why: the motion sequences always move (0.98-8.3 px/frame per sequence), and a flow net
    trained on them alone predicts 0.6-0.8 px of motion on static real scenes (DIS:
    0.03-0.11 px), which costs 1-11 dB of warp error there (docs/flow.md).

    Required keys: ``img``, ``gt`` (lists of frames), ``gt_flow`` and any of
    ``gt_flow_backward``, ``gt_occlusion`` (tensors, see :class:`LoadFrameFlows`).

    Args:
        prob (float): Probability of a static item, in [0, 1]. Default: 0.2.
        max_noise (float): Largest noise standard deviation, grey levels (0-255). Default: 2.
        seed (int, optional): Seed of this transform's own generator (per worker process).
            Default: None (fresh entropy).

    Raises:
        ValueError: for ``prob`` outside [0, 1] or a negative ``max_noise``.
    """

    def __init__(self, prob=0.2, max_noise=2.0, seed=None):
        if not 0 <= prob <= 1 or max_noise < 0:
            raise ValueError(f'need 0 <= prob <= 1 and max_noise >= 0, got {prob}, {max_noise}')
        self.prob = prob
        self.max_noise = max_noise
        self.rng = np.random.default_rng(seed)

    def transform(self, results):
        if self.rng.random() >= self.prob:
            return results
        for key in ('gt_flow', 'gt_flow_backward', 'gt_occlusion'):
            if key in results:
                results[key] = torch.zeros_like(results[key])
        results['gt'] = [results['gt'][0]] * len(results['gt'])
        first = results['img'][0]
        sigma = self.rng.uniform(0, self.max_noise)
        results['img'] = [
            np.clip(first.astype(np.float32) + self.rng.normal(0, sigma, first.shape), 0,
                    255).astype(first.dtype) if sigma > 0 else first
            for _ in results['img']
        ]
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}(prob={self.prob}, max_noise={self.max_noise})'


@TRANSFORMS.register_module()
class FlowAwareFlips(BaseTransform):
    """Random horizontal and vertical flips and a transpose of the frames *and* their flows,
    each with its own probability, so that every camera path is also seen mirrored.

    A horizontal flip mirrors columns and negates the x component of every flow, a vertical one
    mirrors rows and negates y, a transpose swaps rows with columns and x with y; occlusion
    masks only move. The LQ and GT frames take the same operations, so they stay aligned, and
    ``warp(frame_{i+1}, flow_i)`` still reconstructs frame i. ARFlow flips its training pairs
    (``hflip`` in its ``data_aug`` settings); MMagic's ``Flip`` and ``RandomTransposeHW`` do
    not know flows, so flow tensors need this transform.

    Required keys: ``img``, ``gt`` (lists of (h, w, c) frames) and any of ``gt_flow``,
    ``gt_flow_backward`` ((..., 2, H, W) tensors, pixels, channel 0 = x) and ``gt_occlusion``
    ((..., 1, H, W)).

    Args:
        hflip_prob, vflip_prob, transpose_prob (float): Probability of each operation, in
            [0, 1]. Default: 0.5 each.

    Raises:
        ValueError: for a probability outside [0, 1].
    """

    FLOW_KEYS = ('gt_flow', 'gt_flow_backward')

    def __init__(self, hflip_prob=0.5, vflip_prob=0.5, transpose_prob=0.5):
        self.probs = dict(hflip=hflip_prob, vflip=vflip_prob, transpose=transpose_prob)
        if not all(0 <= p <= 1 for p in self.probs.values()):
            raise ValueError(f'probabilities must lie in [0, 1], got {self.probs}')

    def transform(self, results):
        ops = [op for op, prob in self.probs.items() if np.random.rand() < prob]
        results['flips'] = ops
        for op in ops:
            for key in ('img', 'gt'):
                results[key] = [np.ascontiguousarray(
                    f[:, ::-1] if op == 'hflip' else f[::-1] if op == 'vflip'
                    else f.transpose(1, 0, *range(2, f.ndim))) for f in results[key]]
            for key in self.FLOW_KEYS + ('gt_occlusion', ):
                if key not in results:
                    continue
                field = results[key]
                if op == 'transpose':
                    field = field.transpose(-1, -2)
                    if key in self.FLOW_KEYS:
                        field = field.flip(-3)  # (x, y) -> (y, x)
                else:
                    field = field.flip(-1 if op == 'hflip' else -2)
                    if key in self.FLOW_KEYS:
                        sign = torch.ones(2, 1, 1)
                        sign[0 if op == 'hflip' else 1] = -1
                        field = field * sign
                results[key] = field.contiguous()
        return results

    def __repr__(self):
        return f'{self.__class__.__name__}({self.probs})'


def motion_flow_pipeline(scale, gt_patch_size=None, with_backward_flow=False,
                         with_occlusion=False, static_prob=0.0, flips=False, with_flow=True):
    """The default pipeline of :class:`MotionSequenceFlowDataset`: a run of consecutive frames
    from a random start, LQ and GT frames (RGB), the flows (if ``with_flow``), static items
    with probability ``static_prob`` (:class:`StaticPairs`), a paired crop (if
    ``gt_patch_size``), random flow-aware flips and transposes (if ``flips``,
    :class:`FlowAwareFlips`), packed by MMagic's ``PackInputs`` (flows into the data sample).

    Without ``with_flow`` no ``.flo`` file is read: the unsupervised stages (Alg. 1) use the
    frames only, and every random draw (segment, static item, crop, flips) is the same as with
    the flows, so an item's frames do not depend on it.

    Raises:
        ValueError: for ``with_backward_flow`` or ``with_occlusion`` without ``with_flow``.
    """
    if not with_flow and (with_backward_flow or with_occlusion):
        raise ValueError('with_backward_flow and with_occlusion need with_flow=True')
    flow_keys = (['gt_flow'] * with_flow + ['gt_flow_backward'] * with_backward_flow +
                 ['gt_occlusion'] * with_occlusion)
    pipeline = [
        dict(type='GenerateSegmentIndices', interval_list=[1]),
        dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
        dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
    ]
    if with_flow:
        pipeline.append(dict(type='LoadFrameFlows', backward=with_backward_flow,
                             occlusion=with_occlusion))
    pipeline.append(dict(type='SetValues', dictionary=dict(scale=scale)))
    if static_prob > 0:
        pipeline.append(dict(type='StaticPairs', prob=static_prob))
    if gt_patch_size:
        pipeline.append(dict(type='PairedRandomCropWithFlows', gt_patch_size=gt_patch_size,
                             flow_keys=flow_keys))
    if flips:
        pipeline.append(dict(type='FlowAwareFlips'))
    return pipeline + [dict(type='PackInputs', data_keys=flow_keys)]


@DATASETS.register_module()
class MotionSequenceFlowDataset(BasicFramesDataset):
    """Sequences of ``tools/render_motion_sequences.py`` (module docstring) with their exact
    flows, for ``FlowPretrainer``.

    An item is a run of ``num_input_frames`` consecutive frames of one sequence from a random
    start, randomly cropped (``gt_patch_size`` GT pixels; the LQ window at GT / scale, aligned),
    packed by ``PackInputs``: ``inputs`` (t, 3, h, w) LQ frames, ``data_samples.gt_img``
    (t, 3, H, W) HQ frames (uint8 RGB, 0-255, as MMagic's loaders give them) and
    ``data_samples.gt_flow`` (t-1, 2, H, W) float32 flows from HQ frame i to i+1 in HQ pixels
    (+ ``gt_flow_backward``, ``gt_occlusion``, see :class:`LoadFrameFlows`).

    Args:
        data_root (str): Root of the layout. Default: 'data/motion_seqs'.
        ann_file (str): Annotation file in ``data_root``.
            Default: 'meta_info_motion_seqs_train.txt'.
        lq_folder (str): Folder of the LQ frames ('gt', 'bix4', 'bdx4', 'blur', 'hevc_qp37').
            Default: 'bix4'.
        scale (int, optional): HQ / LQ size ratio; None: from ``lq_folder``
            (:data:`LQ_SCALES`). Default: None.
        num_input_frames (int, optional): Frames per item; None: whole sequences.
            Default: 2.
        gt_patch_size (int, optional): Side of the GT crop; None: whole frames. Default: 128.
        with_backward_flow (bool): Also ``gt_flow_backward``. Default: False.
        with_occlusion (bool): Also ``gt_occlusion``. Default: False.
        static_prob (float): Share of items made static (:class:`StaticPairs`). Default: 0.
        flips (bool): Random flow-aware flips and transposes (:class:`FlowAwareFlips`).
            Default: False.
        with_flow (bool): Load ``gt_flow``; False reads no flow file (the unsupervised
            teacher and student stages, which use the frames only). Default: True.
        pipeline (list[dict], optional): None: :func:`motion_flow_pipeline` of the above.
        **kwargs: Other arguments of MMagic's ``BasicFramesDataset`` (e.g. ``test_mode``).

    Raises:
        ValueError: for an unknown ``lq_folder`` without ``scale``; for ``with_backward_flow``
            or ``with_occlusion`` without ``with_flow``.
    """

    METAINFO = dict(dataset_type='motion_seqs', task_name='flow')

    def __init__(self, data_root='data/motion_seqs', ann_file='meta_info_motion_seqs_train.txt',
                 lq_folder='bix4', scale=None, num_input_frames=2, gt_patch_size=128,
                 with_backward_flow=False, with_occlusion=False, static_prob=0.0, flips=False,
                 with_flow=True, pipeline=None, **kwargs):
        if scale is None:
            if lq_folder not in LQ_SCALES:
                raise ValueError(f'unknown lq_folder {lq_folder!r}: pass scale, or one of '
                                 f'{sorted(LQ_SCALES)}')
            scale = LQ_SCALES[lq_folder]
        if pipeline is None:
            pipeline = motion_flow_pipeline(scale, gt_patch_size, with_backward_flow,
                                            with_occlusion, static_prob, flips, with_flow)
        self.scale = scale
        data_prefix = dict(img=lq_folder, gt='gt',
                           **{folder: folder for folder in FLOW_FOLDERS.values()})
        super().__init__(ann_file=ann_file, data_root=data_root, data_prefix=data_prefix,
                         pipeline=pipeline, depth=1, num_input_frames=num_input_frames,
                         **kwargs)

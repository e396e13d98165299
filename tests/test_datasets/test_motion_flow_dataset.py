"""MotionSequenceFlowDataset on a tiny folder in the layout of
tools/render_motion_sequences.py: a real photo panned by a known number of pixels per frame,
so every flow is exactly known."""
import os
import os.path as osp

import cv2
import mmcv
import numpy as np
import pytest
import torch
from mmengine.runner import Runner
from skimage import data as skdata

from mmagic.registry import DATASETS, MODELS
from s2svr_mm.models.flow_utils import warp

SHIFT = 4  # the content moves right by 4 GT pixels per frame
NUM_FRAMES, H, W = 5, 64, 96


def write_motion_seqs(root, shift=SHIFT, num_frames=NUM_FRAMES, size=(H, W)):
    """gt/, bix4/ (area x1/4), gt-size 'blur' (a copy), flow_fw/, flow_bw/, occ_fw/ and the
    ann files, for one train and one val sequence."""
    photo = skdata.astronaut()
    h, w = size
    for subset, seq, (y0, x0) in (('train', 'pan_a', (60, 200)), ('val', 'pan_b', (300, 250))):
        for i in range(num_frames):
            # frame i shows the photo from column x0 - i * shift: content moves right
            frame = photo[y0:y0 + h, x0 - i * shift:x0 - i * shift + w]
            for folder, image in (('gt', frame), ('blur', frame),
                                  ('bix4', cv2.resize(frame, (w // 4, h // 4),
                                                      interpolation=cv2.INTER_AREA))):
                os.makedirs(osp.join(root, folder, seq), exist_ok=True)
                cv2.imwrite(osp.join(root, folder, seq, f'{i:08d}.png'), image[..., ::-1])
            if i == num_frames - 1:
                continue
            forward = np.zeros((h, w, 2), np.float32)
            forward[..., 0] = shift
            occluded = np.zeros((h, w), np.uint8)
            occluded[:, w - shift:] = 255  # these leave the view in frame i + 1
            for folder, item in (('flow_fw', forward), ('flow_bw', -forward)):
                os.makedirs(osp.join(root, folder, seq), exist_ok=True)
                mmcv.flowwrite(item, osp.join(root, folder, seq, f'{i:08d}.flo'))
            os.makedirs(osp.join(root, 'occ_fw', seq), exist_ok=True)
            cv2.imwrite(osp.join(root, 'occ_fw', seq, f'{i:08d}.png'), occluded)
        with open(osp.join(root, f'meta_info_motion_seqs_{subset}.txt'), 'w') as f:
            f.write(f'{seq} {num_frames} ({h}, {w}, 3)\n')
    return str(root)


@pytest.fixture(scope='module')
def motion_root(tmp_path_factory):
    return write_motion_seqs(tmp_path_factory.mktemp('motion_seqs'))


def build(root, **kwargs):
    return DATASETS.build(dict(type='MotionSequenceFlowDataset', data_root=root, **kwargs))


def test_items_carry_aligned_lq_gt_crops_and_exact_flows(motion_root):
    dataset = build(motion_root, num_input_frames=3, gt_patch_size=32, with_backward_flow=True,
                    with_occlusion=True)
    assert len(dataset) == 1 and dataset.scale == 4
    np.random.seed(0)
    starts = set()
    for _ in range(8):
        item = dataset[0]
        lqs, sample = item['inputs'], item['data_samples']
        assert lqs.shape == (3, 3, 8, 8)
        gts = sample.gt_img.float()
        assert gts.shape == (3, 3, 32, 32)
        assert sample.gt_flow.shape == sample.gt_flow_backward.shape == (2, 2, 32, 32)
        assert torch.all(sample.gt_flow[:, 0] == SHIFT) and torch.all(sample.gt_flow[:, 1] == 0)
        assert torch.all(sample.gt_flow_backward == -sample.gt_flow)
        assert sample.gt_occlusion.shape == (2, 1, 32, 32)
        # the LQ crop is the GT crop at 1/4 (area), i.e. the windows are aligned
        area = torch.nn.functional.avg_pool2d(gts, 4)
        assert (area - lqs.float()).abs().max() <= 1
        # warping frame i+1 with the flow from i to i+1 gives frame i (inside the view)
        for i in range(2):
            warped = warp(gts[i + 1:i + 2], sample.gt_flow[i:i + 1])
            assert torch.equal(warped[..., :-SHIFT], gts[i:i + 1, ..., :-SHIFT])
        starts.add(osp.basename(sample.gt_path[0]))
    assert len(starts) > 1  # a random run of consecutive frames


def test_whole_frames_and_same_size_lq(motion_root):
    dataset = build(motion_root, ann_file='meta_info_motion_seqs_val.txt', lq_folder='blur',
                    num_input_frames=None, gt_patch_size=None, with_occlusion=True)
    assert dataset.scale == 1
    sample = dataset[0]['data_samples']
    assert dataset[0]['inputs'].shape == (NUM_FRAMES, 3, H, W)
    assert sample.gt_flow.shape == (NUM_FRAMES - 1, 2, H, W)
    occluded = sample.gt_occlusion[:, 0]
    assert torch.all(occluded[..., W - SHIFT:] == 1) and torch.all(occluded[..., :W - SHIFT] == 0)
    with pytest.raises(ValueError, match='lq_folder'):
        build(motion_root, lq_folder='bix3')


def test_flow_pretrainer_trains_on_batches_of_the_dataset(motion_root):
    """Through mmengine's dataloader and MMagic's preprocessor: the supervised stage gets
    gt_flow (n, t-1, 2, H, W) next to the [0, 1] HQ frames."""
    loader = Runner.build_dataloader(dict(
        batch_size=2, num_workers=0, sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(type='MotionSequenceFlowDataset', data_root=motion_root, lq_folder='bix4',
                     num_input_frames=2, gt_patch_size=32, with_backward_flow=True)))
    data = next(iter(loader))
    model = MODELS.build(dict(type='FlowPretrainer', stage='supervised'))
    processed = model.data_preprocessor(data, True)
    assert processed['inputs'].shape == (1, 2, 3, 8, 8)
    assert processed['data_samples'].gt_flow.shape == (1, 1, 2, 32, 32)
    assert processed['data_samples'].gt_img.max() <= 1
    losses = model(**processed, mode='loss')
    assert set(losses) == {'loss_epe'} and torch.isfinite(losses['loss_epe'])
    teacher = MODELS.build(dict(type='FlowPretrainer', stage='teacher'))
    assert set(teacher(**processed, mode='loss')) == {'loss_ph', 'loss_sm'}


def test_static_pairs_repeat_the_first_frame_with_zero_flow(motion_root):
    dataset = build(motion_root, num_input_frames=3, gt_patch_size=32, with_backward_flow=True,
                    with_occlusion=True, static_prob=1.0)
    item = dataset[0]
    lqs, sample = item['inputs'].float(), item['data_samples']
    gts = sample.gt_img
    assert all(torch.equal(gts[i], gts[0]) for i in range(3))
    for key in ('gt_flow', 'gt_flow_backward', 'gt_occlusion'):
        assert not getattr(sample, key).any()
    # the LQ frames differ only by the noise: at most 2 grey levels of standard deviation
    for i in range(1, 3):
        assert (lqs[i] - lqs[0]).std() <= 2 * 2 ** 0.5 + 0.5


def test_static_pairs_probability_and_arguments():
    from s2svr_mm.datasets.motion_flow_dataset import StaticPairs
    frames = [np.full((4, 4, 3), v, np.uint8) for v in (10, 20)]
    flow = torch.ones(1, 2, 4, 4)
    kept = StaticPairs(prob=0.0)(dict(img=list(frames), gt=list(frames), gt_flow=flow))
    assert kept['img'][1][0, 0, 0] == 20 and torch.equal(kept['gt_flow'], flow)
    still = StaticPairs(prob=1.0, max_noise=0)(dict(img=list(frames), gt=list(frames),
                                                    gt_flow=flow.clone()))
    assert np.array_equal(still['img'][1], frames[0]) and not still['gt_flow'].any()
    draws = StaticPairs(prob=0.25, seed=0)
    static = sum(not draws(dict(img=list(frames), gt=list(frames),
                                gt_flow=flow.clone()))['gt_flow'].any() for _ in range(400))
    assert 70 <= static <= 130
    for kwargs in (dict(prob=1.5), dict(max_noise=-1)):
        with pytest.raises(ValueError, match='prob'):
            StaticPairs(**kwargs)


@pytest.mark.parametrize('op, flow_xy', [('hflip', (-SHIFT, 0)), ('vflip', (SHIFT, 0)),
                                         ('transpose', (0, SHIFT)), (None, (SHIFT, 0))])
def test_flow_aware_flips_keep_the_flow_true_to_the_frames(motion_root, op, flow_xy):
    """Each operation alone (probability 1, the others 0): the flows take the known new value,
    and warping frame i+1 with the flow from i to i+1 still gives frame i wherever the moved
    occlusion mask says it is visible; the LQ stays the GT at 1/4."""
    from mmagic.registry import TRANSFORMS
    dataset = build(motion_root, num_input_frames=3, gt_patch_size=None, with_backward_flow=True,
                    with_occlusion=True, pipeline=[])
    results = dataset[0]  # the raw item; run the loading and flip steps by hand
    for step in [dict(type='GenerateSegmentIndices', interval_list=[1]),
                 dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
                 dict(type='LoadImageFromFile', key='gt', channel_order='rgb'),
                 dict(type='LoadFrameFlows', backward=True, occlusion=True),
                 dict(type='FlowAwareFlips', **{f'{o}_prob': float(o == op)
                                                for o in ('hflip', 'vflip', 'transpose')})]:
        results = TRANSFORMS.build(step)(results)
    assert results['flips'] == ([op] if op else [])
    flow, backward = results['gt_flow'], results['gt_flow_backward']
    assert torch.all(flow[:, 0] == flow_xy[0]) and torch.all(flow[:, 1] == flow_xy[1])
    assert torch.equal(backward, -flow)
    gts = torch.from_numpy(np.stack(results['gt'])).permute(0, 3, 1, 2).float()
    expected_hw = (W, H) if op == 'transpose' else (H, W)
    assert gts.shape[-2:] == expected_hw
    for i in range(2):
        visible = results['gt_occlusion'][i, 0] == 0
        assert 0 < visible.float().mean() < 1
        warped = warp(gts[i + 1:i + 2], flow[i:i + 1])[0]
        assert torch.allclose(warped[:, visible], gts[i][:, visible], atol=1e-3)
    lqs = torch.from_numpy(np.stack(results['img'])).permute(0, 3, 1, 2).float()
    assert (torch.nn.functional.avg_pool2d(gts, 4) - lqs).abs().max() <= 1


def test_flow_aware_flips_in_the_dataset_show_every_direction(motion_root):
    dataset = build(motion_root, num_input_frames=2, gt_patch_size=32, flips=True)
    assert 'FlowAwareFlips' in [type(t).__name__ for t in dataset.pipeline.transforms]
    np.random.seed(0)
    directions = {tuple(dataset[0]['data_samples'].gt_flow[0, :, 0, 0].tolist())
                  for _ in range(24)}
    assert directions == {(SHIFT, 0), (-SHIFT, 0), (0, SHIFT), (0, -SHIFT)}
    from s2svr_mm.datasets.motion_flow_dataset import FlowAwareFlips
    with pytest.raises(ValueError, match=r'\[0, 1\]'):
        FlowAwareFlips(hflip_prob=1.5)


def test_without_flow_reads_no_flow_file_and_draws_the_same_frames(motion_root, tmp_path):
    """``with_flow=False`` (the unsupervised stages) runs on a tree without flow files and gives
    the frames that the same random draws give with the flows, and a teacher trains on it."""
    import shutil
    frames_only = str(tmp_path / 'frames_only')
    shutil.copytree(motion_root, frames_only, ignore=shutil.ignore_patterns('flow_*', 'occ_*'))
    kwargs = dict(lq_folder='bix4', num_input_frames=3, gt_patch_size=32, flips=True)
    with_flow, without_flow = build(motion_root, **kwargs), build(frames_only, with_flow=False,
                                                                  **kwargs)
    assert 'LoadFrameFlows' not in [type(t).__name__ for t in without_flow.pipeline.transforms]
    for seed in range(6):
        np.random.seed(seed)
        expected = with_flow[0]
        np.random.seed(seed)
        item = without_flow[0]
        assert 'gt_flow' not in item['data_samples']
        assert torch.equal(item['inputs'], expected['inputs'])
        assert torch.equal(item['data_samples'].gt_img, expected['data_samples'].gt_img)
    with pytest.raises(ValueError, match='with_flow'):
        build(motion_root, with_flow=False, with_backward_flow=True)
    loader = Runner.build_dataloader(dict(
        batch_size=2, num_workers=0, sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(type='MotionSequenceFlowDataset', data_root=frames_only, lq_folder='gt',
                     gt_patch_size=32, with_flow=False, static_prob=0.5, flips=True)))
    teacher = MODELS.build(dict(type='FlowPretrainer', stage='teacher'))
    losses = teacher(**teacher.data_preprocessor(next(iter(loader)), True), mode='loss')
    assert set(losses) == {'loss_ph', 'loss_sm'} and all(map(torch.isfinite, losses.values()))

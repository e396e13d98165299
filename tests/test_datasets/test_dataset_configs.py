"""The dataset bases of configs/_base_/datasets load, share one pipeline (video_frames.py) that
each changes only in its scale and crop, and the real-clip ones build MMagic datasets over a
tiny tree in the layout of tools/prepare_real_clips.py."""
import copy
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmagic.registry import DATASETS
from mmagic.utils import register_all_modules
from mmengine import Config

from s2svr_mm.datasets import format_ann_line, write_ann_file
from s2svr_mm.fileio import write_frames

BASES = osp.join(osp.dirname(__file__), '..', '..', 'configs', '_base_', 'datasets')
REAL_CLIP_BASES = ('real_clips_sr_bix4.py', 'real_clips_deblur.py', 'real_clips_hevc_qp37.py')
SHARED_BASES = ('video_frames.py', 'real_clips.py', 'motion_seqs.py')  # inherited, no task
FLOW_BASES = ('motion_seqs_flow.py', )  # frame pairs with exact flow, for FlowPretrainer
# dataset entries (no dataloader) that flow configs put in a ConcatDataset as {{_base_.name}}
ENTRY_BASES = ('real_clips_flow.py', )
DATASET_BASES = sorted(p for p in glob.glob(osp.join(BASES, '*.py'))
                       if osp.basename(p) not in SHARED_BASES + FLOW_BASES + ENTRY_BASES)
# clip -> (split, frames, GT height, GT width)
CLIPS = {'walk': ('train', 12, 48, 64), 'leaf': ('val', 9, 32, 40)}
BLUR_WINDOW = 7


def crop_16(pipeline):
    """16x16 GT crops in a train pipeline, so that it fits the tiny tree's frames."""
    for step in pipeline:
        if step.type == 'PairedRandomCrop':
            step.gt_patch_size = 16


@pytest.fixture(scope='module', autouse=True)
def mmagic_scope():
    register_all_modules(init_default_scope=True)


@pytest.fixture(scope='module')
def tiny_root(tmp_path_factory):
    """A tiny real-clips tree: per clip, distinct constant frames (value = 10 * index + 1 in
    channel 0, so a loaded frame tells its index and channel order)."""
    root = str(tmp_path_factory.mktemp('real_clips'))
    for clip, (_, num, h, w) in CLIPS.items():
        frames = []
        for k in range(num):
            frame = np.zeros((h, w, 3), np.uint8)
            frame[..., 0] = 10 * k + 1
            frames.append(frame)
        half = BLUR_WINDOW // 2
        write_frames(frames, osp.join(root, 'gt', clip))
        write_frames([f[::4, ::4] for f in frames], osp.join(root, 'bix4', clip))
        write_frames(frames, osp.join(root, 'hevc_qp37', clip))
        write_frames(frames[half:num - half], osp.join(root, 'blur', clip))
        write_frames(frames[half:num - half], osp.join(root, 'sharp', clip))
    for split in ('train', 'val'):
        rows = [(c, n, h, w) for c, (s, n, h, w) in CLIPS.items() if s == split]
        write_ann_file(osp.join(root, f'meta_info_real_clips_{split}.txt'),
                       [format_ann_line(c, n, (h, w, 3)) for c, n, h, w in rows])
        write_ann_file(osp.join(root, f'meta_info_real_clips_deblur_{split}.txt'),
                       [format_ann_line(c, n - 2 * (BLUR_WINDOW // 2), (h, w, 3))
                        for c, n, h, w in rows])
    return root


@pytest.mark.parametrize('path', DATASET_BASES, ids=osp.basename)
def test_every_base_loads(path):
    cfg = Config.fromfile(path)
    for key in ('train_dataloader', 'val_dataloader', 'val_evaluator', 'val_cfg',
                'test_dataloader', 'test_evaluator', 'test_cfg'):
        assert key in cfg, f'{osp.basename(path)} lacks {key}'
    assert cfg.train_dataloader.dataset.type == 'BasicFramesDataset'
    assert cfg.train_dataloader.sampler.type == 'InfiniteSampler'


@pytest.mark.parametrize('name', FLOW_BASES)
def test_flow_bases_train_on_motion_sequences_only(name):
    cfg = Config.fromfile(osp.join(BASES, name))
    assert cfg.train_dataloader.dataset.type == 'MotionSequenceFlowDataset'
    assert cfg.train_dataloader.dataset.num_input_frames == 2  # frame pairs
    assert cfg.train_dataloader.sampler.type == 'InfiniteSampler'
    assert cfg.val_dataloader is None and cfg.val_cfg is None  # measured by tools/eval_flow.py


# base -> (scale, GT crop); the rest of the train pipeline is the shared one
TRAIN_SCALE_AND_CROP = {
    'gopro.py': (1, 256), 'mfqev2_qp37.py': (1, 256), 'reds4_bix4.py': (4, 256),
    'vimeo90k_bix4.py': (4, 256), 'real_clips_sr_bix4.py': (4, 128),
    'real_clips_deblur.py': (1, 128), 'real_clips_hevc_qp37.py': (1, 128),
    'motion_seqs_sr_bix4.py': (4, 256), 'motion_seqs_deblur.py': (1, 128),
    'motion_seqs_hevc_qp37.py': (1, 128),
}


def test_every_base_is_listed_with_its_scale_and_crop():
    assert sorted(TRAIN_SCALE_AND_CROP) == [osp.basename(p) for p in DATASET_BASES]


@pytest.mark.parametrize('name', sorted(TRAIN_SCALE_AND_CROP))
def test_bases_change_only_scale_and_crop_of_the_shared_pipeline(name):
    shared = Config.fromfile(osp.join(BASES, 'video_frames.py'))
    cfg = Config.fromfile(osp.join(BASES, name))
    pipeline = cfg.train_dataloader.dataset.pipeline
    assert pipeline == cfg.train_pipeline
    scale, crop = TRAIN_SCALE_AND_CROP[name]
    expected = copy.deepcopy(shared.train_pipeline)
    expected[3].dictionary.scale = scale
    expected[4].gt_patch_size = crop
    if name == 'vimeo90k_bix4.py':  # septuplets: no segment indices; mirrored to 14 frames
        expected = expected[1:-1] + [dict(type='MirrorSequence', keys=['img', 'gt']),
                                     dict(type='PackInputs')]
    assert pipeline == expected
    assert cfg.val_dataloader.dataset.pipeline == shared.val_pipeline
    assert cfg.demo_pipeline == shared.demo_pipeline  # for MMagic's inferencer
    # the loaders keep the shared settings where the base does not set them
    assert cfg.train_dataloader.sampler == shared.train_dataloader.sampler
    assert cfg.val_dataloader.sampler == shared.val_dataloader.sampler
    assert cfg.test_cfg == shared.test_cfg


@pytest.mark.parametrize('name,lq', [('motion_seqs_sr_bix4.py', 'bix4'),
                                     ('motion_seqs_deblur.py', 'blur'),
                                     ('motion_seqs_hevc_qp37.py', 'hevc_qp37')])
def test_motion_sequence_bases_read_their_lq_against_gt(name, lq):
    cfg = Config.fromfile(osp.join(BASES, name))
    for loader, split in ((cfg.train_dataloader, 'train'), (cfg.val_dataloader, 'val')):
        dataset = loader.dataset
        assert dataset.data_root == 'data/motion_seqs'
        assert dataset.ann_file == f'meta_info_motion_seqs_{split}.txt'
        assert dataset.data_prefix == dict(img=lq, gt='gt')
    assert cfg.train_dataloader.dataset.num_input_frames == 7
    assert cfg.train_dataloader.batch_size == 2


def test_real_clip_bases_default_to_data_real_clips():
    for name in REAL_CLIP_BASES:
        cfg = Config.fromfile(osp.join(BASES, name))
        assert cfg.train_dataloader.dataset.data_root == 'data/real_clips'
        assert cfg.val_dataloader.dataset.data_root == 'data/real_clips'


@pytest.mark.parametrize('name,scale,num_val', [
    ('real_clips_sr_bix4.py', 4, 9),
    ('real_clips_deblur.py', 1, 9 - 2 * (BLUR_WINDOW // 2)),
    ('real_clips_hevc_qp37.py', 1, 9),
])
def test_real_clip_bases_build_datasets(tiny_root, name, scale, num_val):
    cfg = Config.fromfile(osp.join(BASES, name))

    train_cfg = copy.deepcopy(cfg.train_dataloader.dataset)
    train_cfg.update(data_root=tiny_root, num_input_frames=3)
    crop_16(train_cfg.pipeline)
    train_set = DATASETS.build(train_cfg)
    assert len(train_set) == 1  # one train clip
    sample = train_set[0]
    assert tuple(sample['inputs'].shape) == (3, 3, 16 // scale, 16 // scale)
    assert tuple(sample['data_samples'].gt_img.shape) == (3, 3, 16, 16)

    val_cfg = copy.deepcopy(cfg.val_dataloader.dataset)
    val_cfg.update(data_root=tiny_root)
    val_set = DATASETS.build(val_cfg)
    assert len(val_set) == 1  # one val clip, whole
    sample = val_set[0]
    assert tuple(sample['inputs'].shape) == (num_val, 3, 32 // scale, 40 // scale)
    gt = sample['data_samples'].gt_img
    assert tuple(gt.shape) == (num_val, 3, 32, 40)
    # frames come in order, in RGB: channel 0 holds 10 * (index in gt/) + 1
    first = 1 + 10 * (BLUR_WINDOW // 2 if name == 'real_clips_deblur.py' else 0)
    assert [int(v) for v in gt[:, 0, 0, 0]] == [first + 10 * k for k in range(num_val)]
    assert int(gt[:, 1:].abs().sum()) == 0


@pytest.mark.parametrize('entry,first', [
    ('real_clips_flow_hq_train', 1),
    ('real_clips_flow_blur_train', 1 + 10 * (BLUR_WINDOW // 2)),  # blur/ starts 3 frames in
])
def test_real_clip_flow_pairs_build_on_the_clip_tree(tiny_root, entry, first):
    """real_clips_flow.py: each train clip 20 times over, two frames 1-3 apart, the same frames
    as 'img' and 'gt' (HQ twice; or blur/ and sharp/, which the tiny tree fills alike)."""
    cfg = Config.fromfile(osp.join(BASES, 'real_clips_flow.py'))
    dataset_cfg = copy.deepcopy(cfg[entry])
    dataset_cfg.dataset.data_root = tiny_root
    crop_16(dataset_cfg.dataset.pipeline)
    dataset = DATASETS.build(dataset_cfg)
    assert len(dataset) == 20  # one train clip, repeated
    gaps = set()
    for index in range(20):
        sample = dataset[index]
        inputs, gt = sample['inputs'], sample['data_samples'].gt_img
        assert tuple(inputs.shape) == tuple(gt.shape) == (2, 3, 16, 16)
        assert torch.equal(inputs, gt)
        values = [int(v) for v in gt[:, 0, 0, 0]]  # 10 * (index in gt/) + 1, constant frames
        assert all((v - first) % 10 == 0 and v >= first for v in values)
        gaps.add((values[1] - values[0]) // 10)
    assert gaps <= {1, 2, 3} and len(gaps) > 1

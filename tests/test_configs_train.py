"""Every CPU-scale config (``*real-clips*``, ``*tiny*``) builds its train and val datasets on a
tiny frame tree and trains for two iterations through mmengine's Runner on CPU: the loss is
finite, the trainable weights move, a checkpoint is written and, where the config validates,
so is the best checkpoint of its ``save_best`` metric (the key names a metric its evaluator
reports). Only the scale shrinks (data root, frames, crops, batch, iterations); the model,
losses, optimizer and hooks are the config's."""
import copy
import glob
import math
import os.path as osp
import shutil

import cv2
import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from mmagic.registry import DATASETS, MODELS
from s2svr_testing import REPO_ROOT, write_frames_tree

CPU_CONFIGS = sorted(
    c for folder in ('s2svr', 'flow', 'basicvsr*')
    for c in glob.glob(osp.join(REPO_ROOT, 'configs', folder, '*.py'))
    if 'real-clips' in osp.basename(c) or 'tiny' in osp.basename(c))
NUM_FRAMES = 2  # frames per training sample
VAL_FRAMES = 3  # frames per clip (validation restores a whole clip)
GT_CROP = 64


@pytest.fixture(scope='module')
def real_clips_root(tmp_path_factory):
    """The tiny tree of ``write_frames_tree`` (64x64 GT, 3 frames per clip) with every task's
    folders of tools/prepare_real_clips.py: ``sharp/`` (a copy of ``gt/``), ``hevc_qp37/`` and
    ``blur/`` (``gt/`` 8 levels darker: a same-size model starts as the identity, and an LQ equal
    to its GT would give it no loss to learn from), the deblurring annotation files and the motion
    sequences' ones (for configs that train on both)."""
    root = write_frames_tree(tmp_path_factory.mktemp('real_clips'), num_frames=VAL_FRAMES,
                            gt_size=GT_CROP)
    for folder in ('hevc_qp37', 'blur', 'sharp'):
        shutil.copytree(osp.join(root, 'gt'), osp.join(root, folder))
    for folder in ('hevc_qp37', 'blur'):
        for path in glob.glob(osp.join(root, folder, '*', '*.png')):
            cv2.imwrite(path, cv2.subtract(cv2.imread(path), 8))
    for split in ('train', 'val'):
        for name in ('real_clips_deblur', 'motion_seqs'):  # configs that mix in motion seqs
            shutil.copy(osp.join(root, f'meta_info_real_clips_{split}.txt'),
                        osp.join(root, f'meta_info_{name}_{split}.txt'))
    return root


@pytest.fixture(scope='module')
def flow_checkpoint(tmp_path_factory):
    """A stage-1 ``FlowPretrainer`` checkpoint: the teacher of the students, the flow net of
    S2SVR (``S2SVRNet`` loads a teacher when the checkpoint holds no student)."""
    torch.manual_seed(0)
    model = MODELS.build(dict(type='FlowPretrainer'))
    path = tmp_path_factory.mktemp('flow') / 'teacher.pth'
    torch.save(dict(state_dict=model.state_dict()), path)
    return str(path)


def frame_datasets(dataset):
    """The frame-dataset configs in a dataset config: itself, or those that an mmengine
    ``ConcatDataset`` (``datasets``) or ``RepeatDataset`` (``dataset``) wraps."""
    if 'datasets' in dataset:
        return [leaf for d in dataset.datasets for leaf in frame_datasets(d)]
    if 'dataset' in dataset:
        return frame_datasets(dataset.dataset)
    return [dataset]


def tiny_run_cfg(path, data_root, work_dir, flow_checkpoint):
    """The config of ``path`` at the tiny scale: 2 iterations (validation at the second where
    the config validates), batch 1, ``NUM_FRAMES`` frames, ``GT_CROP`` GT crops, no workers."""
    cfg = Config.fromfile(path)
    cfg.work_dir = str(work_dir)
    cfg.train_cfg.max_iters = 2
    if cfg.val_cfg is not None:
        cfg.train_cfg.val_interval = 2
    cfg.default_hooks.checkpoint.interval = 2
    cfg.default_hooks.logger.interval = 1
    if cfg.model.get('teacher_pretrained'):  # a student's stage-1 checkpoint
        cfg.model.teacher_pretrained = flow_checkpoint
    if cfg.model.get('generator', {}).get('flow_pretrained'):  # S2SVR's flow net
        cfg.model.generator.flow_pretrained = flow_checkpoint
    cfg.train_dataloader.batch_size = 1
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(key) is not None:
            cfg[key].update(num_workers=0, persistent_workers=False)
            for dataset in frame_datasets(cfg[key].dataset):
                dataset.data_root = data_root
    for train_set in frame_datasets(cfg.train_dataloader.dataset):
        train_set.num_input_frames = min(train_set.num_input_frames, NUM_FRAMES)
        if 'pipeline' not in train_set:  # MotionSequenceFlowDataset: built from its arguments
            train_set.gt_patch_size = GT_CROP
            continue
        for step in train_set.pipeline:
            if step.type == 'PairedRandomCrop':
                step.gt_patch_size = GT_CROP
            if step.type == 'GenerateSegmentIndices':  # the frame intervals the clips can hold
                step.interval_list = [i for i in step.interval_list  # (MMagic's own check)
                                      if train_set.num_input_frames * i <= VAL_FRAMES]
    return cfg


class WeightsProbe(Hook):
    """Keeps the trainable weights as training starts (after ``init_weights``)."""

    def before_train(self, runner):
        self.start = {name: p.detach().clone()
                      for name, p in runner.model.named_parameters() if p.requires_grad}


@pytest.mark.parametrize('path', CPU_CONFIGS, ids=osp.basename)
def test_cpu_config_builds_datasets_and_trains(path, real_clips_root, flow_checkpoint,
                                              tmp_path):
    cfg = tiny_run_cfg(path, real_clips_root, tmp_path, flow_checkpoint)
    train_set = DATASETS.build(copy.deepcopy(cfg.train_dataloader.dataset))
    for leaf in frame_datasets(cfg.train_dataloader.dataset):  # one sample of each leaf
        leaf_set = DATASETS.build(copy.deepcopy(leaf))
        scale = next((s.dictionary['scale'] for s in leaf.get('pipeline', [])
                      if s.type == 'SetValues'), None) or getattr(leaf_set, 'scale', 1)
        train_sample = leaf_set[0]
        lq, gt = train_sample['inputs'], train_sample['data_samples'].gt_img
        assert lq.shape[0] == gt.shape[0] == leaf.num_input_frames
        assert tuple(gt.shape[-2:]) == (GT_CROP, GT_CROP)
        assert tuple(lq.shape[-2:]) == (GT_CROP // scale, GT_CROP // scale)
    assert len(train_set) >= len(frame_datasets(cfg.train_dataloader.dataset))
    if cfg.val_dataloader is not None:
        val_sample = DATASETS.build(copy.deepcopy(cfg.val_dataloader.dataset))[0]
        assert val_sample['inputs'].shape[0] == VAL_FRAMES  # the whole clip

    runner = Runner.from_cfg(cfg)
    probe = WeightsProbe()
    runner.register_hook(probe, priority='LOWEST')
    runner.train()

    losses = runner.message_hub.get_scalar('train/loss').data[0]
    assert len(losses) == 2 and all(math.isfinite(v) for v in losses)
    moved = [name for name, p in runner.model.named_parameters()
             if name in probe.start and not torch.equal(p.detach(), probe.start[name])]
    assert moved, 'no trainable weight changed in 2 iterations'
    checkpoint = torch.load(tmp_path / 'iter_2.pth', map_location='cpu', weights_only=False)
    assert checkpoint['meta']['iter'] == 2
    saved = checkpoint['state_dict'][moved[0]]
    assert torch.equal(saved, dict(runner.model.named_parameters())[moved[0]].detach())
    save_best = cfg.default_hooks.checkpoint.get('save_best')
    if cfg.val_cfg is not None and save_best:
        # CheckpointHook looks the key up in the val metrics: a wrong prefix fails the run
        assert glob.glob(str(tmp_path / 'best_*_iter_2.pth')), save_best

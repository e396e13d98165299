"""Every shipped config loads, inherits what it should and builds its model; the CPU-scale x4
configs also build their datasets on a tiny tree and train for a few iterations in
tests/test_tools (``test_train.py``)."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmagic.registry import DATASETS, MODELS
from s2svr_testing import REPO_ROOT

CONFIGS = sorted(c for c in glob.glob(osp.join(REPO_ROOT, 'configs', '*', '*.py'))
                 if '_base_' not in c)


def test_configs_exist():
    names = {osp.basename(c) for c in CONFIGS}
    for name in ('s2svr_c64b13_8xb1-600k_reds4.py', 's2svr_c64b13_8xb1-300k_vimeo90k-bi.py',
                 's2svr_c48b13_8xb1-200k_gopro.py', 's2svr_c48b13_8xb1-300k_mfqev2-qp37.py',
                 'pwclite_teacher_1xb4-400_real-clips.py',
                 'pwclite_student_1xb4-400_real-clips-bix4.py'):
        assert name in names


@pytest.fixture(scope='module')
def teacher_checkpoint(tmp_path_factory):
    model = MODELS.build(dict(type='FlowPretrainer'))
    path = tmp_path_factory.mktemp('teacher') / 'teacher.pth'
    torch.save(dict(state_dict=model.state_dict()), path)
    return str(path)


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_loads_and_builds_its_model(path, teacher_checkpoint):
    cfg = Config.fromfile(path)
    assert cfg.experiment_name == osp.splitext(osp.basename(path))[0]
    assert 's2svr_mm' in cfg.custom_imports.imports
    model_cfg = cfg.model
    if model_cfg.type == 'FlowPretrainer':
        if model_cfg.stage == 'student':
            assert model_cfg.teacher_pretrained.endswith('.pth')
            model_cfg.teacher_pretrained = teacher_checkpoint
    else:
        assert model_cfg.type == 'S2SVR'
        assert cfg.optim_wrapper.paramwise_cfg.custom_keys['flow_net'].lr_mult == 0.25
        assert model_cfg.pixel_loss.type == 'CharbonnierLoss'
        model_cfg.generator.flow_pretrained = None
    model = MODELS.build(model_cfg)
    assert sum(p.numel() for p in model.parameters()) > 0


@pytest.mark.parametrize('name', ['s2svr_c16b2_1xb2-300_real-clips-bix4.py',
                                  'pwclite_student_1xb4-400_real-clips-bix4.py'])
def test_cpu_scale_configs_build_their_datasets(name, frames_root):
    path = next(c for c in CONFIGS if osp.basename(c) == name)
    cfg = Config.fromfile(path)
    dataset_cfg = cfg.train_dataloader.dataset
    dataset_cfg.data_root = frames_root
    dataset_cfg.num_input_frames = 3
    sample = DATASETS.build(dataset_cfg)[0]
    lq, gt = sample['inputs'], sample['data_samples'].gt_img
    assert lq.shape[0] == gt.shape[0] == 3
    assert gt.shape[-1] == 4 * lq.shape[-1]

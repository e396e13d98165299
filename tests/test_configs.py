"""Every shipped config loads, inherits what it should, builds its model and is listed in its
folder's metafile.yml (MMagic's model index); the CPU-scale ones also build their datasets and
train for two iterations in ``test_configs_train.py``."""
import glob
import os.path as osp

import pytest
import torch
import yaml
from mmengine.config import Config

from mmagic.registry import MODELS
from s2svr_testing import REPO_ROOT

CONFIGS = sorted(c for c in glob.glob(osp.join(REPO_ROOT, 'configs', '*', '*.py'))
                 if '_base_' not in c)
BASE_DATASETS = osp.join(REPO_ROOT, 'configs', '_base_', 'datasets')


def config(name):
    return Config.fromfile(next(c for c in CONFIGS if osp.basename(c) == name))


def test_configs_exist():
    names = {osp.basename(c) for c in CONFIGS}
    for name in ('s2svr_c64b13_8xb1-600k_reds4.py', 's2svr_c64b13_8xb1-300k_vimeo90k-bi.py',
                 's2svr_c48b13_8xb1-200k_gopro.py', 's2svr_c48b13_8xb1-300k_mfqev2-qp37.py',
                 'pwclite_teacher_1xb4-400_real-clips.py',
                 'pwclite_student_1xb4-400_real-clips-bix4.py',
                 'basicvsr_c16b2_1xb2-800_real-clips-bix4.py'):
        assert name in names


@pytest.fixture(scope='module')
def teacher_checkpoint(tmp_path_factory):
    model = MODELS.build(dict(type='FlowPretrainer'))
    path = tmp_path_factory.mktemp('teacher') / 'teacher.pth'
    torch.save(dict(state_dict=model.state_dict()), path)
    return str(path)


def innermost_generator(generator):
    """The network inside wrappers such as ``MinSizePadWrapper`` (``generator=dict(...)``),
    and its module path's prefix below the model's generator (``'net.'`` per wrapper: a
    ``MinSizePadWrapper`` holds its network as ``net``)."""
    prefix = ''
    while 'generator' in generator:
        generator, prefix = generator.generator, prefix + 'net.'
    return generator, prefix


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_loads_and_builds_its_model(path, teacher_checkpoint):
    cfg = Config.fromfile(path)
    assert cfg.experiment_name == osp.splitext(osp.basename(path))[0]
    assert 's2svr_mm' in cfg.custom_imports.imports
    model_cfg = cfg.model
    custom_keys = cfg.optim_wrapper.get('paramwise_cfg', {}).get('custom_keys', {})
    if model_cfg.type == 'FlowPretrainer':
        assert cfg.val_cfg is None and cfg.test_cfg is None  # training only
        if model_cfg.stage == 'student':
            assert model_cfg.teacher_pretrained.endswith('.pth')
        if model_cfg.get('teacher_pretrained'):  # a stage-1 or warm-start checkpoint
            model_cfg.teacher_pretrained = teacher_checkpoint
    elif model_cfg.type == 'S2SVR':
        assert model_cfg.generator.type == 'S2SVRNet'
        assert custom_keys['flow_net'].lr_mult == 0.25
        # MSE only for models that start at their skip (docs/results.md: at the identity a
        # same-size model does not leave Charbonnier's kink; an SR model with a zero-initialised
        # head starts at bicubic)
        generator = model_cfg.generator
        starts_at_skip = generator.get('zero_init_head') or not generator.get(
            'is_low_res_input', True)
        assert model_cfg.pixel_loss.type in (('CharbonnierLoss', 'MSELoss') if starts_at_skip
                                             else ('CharbonnierLoss', ))
        model_cfg.generator.flow_pretrained = None
    else:  # a baseline: MMagic's BasicVSR wrapper around BasicVSRNet / BasicVSRPlusPlusNet
        assert model_cfg.type == 'BasicVSR'
        generator, prefix = innermost_generator(model_cfg.generator)
        assert generator.type in ('BasicVSRNet', 'BasicVSRPlusPlusNet')
        assert 'spynet_pretrained' in generator and generator.spynet_pretrained is None
        assert 'spynet' in custom_keys  # the flow net trains at a reduced lr, as MMagic's
        # MSE only where the last conv starts at zero (ZeroInitHook), as for S2SVR above
        # (inside MinSizePadWrapper, whose network is `net`: 'generator.net.conv_last')
        conv_last = f'generator.{prefix}conv_last'
        zero_init = any(h.type == 'ZeroInitHook' and conv_last in h.modules
                        for h in cfg.get('custom_hooks', []))
        assert model_cfg.pixel_loss.type in (('CharbonnierLoss', 'MSELoss') if zero_init
                                             else ('CharbonnierLoss', ))
    model = MODELS.build(model_cfg)
    assert sum(p.numel() for p in model.parameters()) > 0
    named = dict(model.named_modules())  # every module a ZeroInitHook zeroes exists
    for hook in cfg.get('custom_hooks', []):
        if hook.type == 'ZeroInitHook':
            assert all(hasattr(named.get(name), 'weight') for name in hook.modules), hook


@pytest.mark.parametrize('student,base', [
    ('pwclite_student_1xb4-400_real-clips-bix4.py', 'real_clips_sr_bix4.py'),
    ('pwclite_student_1xb4-400_real-clips-blur.py', 'real_clips_deblur.py'),
    ('pwclite_student_1xb4-400_real-clips-hevc-qp37.py', 'real_clips_hevc_qp37.py'),
])
def test_cpu_flow_students_read_their_task_data(student, base):
    """Each student trains on its task's LQ frames with that task's pipeline, although all
    three inherit the x4 chain of the shared teacher."""
    task = Config.fromfile(osp.join(BASE_DATASETS, base)).train_dataloader.dataset
    dataset = config(student).train_dataloader.dataset
    assert dataset.data_prefix == task.data_prefix
    assert dataset.ann_file == task.ann_file
    assert dataset.pipeline == task.pipeline
    assert dataset.num_input_frames == 2  # frame pairs


def test_paper_scale_teachers_share_one_schedule():
    teachers = [config(f'pwclite_teacher_8xb4-100k_{name}.py')
                for name in ('reds4', 'gopro', 'mfqev2-qp37')]
    for cfg in teachers:
        assert cfg.model.occlusion_from_iter == 0  # ARFlow masks from the start (issue 15)
        assert cfg.optim_wrapper.optimizer.lr == 1e-4  # ARFlow's "lr": 0.0001
        assert cfg.train_cfg.max_iters == cfg.param_scheduler.T_max == 100_000
        assert cfg.default_hooks.checkpoint.interval == 10_000
        assert cfg.default_hooks.checkpoint.save_best is None
        assert cfg.train_dataloader.batch_size == 4
        assert cfg.train_dataloader.dataset.num_input_frames == 2
    assert len({cfg.train_dataloader.dataset.data_root for cfg in teachers}) == 3


def load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


def metafile_models():
    index = load_yaml(osp.join(REPO_ROOT, 'model-index.yml'))
    return {path: load_yaml(osp.join(REPO_ROOT, path)) for path in index['Import']}


def test_model_index_imports_every_metafile():
    index = load_yaml(osp.join(REPO_ROOT, 'model-index.yml'))
    on_disk = sorted(osp.relpath(p, REPO_ROOT) for p in
                     glob.glob(osp.join(REPO_ROOT, 'configs', '*', 'metafile.yml')))
    assert sorted(index['Import']) == on_disk


def test_every_config_is_in_a_metafile_and_every_entry_exists():
    listed = {}
    for metafile, meta in metafile_models().items():
        folder = osp.dirname(metafile)
        collections = {c['Name'] for c in meta['Collections']}
        for c in meta['Collections']:
            assert osp.isfile(osp.join(REPO_ROOT, c['README'])), c['README']
            assert c['Paper']['URL'].startswith('https://')
        for model in meta['Models']:
            path = model['Config']
            assert osp.isfile(osp.join(REPO_ROOT, path)), f'{metafile}: {path} does not exist'
            assert osp.dirname(path) == folder, f'{metafile} lists {path}'
            assert model['Name'] == osp.splitext(osp.basename(path))[0]
            assert model['In Collection'] in collections
            for result in model.get('Results', []):
                assert result['Dataset'] and result['Task']
                assert all(isinstance(v, (int, float)) for v in result['Metrics'].values())
            assert path not in listed, f'{path} is listed twice'
            listed[path] = metafile
    configs = {osp.relpath(c, REPO_ROOT) for c in CONFIGS}
    assert sorted(configs - set(listed)) == [], 'configs missing from every metafile.yml'

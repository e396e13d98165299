"""Checkpoints under torch >= 2.6: a real training checkpoint resumes and loads with
``weights_only=True`` kept on, and a pickle that would run code is still refused."""
import os
import os.path as osp
import pickle

import pytest
import torch
from mmengine.runner import load_checkpoint

from mmagic.registry import MODELS
from s2svr_testing import REPO_ROOT

CONFIG = osp.join(REPO_ROOT, 'configs/s2svr/s2svr_c16b1_1xb1-20_tiny-bix4.py')


def train(work_dir, data_root, max_iters, resume=False):
    import importlib.util
    spec = importlib.util.spec_from_file_location('train', osp.join(REPO_ROOT, 'tools/train.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argv = [CONFIG, '--work-dir', str(work_dir), '--cfg-options',
            f'train_dataloader.dataset.data_root={data_root}',
            f'val_dataloader.dataset.data_root={data_root}',
            f'test_dataloader.dataset.data_root={data_root}',
            f'train_cfg.max_iters={max_iters}', 'train_cfg.val_interval=1000',
            'default_hooks.checkpoint.interval=2', 'default_hooks.checkpoint.save_best=None']
    if resume:
        argv.append('--resume')
    from mmengine.runner import Runner
    runner = Runner.from_cfg(module.build_config(module.parse_args(argv)))
    runner.train()
    return runner


def test_training_checkpoint_resumes_and_loads(tmp_path, frames_root):
    runner = train(tmp_path, frames_root, max_iters=2)
    ckpt = osp.join(tmp_path, 'iter_2.pth')
    assert osp.isfile(ckpt)
    raw = torch.load(ckpt, map_location='cpu', weights_only=True)  # would raise without fix
    assert 'message_hub' in raw and raw['meta']['iter'] == 2
    assert raw['message_hub']['log_scalars']  # HistoryBuffers inside
    del runner

    resumed = train(tmp_path, frames_root, max_iters=4, resume=True)
    assert resumed.iter == 4
    assert osp.isfile(osp.join(tmp_path, 'iter_4.pth'))
    assert int(resumed.model.step_counter) == 4  # the editor's counter was restored too

    model = MODELS.build(dict(type='S2SVRNet', mid_channels=16, num_blocks=1, num_layers=2))
    checkpoint = load_checkpoint(model, osp.join(tmp_path, 'iter_4.pth'), map_location='cpu',
                                 revise_keys=[(r'^generator\.', '')])
    assert checkpoint['meta']['iter'] == 4
    saved = torch.load(osp.join(tmp_path, 'iter_4.pth'), weights_only=True)['state_dict']
    for name, param in model.state_dict().items():
        assert torch.equal(param, saved['generator.' + name]), name


class RunsCode:
    def __reduce__(self):
        return (os.system, ('echo pwned',))


def test_malicious_pickle_is_refused(tmp_path):
    path = tmp_path / 'evil.pth'
    with open(path, 'wb') as f:
        pickle.dump({'state_dict': {}, 'meta': RunsCode()}, f)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path, map_location='cpu')
    model = MODELS.build(dict(type='PWCLite'))
    with pytest.raises(pickle.UnpicklingError):
        load_checkpoint(model, str(path), map_location='cpu')


def test_flow_net_weights_pick_the_student_or_the_requested_part(tmp_path):
    from s2svr_mm.utils import load_flow_net_weights
    net = torch.nn.Linear(2, 1)
    path = tmp_path / 'flow_pretrainer.pth'
    torch.save({'state_dict': {'teacher.weight': torch.ones(1, 2), 'teacher.bias': torch.ones(1),
                               'student.weight': torch.zeros(1, 2),
                               'student.bias': torch.zeros(1)}}, path)
    load_flow_net_weights(net, str(path))
    assert net.weight.eq(0).all()
    load_flow_net_weights(net, str(path), part='teacher')
    assert net.weight.eq(1).all()
    torch.save({'state_dict': {'weight': torch.ones(1, 2), 'bias': torch.ones(1)}}, path)
    with pytest.raises(KeyError, match='no complete teacher'):
        load_flow_net_weights(net, str(path), part='teacher')
    with pytest.raises(ValueError, match='part must be'):
        load_flow_net_weights(net, str(path), part='ema')


def test_flow_net_config_reads_the_recorded_config(tmp_path):
    from s2svr_mm.utils import flow_net_config
    state = {'state_dict': {'w': torch.zeros(1)}}
    torch.save(state, tmp_path / 'plain.pth')
    assert flow_net_config(str(tmp_path / 'plain.pth')) is None
    cfg = ("model = dict(type='S2SVR', generator=dict(type='S2SVRNet', flow_net=dict("
           "type='PWCLite', normalize_features=True, pretrained='x.pth')))\n")
    torch.save({**state, 'meta': {'cfg': cfg}}, tmp_path / 'train.pth')
    assert flow_net_config(str(tmp_path / 'train.pth')) == dict(type='PWCLite',
                                                               normalize_features=True)
    with pytest.raises(FileNotFoundError):
        flow_net_config(str(tmp_path / 'missing.pth'))


def test_config_flow_net_prefers_the_pretrainers_entry_and_drops_pretrained():
    from s2svr_mm.utils import config_flow_net
    restorer = dict(model=dict(generator=dict(flow_net=dict(type='PWCLite', pretrained='x'))))
    assert config_flow_net(restorer) == dict(type='PWCLite')
    assert restorer['model']['generator']['flow_net']['pretrained'] == 'x'  # not modified
    pretrainer = dict(model=dict(flow_net=dict(type='PWCLite', normalize_features=True),
                                 generator=dict(flow_net=dict(type='DISFlow'))))
    assert config_flow_net(pretrainer) == dict(type='PWCLite', normalize_features=True)
    assert config_flow_net(dict(model=dict(generator=dict()))) is None
    assert config_flow_net(dict()) is None

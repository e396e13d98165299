"""mmengine's distributed launchers and default DDP wrapper on a CPU-only machine (gloo),
switched on by the config key ``runner_type='CPUCapableRunner'`` (``default_runtime.py``)."""
import os.path as osp
import socket
import uuid

import mmengine.dist.utils as mmengine_dist_utils
import mmengine.runner.runner as mmengine_runner
import pytest
import torch
import torch.distributed as torch_dist
import torch.nn as nn
from mmengine.config import Config
from mmengine.model import MMDistributedDataParallel
from mmengine.registry import DATASETS, MODELS, RUNNERS

from s2svr_mm.engine import CPUCapableDistributedDataParallel, CPUCapableRunner, cpu_launch
from s2svr_testing import REPO_ROOT
from test_engine.toy_training import Linear, Ones

cpu_only = pytest.mark.skipif(torch.cuda.is_available(), reason='the CPU-only code path')
DEFAULT_RUNTIME = osp.join(REPO_ROOT, 'configs', '_base_', 'default_runtime.py')
LR = 0.1


MODELS.register_module(name='DistTestLinear', force=True, module=Linear)
DATASETS.register_module(name='DistTestOnes', force=True, module=Ones)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture
def process_group_cleanup():
    yield
    if torch_dist.is_initialized():
        torch_dist.destroy_process_group()


@pytest.fixture
def single_process_group(tmp_path, process_group_cleanup):
    torch_dist.init_process_group('gloo', init_method=f'file://{tmp_path}/store', rank=0,
                                  world_size=1)


@pytest.fixture
def launched(monkeypatch, process_group_cleanup):
    """The environment torchrun and Slurm give rank 0 of 1."""
    env = dict(RANK='0', WORLD_SIZE='1', LOCAL_RANK='0', MASTER_ADDR='127.0.0.1',
               MASTER_PORT=str(free_port()), SLURM_PROCID='0', SLURM_NTASKS='1',
               SLURM_NODELIST='localhost', SLURM_LOCALID='0')
    for key, value in env.items():  # also restores what the slurm launcher exports
        monkeypatch.setenv(key, value)


def runner_cfg(work_dir, runner_type, max_iters=2):
    """A config of the toy model with the runtime's ``runner_type``, launched by torchrun."""
    return Config(dict(
        runner_type=runner_type, launcher='pytorch', default_scope='mmagic',
        model=dict(type='DistTestLinear'), work_dir=str(work_dir),
        experiment_name=f'dist_{uuid.uuid4().hex}',
        train_dataloader=dict(dataset=dict(type='DistTestOnes'), batch_size=2, num_workers=0,
                              sampler=dict(type='InfiniteSampler', shuffle=False),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=LR)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        env_cfg=dict(dist_cfg=dict(backend='gloo')), find_unused_parameters=True))


def test_default_wrapper_accepts_a_cpu_model_with_device_ids(single_process_group):
    # what Runner.wrap_model passes: device_ids=[LOCAL_RANK]; torch refuses it for CPU modules
    with pytest.raises(ValueError, match='device_ids'):
        MMDistributedDataParallel(module=nn.Linear(2, 1), device_ids=[0])
    model = CPUCapableDistributedDataParallel(module=nn.Linear(2, 1), device_ids=[0],
                                              find_unused_parameters=True)
    assert model.device_ids is None and model.find_unused_parameters


@cpu_only
@pytest.mark.parametrize('launcher', ['pytorch', 'slurm'])
def test_launchers_initialise_gloo_without_a_gpu(launched, launcher):
    # what mmengine.dist.init_dist calls (init_dist itself also fixes the start method of
    # multiprocessing for the whole test session)
    with cpu_launch('gloo'):
        getattr(mmengine_dist_utils, f'_init_dist_{launcher}')('gloo')
    assert torch_dist.is_initialized() and torch_dist.get_backend() == 'gloo'
    assert torch_dist.get_world_size() == 1


@cpu_only
def test_nccl_without_a_gpu_is_refused_with_the_fix():
    with pytest.raises(RuntimeError, match="env_cfg.dist_cfg.backend='gloo'"):
        with cpu_launch('nccl'):
            mmengine_dist_utils._init_dist_pytorch('nccl')
    assert not torch_dist.is_initialized()


def test_importing_the_plugin_patches_nothing_of_mmengine():
    set_device = torch.cuda.set_device
    with cpu_launch('gloo'):
        pass
    assert torch.cuda.set_device is set_device
    assert mmengine_runner.MMDistributedDataParallel is MMDistributedDataParallel
    assert not hasattr(mmengine_dist_utils._init_dist_pytorch, '__wrapped__')
    assert not hasattr(mmengine_dist_utils._init_dist_slurm, '__wrapped__')


def test_the_runtime_config_key_selects_the_runner():
    assert Config.fromfile(DEFAULT_RUNTIME).runner_type == 'CPUCapableRunner'
    assert RUNNERS.get('CPUCapableRunner') is CPUCapableRunner


@cpu_only
def test_without_the_key_mmengine_cannot_launch_on_cpu(launched, tmp_path):
    with pytest.raises(RuntimeError):
        RUNNERS.build(runner_cfg(tmp_path, 'Runner'))
    assert not torch_dist.is_initialized()


def test_with_the_key_ddp_on_cpu_trains_like_sgd_by_hand(launched, tmp_path):
    """``runner_type`` of the runtime: the launcher initialises gloo, the default wrapper is
    the CPU-capable DDP with the config's ``find_unused_parameters``, and two SGD steps of
    ``mean((w . 1 + b)^2)`` give the weights computed by hand."""
    runner = RUNNERS.build(runner_cfg(tmp_path, Config.fromfile(DEFAULT_RUNTIME).runner_type))
    assert type(runner) is CPUCapableRunner
    assert torch_dist.is_initialized() and torch_dist.get_backend() == 'gloo'
    assert type(runner.model) is CPUCapableDistributedDataParallel
    assert runner.model.device_ids is None and runner.model.find_unused_parameters
    w = runner.model.module.linear.weight.detach().clone()  # (1, 2)
    b = runner.model.module.linear.bias.detach().clone()
    for _ in range(2):  # d/dw (w . 1 + b)^2 = 2 (w . 1 + b) * 1; the same for b
        grad = 2 * (w.sum() + b)
        w, b = w - LR * grad, b - LR * grad
    runner.train()
    assert torch.allclose(runner.model.module.linear.weight, w, atol=1e-6)
    assert torch.allclose(runner.model.module.linear.bias, b, atol=1e-6)

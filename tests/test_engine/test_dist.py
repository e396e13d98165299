"""mmengine's distributed launchers and default DDP wrapper on a CPU-only machine (gloo)."""
import socket

import mmengine.dist.utils as mmengine_dist_utils
import mmengine.runner.runner as mmengine_runner
import pytest
import torch
import torch.distributed as torch_dist
import torch.nn as nn
from mmengine.model import MMDistributedDataParallel

from s2svr_mm.engine import CPUCapableDistributedDataParallel, enable_cpu_distributed

cpu_only = pytest.mark.skipif(torch.cuda.is_available(), reason='the CPU-only code path')


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


def test_default_wrapper_accepts_a_cpu_model_with_device_ids(single_process_group):
    # what Runner.wrap_model passes: device_ids=[LOCAL_RANK]; torch refuses it for CPU modules
    with pytest.raises(ValueError, match='device_ids'):
        MMDistributedDataParallel(module=nn.Linear(2, 1), device_ids=[0])
    model = CPUCapableDistributedDataParallel(module=nn.Linear(2, 1), device_ids=[0],
                                              find_unused_parameters=True)
    assert model.device_ids is None and model.find_unused_parameters
    assert mmengine_runner.MMDistributedDataParallel is CPUCapableDistributedDataParallel


@cpu_only
@pytest.mark.parametrize('launcher', ['pytorch', 'slurm'])
def test_launchers_initialise_gloo_without_a_gpu(monkeypatch, process_group_cleanup,
                                                 launcher):
    env = dict(RANK='0', WORLD_SIZE='1', LOCAL_RANK='0', MASTER_ADDR='127.0.0.1',
               MASTER_PORT=str(free_port()), SLURM_PROCID='0', SLURM_NTASKS='1',
               SLURM_NODELIST='localhost', SLURM_LOCALID='0')
    for key, value in env.items():  # also restores what the slurm launcher exports
        monkeypatch.setenv(key, value)
    # what mmengine.dist.init_dist calls (init_dist itself also fixes the start method of
    # multiprocessing for the whole test session)
    getattr(mmengine_dist_utils, f'_init_dist_{launcher}')('gloo')
    assert torch_dist.is_initialized() and torch_dist.get_backend() == 'gloo'
    assert torch_dist.get_world_size() == 1


@cpu_only
def test_nccl_without_a_gpu_is_refused_with_the_fix():
    with pytest.raises(RuntimeError, match="env_cfg.dist_cfg.backend='gloo'"):
        mmengine_dist_utils._init_dist_pytorch('nccl')
    assert not torch_dist.is_initialized()


def test_enabling_twice_wraps_once():
    enable_cpu_distributed()
    enable_cpu_distributed()
    init = mmengine_dist_utils._init_dist_pytorch
    assert init.cpu_capable and not getattr(init.__wrapped__, 'cpu_capable', False)

"""ResumableCheckpointHook on mmengine's real Runner with a toy model (fast, in-process): the
learning-rate schedule after a resume with more iterations, the random streams of a stochastic
run, a kill in the middle of a checkpoint write, and validation leaving the streams alone."""
import glob
import os
import os.path as osp
import random
import signal
import uuid

import numpy as np
import pytest
import torch
import torch.nn as nn
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import Dataset

import s2svr_mm.engine  # noqa: F401  (registers ResumableCheckpointHook)
from s2svr_mm.engine import ResumableCheckpointHook


class ToyModel(BaseModel):
    """A linear model whose forward adds noise: stochastic training drawing from torch's
    global generator, as dropout or a random flow augmentation would."""

    def __init__(self, noise=0.1):
        super().__init__()
        self.linear = nn.Linear(4, 1)
        self.noise = noise

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        out = out + self.noise * torch.randn_like(out)
        return dict(loss=out.pow(2).mean()) if mode == 'loss' else out


class ToyDataset(Dataset):
    """Samples jittered with NumPy's global generator (a random augmentation)."""

    def __len__(self):
        return 8

    def __getitem__(self, index):
        return dict(inputs=torch.full((4,), float(index)) + float(np.random.rand()))


class Recorder(Hook):
    """Learning rate and loss of every iteration."""

    priority = 'LOWEST'

    def __init__(self):
        self.lrs, self.losses = {}, {}

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.lrs[runner.iter + 1] = runner.optim_wrapper.get_lr()['lr'][0]

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.losses[runner.iter + 1] = float(outputs['loss'])


class Interrupt(Exception):
    """Raised by :class:`StopAt` to end a run as a crash would."""


class StopAt(Hook):

    def __init__(self, iteration):
        self.iteration = iteration

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter + 1 == self.iteration:
            raise Interrupt


def train(work_dir, max_iters, periods, resume=False, checkpoint=None, stop_at=None,
          load_from=None):
    """Train the toy model with the tiny config's schedule type (CosineRestartLR, by iter)."""
    recorder = Recorder()
    hooks = [recorder] + ([StopAt(stop_at)] if stop_at else [])
    torch.manual_seed(0)  # the model is built before the runner seeds the generators
    runner = Runner(
        model=ToyModel(),
        work_dir=str(work_dir),
        experiment_name=f'toy_{uuid.uuid4().hex}',
        train_dataloader=dict(dataset=ToyDataset(), batch_size=2, num_workers=0,
                              sampler=dict(type='InfiniteSampler', shuffle=True),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=0.01)),
        param_scheduler=dict(type='CosineRestartLR', by_epoch=False, periods=[periods],
                             restart_weights=[1], eta_min=1e-7),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        default_hooks=dict(checkpoint=checkpoint or dict(
            type='ResumableCheckpointHook', interval=2, by_epoch=False)),
        custom_hooks=hooks,
        randomness=dict(seed=0),
        resume=resume,
        load_from=load_from,
        default_scope='mmagic')
    try:
        runner.train()
    except Interrupt:
        pass
    return runner, recorder


def log_text(work_dir):
    return ''.join(open(path).read() for path in glob.glob(osp.join(work_dir, '*', '*.log')))


@pytest.mark.parametrize('hook_type', ['ResumableCheckpointHook', 'CheckpointHook'])
def test_resume_with_more_iterations_follows_the_configured_schedule(tmp_path, hook_type):
    """The reported bug: resuming CosineRestartLR(by_epoch=False) with a larger max_iters froze
    the lr at the resumed iteration (mmengine restores the scheduler's `end`, which defaults to
    the first run's max_iters). With stock CheckpointHook the freeze is reproduced (control)."""
    _, uninterrupted = train(tmp_path / 'full', max_iters=8, periods=8)
    checkpoint = dict(type=hook_type, interval=2, by_epoch=False)
    train(tmp_path / 'run', max_iters=4, periods=8, checkpoint=checkpoint)
    runner, resumed = train(tmp_path / 'run', max_iters=8, periods=8, resume=True,
                            checkpoint=checkpoint)
    assert runner.iter == 8 and sorted(resumed.lrs) == [5, 6, 7, 8]
    later = [uninterrupted.lrs[i] for i in range(5, 9)]
    assert len(set(later)) == 4  # the uninterrupted run keeps decaying
    if hook_type == 'ResumableCheckpointHook':
        assert [resumed.lrs[i] for i in range(5, 9)] == pytest.approx(later, rel=1e-12)
        assert 'param_scheduler[0].end: 4 -> 8' in log_text(tmp_path / 'run')
    else:  # mmengine 0.10.7 alone: the lr stays at the value of the resumed iteration
        assert len({resumed.lrs[i] for i in range(5, 9)}) == 1


def test_loading_weights_into_a_new_run_keeps_its_own_schedule(tmp_path):
    """`load_from` without `--resume` starts at iteration 0: no scheduler step is replayed
    and no generator state restored."""
    train(tmp_path / 'old', max_iters=4, periods=8)  # its scheduler ends at 4, the new at 8
    _, fresh = train(tmp_path / 'fresh', max_iters=8, periods=8)
    runner, loaded = train(tmp_path / 'new', max_iters=8, periods=8,
                           load_from=str(tmp_path / 'old' / 'iter_4.pth'))
    assert loaded.lrs == fresh.lrs and runner.iter == 8
    assert 'Random-number generators restored' not in log_text(tmp_path / 'new')


@pytest.mark.parametrize('save_rng_state', [True, False])
def test_resumed_stochastic_run_draws_what_the_uninterrupted_one_drew(tmp_path, save_rng_state):
    """Noise in the forward pass (torch) and data jitter (NumPy): after a crash at iteration 3
    and a resume from iteration 2, the losses equal the uninterrupted run's only when the
    generator states are restored (the control without them differs)."""
    checkpoint = dict(type='ResumableCheckpointHook', interval=2, by_epoch=False,
                      save_rng_state=save_rng_state)
    _, uninterrupted = train(tmp_path / 'full', 6, 6, checkpoint=checkpoint)
    _, crashed = train(tmp_path / 'run', 6, 6, checkpoint=checkpoint, stop_at=3)
    assert sorted(crashed.losses) == [1, 2]
    runner, resumed = train(tmp_path / 'run', 6, 6, resume=True, checkpoint=checkpoint)
    assert runner.iter == 6 and sorted(resumed.losses) == [3, 4, 5, 6]
    same = [resumed.losses[i] == uninterrupted.losses[i] for i in range(3, 7)]
    assert all(same) if save_rng_state else not any(same)
    saved = torch.load(tmp_path / 'run' / 'iter_2.pth', map_location='cpu', weights_only=True)
    assert ('rng_states' in saved) == save_rng_state
    if save_rng_state:
        assert len(saved['rng_states']) == 1  # one entry per rank
        assert set(saved['rng_states'][0]) == {'python', 'numpy', 'torch', 'cuda'}


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='needs os.fork')
def test_kill_during_a_checkpoint_write_keeps_the_previous_checkpoint_as_latest(tmp_path):
    """SIGKILL after iter_4.pth was fully written to its temporary file but before the rename,
    with max_keep_ckpts=1 (stock CheckpointHook deletes iter_2.pth before writing iter_4.pth):
    last_checkpoint still names the complete iter_2.pth, and resuming finishes the run."""
    checkpoint = dict(type='ResumableCheckpointHook', interval=2, by_epoch=False,
                      max_keep_ckpts=1)
    pid = os.fork()
    if pid == 0:  # child: train and die in the middle of saving iteration 4
        try:
            torch.set_num_threads(1)
            replace = os.replace

            def replace_or_die(src, dst):
                if str(dst).endswith('iter_4.pth'):
                    os.kill(os.getpid(), signal.SIGKILL)
                replace(src, dst)

            os.replace = replace_or_die  # AtomicOutput (s2svr_mm/fileio/atomic.py) renames
            train(tmp_path, max_iters=6, periods=6, checkpoint=checkpoint)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read() == str(tmp_path / 'iter_2.pth')
    assert not osp.exists(tmp_path / 'iter_4.pth')
    partial = glob.glob(str(tmp_path / '.iter_4.pth.*.part'))
    assert len(partial) == 1 and osp.getsize(partial[0]) > 0
    saved = torch.load(tmp_path / 'iter_2.pth', map_location='cpu', weights_only=True)
    assert saved['meta']['iter'] == 2

    runner, resumed = train(tmp_path, max_iters=6, periods=6, resume=True,
                            checkpoint=checkpoint)
    assert runner.iter == 6 and sorted(resumed.losses) == [3, 4, 5, 6]
    assert glob.glob(str(tmp_path / '.*.part')) == []
    assert sorted(osp.basename(p) for p in glob.glob(str(tmp_path / 'iter_*.pth'))) == [
        'iter_6.pth']


def test_validation_leaves_the_training_streams_untouched():
    hook = ResumableCheckpointHook(interval=1)
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    hook.before_val(runner=None)
    torch.rand(3), np.random.rand(3), random.random()  # what validation draws
    hook.after_val(runner=None)
    after = (torch.rand(2), np.random.rand(2), random.random())
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    expected = (torch.rand(2), np.random.rand(2), random.random())
    assert torch.equal(after[0], expected[0])
    assert np.array_equal(after[1], expected[1]) and after[2] == expected[2]

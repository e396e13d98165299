"""Checkpoints of unknown origin: resuming never unpickles code; full unpickling needs the
explicit opt-in (``load_trusted_checkpoint`` or a ``trusted://`` path)."""
import os
import os.path as osp
import pickle
import uuid

import pytest
import torch
import torch.nn as nn
from mmengine.runner import Runner, load_checkpoint

import s2svr_mm.engine  # noqa: F401  (registers ResumableCheckpointHook)
from s2svr_mm.utils.checkpoint import TRUSTED_PREFIX, load_trusted_checkpoint
from test_engine.toy_training import Linear, Ones


class MakesDirectory:
    """Unpickling it calls ``os.mkdir(path)``: a visible stand-in for arbitrary code."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


class LegacyMeta:
    """A class an older code base pickled into its checkpoints: harmless, not allow-listed."""


def runner(work_dir, max_iters, resume=False, load_from=None):
    return Runner(
        model=Linear(), work_dir=str(work_dir), experiment_name=f'trust_{uuid.uuid4().hex}',
        train_dataloader=dict(dataset=Ones(), batch_size=2, num_workers=0,
                              sampler=dict(type='InfiniteSampler', shuffle=False),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        default_hooks=dict(checkpoint=dict(type='ResumableCheckpointHook', interval=2,
                                           by_epoch=False)),
        resume=resume, load_from=load_from, default_scope='mmagic')


@pytest.mark.parametrize('via', ['last_checkpoint', 'load_from'])
def test_resume_refuses_a_checkpoint_that_would_run_code(tmp_path, via):
    runner(tmp_path, max_iters=2).train()
    marker = tmp_path / 'pwned'
    checkpoint = torch.load(tmp_path / 'iter_2.pth', weights_only=True)
    checkpoint['meta']['note'] = MakesDirectory(marker)
    evil = tmp_path / 'iter_2.pth'  # a tampered checkpoint where the real one was
    torch.save(checkpoint, evil)
    resumed = runner(tmp_path, max_iters=4, resume=True,
                     load_from=str(evil) if via == 'load_from' else None)
    with pytest.raises(pickle.UnpicklingError, match='mkdir'):
        resumed.train()
    assert not marker.exists()


def test_trusted_opt_in_loads_a_legacy_checkpoint_and_resumes_from_it(tmp_path):
    runner(tmp_path / 'run', max_iters=2).train()
    checkpoint = torch.load(tmp_path / 'run' / 'iter_2.pth', weights_only=True)
    checkpoint['meta']['note'] = LegacyMeta()
    legacy = tmp_path / 'legacy.pth'
    torch.save(checkpoint, legacy)

    with pytest.raises(pickle.UnpicklingError):  # refused without the opt-in
        load_checkpoint(nn.Module(), str(legacy), map_location='cpu')
    loaded = load_trusted_checkpoint(str(legacy))
    assert isinstance(loaded['meta']['note'], LegacyMeta)
    model = Linear()
    load_checkpoint(model, TRUSTED_PREFIX + str(legacy), map_location='cpu')
    assert torch.equal(model.linear.weight, checkpoint['state_dict']['linear.weight'])

    resumed = runner(tmp_path / 'resumed', max_iters=4, resume=True,
                     load_from=TRUSTED_PREFIX + str(legacy))
    resumed.train()
    assert resumed.iter == 4


def test_the_opt_in_really_runs_pickled_code(tmp_path):
    """Documents why it must stay explicit."""
    marker = tmp_path / 'ran'
    torch.save({'state_dict': {}, 'meta': MakesDirectory(marker)}, tmp_path / 'evil.pth')
    load_trusted_checkpoint(str(tmp_path / 'evil.pth'))
    assert marker.is_dir()


def test_trusted_scheme_takes_local_files_only(tmp_path):
    with pytest.raises(ValueError, match='local path'):
        load_checkpoint(nn.Module(), TRUSTED_PREFIX + 'https://example.com/x.pth')
    with pytest.raises(FileNotFoundError):
        load_trusted_checkpoint(osp.join(str(tmp_path), 'missing.pth'))

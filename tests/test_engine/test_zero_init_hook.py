"""ZeroInitHook on mmengine's real Runner with the toy linear model: a fresh run starts from
zero weights (its first output is exactly 0), a loaded or resumed run keeps its weights, and a
wrong name is one clear error."""
import uuid

import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

import s2svr_mm.engine  # noqa: F401  (registers the hooks)
from s2svr_mm.engine.hooks import ZeroInitHook
from test_engine.toy_training import Linear, Ones


class FirstWeights(Hook):
    """The linear layer's parameters as the first trained iteration sees them."""

    priority = 'LOWEST'

    def __init__(self):
        self.seen = {}

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.seen[runner.iter] = [p.detach().clone() for p in runner.model.linear.parameters()]


def train(work_dir, modules, max_iters=2, load_from=None, resume=False):
    recorder = FirstWeights()
    torch.manual_seed(0)
    runner = Runner(
        model=Linear(), work_dir=str(work_dir), experiment_name=f'toy_{uuid.uuid4().hex}',
        train_dataloader=dict(dataset=Ones(), batch_size=2, num_workers=0,
                              sampler=dict(type='InfiniteSampler', shuffle=False),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1, by_epoch=False)),
        custom_hooks=[dict(type='ZeroInitHook', modules=modules), recorder],
        load_from=load_from, resume=resume, default_scope='mmagic')
    runner.train()
    return runner, recorder.seen


def test_a_fresh_run_starts_at_zero(tmp_path):
    fresh = Linear()
    assert fresh.linear.weight.abs().sum() > 0  # default init is not zero
    _, seen = train(tmp_path, ['linear'])
    weight, bias = seen[0]
    assert torch.equal(weight, torch.zeros(1, 2)) and torch.equal(bias, torch.zeros(1))
    # loss mean(y^2) has zero gradient at y = 0: SGD keeps it there
    assert torch.equal(seen[1][0], torch.zeros(1, 2))


def test_loaded_and_resumed_runs_keep_their_weights(tmp_path):
    # a checkpoint with non-zero weights, written by a run without the hook's effect
    torch.manual_seed(0)
    model = Linear()
    ckpt = tmp_path / 'nonzero.pth'
    torch.save(dict(state_dict=model.state_dict(), meta=dict()), ckpt)
    _, seen = train(tmp_path / 'loaded', ['linear'], load_from=str(ckpt))
    assert torch.equal(seen[0][0], model.linear.weight.detach())
    # resume from iteration 1 of a run whose weights moved away from zero
    work = tmp_path / 'resumed'
    train(work, ['linear'], max_iters=1, load_from=str(ckpt))
    saved = torch.load(work / 'iter_1.pth', map_location='cpu')['state_dict']['linear.weight']
    _, seen = train(work, ['linear'], max_iters=2, resume=True)
    assert sorted(seen) == [1] and torch.equal(seen[1][0], saved)
    assert saved.abs().sum() > 0


def test_unknown_module_and_empty_list(tmp_path):
    with pytest.raises(ValueError, match="no module 'conv_last'"):
        train(tmp_path, ['conv_last'])
    with pytest.raises(ValueError, match='at least one'):
        ZeroInitHook([])

"""FiniteCheckOptimWrapper: a NaN/Inf loss or gradient never reaches the weights; it stops
training with a clear error, or is skipped, counted and logged."""
import logging
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import MMLogger, MessageHub
from mmengine.optim import build_optim_wrapper

import s2svr_mm.engine  # noqa: F401  (registers FiniteCheckOptimWrapper)
from mmagic.registry import MODELS
from mmagic.structures import DataSample
from s2svr_mm.engine import FiniteCheckOptimWrapper
from s2svr_testing import REPO_ROOT


def build_s2svr():
    return MODELS.build(dict(
        type='S2SVR',
        generator=dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=1),
        pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
        train_cfg=dict(fix_iter=0),
        data_preprocessor=dict(type='DataPreprocessor', mean=[0., 0., 0.],
                               std=[255., 255., 255.])))


def build_wrapper(model, **kwargs):
    """As the configs do: the default constructor, Adam, the flow net's lr_mult."""
    return build_optim_wrapper(model, dict(
        type='FiniteCheckOptimWrapper', optimizer=dict(type='Adam', lr=1e-3),
        paramwise_cfg=dict(custom_keys={'flow_net': dict(lr_mult=0.25)}), **kwargs))


def batch(nan=False):
    torch.manual_seed(0)
    lqs = torch.randint(0, 255, (2, 3, 8, 8)).float()
    if nan:
        lqs[1, :, 2:4, 2:4] = float('nan')  # a few corrupt pixels in one frame
    sample = DataSample(gt_img=torch.randint(0, 255, (2, 3, 32, 32)).float())
    return dict(inputs=[lqs], data_samples=[sample])


def snapshot(model, optim_wrapper):
    weights = {k: v.clone() for k, v in model.state_dict().items() if k != 'step_counter'}
    moments = [s['exp_avg'].clone() for s in optim_wrapper.optimizer.state.values()]
    return weights, moments


def assert_unchanged(before, after):
    assert before[0].keys() == after[0].keys()
    assert all(torch.equal(before[0][k], after[0][k]) for k in before[0])
    assert len(before[1]) == len(after[1]) > 0
    assert all(torch.equal(a, b) for a, b in zip(before[1], after[1]))


class Records(logging.Handler):

    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged():
    logger = MMLogger.get_current_instance()
    handler = Records()
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_nan_input_stops_training_and_leaves_the_weights_unchanged():
    model = build_s2svr()
    optim_wrapper = build_wrapper(model)
    assert isinstance(optim_wrapper, FiniteCheckOptimWrapper)
    model.train_step(batch(), optim_wrapper)  # a finite step: Adam has moments now
    before = snapshot(model, optim_wrapper)
    with pytest.raises(FloatingPointError, match=r"non-finite loss \(nan\).*on_nonfinite='skip'"):
        model.train_step(batch(nan=True), optim_wrapper)
    assert_unchanged(before, snapshot(model, optim_wrapper))


def test_nan_input_is_skipped_counted_and_logged(warnings_logged):
    model = build_s2svr()
    optim_wrapper = build_wrapper(model, on_nonfinite='skip')
    model.train_step(batch(), optim_wrapper)
    before = snapshot(model, optim_wrapper)
    model.train_step(batch(nan=True), optim_wrapper)
    assert_unchanged(before, snapshot(model, optim_wrapper))
    assert optim_wrapper.skipped_steps == 1
    assert MessageHub.get_current_instance().get_scalar('train/skipped_steps').current() == 1
    assert any('Skipped the update' in m and 'non-finite loss (nan)' in m and
               '1 in total' in m for m in warnings_logged)
    assert all(p.grad is None or not p.grad.abs().sum() for p in model.parameters())

    model.train_step(batch(), optim_wrapper)  # training goes on normally afterwards
    after = snapshot(model, optim_wrapper)
    assert not all(torch.equal(before[0][k], after[0][k]) for k in before[0])
    assert all(torch.isfinite(v).all() for v in after[0].values())

    restored = build_wrapper(build_s2svr(), on_nonfinite='skip')  # the count survives a resume
    restored.load_state_dict(optim_wrapper.state_dict())
    assert restored.skipped_steps == 1


def test_nonfinite_gradient_of_a_finite_loss_is_refused_and_named():
    model = nn.Linear(2, 1)
    optim_wrapper = FiniteCheckOptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    optim_wrapper.initialize_count_status(model, init_counts=0, max_counts=10)
    before = model.weight.detach().clone()
    # sqrt(w - w) is 0 but its derivative 1 / (2 sqrt(0)) is infinite
    loss = torch.sqrt(model.weight - model.weight.detach()).sum()
    assert torch.isfinite(loss)
    with pytest.raises(FloatingPointError, match=r'gradients of 1 parameters \(weight\)'):
        optim_wrapper.update_params(loss)
    assert torch.equal(model.weight, before)


def test_a_nan_micro_batch_discards_its_whole_accumulation_window():
    model = nn.Linear(2, 1)
    optim_wrapper = FiniteCheckOptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1),
                                            on_nonfinite='skip', accumulative_counts=2)
    optim_wrapper.initialize_count_status(model, init_counts=0, max_counts=4)
    before = model.weight.detach().clone()
    optim_wrapper.update_params(model(torch.tensor([[float('nan'), 1.0]])).sum())
    optim_wrapper.update_params(model(torch.ones(1, 2)).sum())  # end of the window: skipped
    assert torch.equal(model.weight, before) and optim_wrapper.skipped_steps == 1
    optim_wrapper.update_params(model(torch.ones(1, 2)).sum())
    optim_wrapper.update_params(model(torch.ones(1, 2)).sum())  # a clean window: applied
    assert not torch.equal(model.weight, before) and optim_wrapper.skipped_steps == 1


def test_too_many_skips_in_a_row_mean_divergence():
    model = nn.Linear(2, 1)
    optim_wrapper = FiniteCheckOptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1),
                                            on_nonfinite='skip', max_consecutive_skips=2)
    nan_loss = model(torch.tensor([[float('inf'), -float('inf')]])).sum()
    optim_wrapper.update_params(nan_loss)
    with pytest.raises(FloatingPointError, match='2 updates in a row were skipped'):
        optim_wrapper.update_params(model(torch.tensor([[float('nan'), 0.0]])).sum())


@pytest.mark.parametrize('kwargs', [dict(on_nonfinite='ignore'),
                                    dict(max_consecutive_skips=0)])
def test_invalid_settings_are_rejected(kwargs):
    with pytest.raises(ValueError):
        FiniteCheckOptimWrapper(torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1), **kwargs)


@pytest.mark.parametrize('config', ['configs/_base_/models/s2svr_sr.py',
                                    'configs/s2svr/s2svr_c16b1_1xb1-20_tiny-bix4.py'])
def test_configs_train_through_the_check(config):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    assert cfg.optim_wrapper.type == 'FiniteCheckOptimWrapper'

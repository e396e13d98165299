import pytest
import torch
from mmengine.optim import build_optim_wrapper

from mmagic.registry import MODELS
from mmagic.structures import DataSample

GENERATOR = dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=1)


def build(fix_iter=1, generator=GENERATOR):
    return MODELS.build(dict(
        type='S2SVR', generator=generator,
        pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
        train_cfg=dict(fix_iter=fix_iter),
        data_preprocessor=dict(type='DataPreprocessor', mean=[0., 0., 0.],
                               std=[255., 255., 255.])))


def batch():
    inputs = [torch.randint(0, 255, (3, 3, 16, 16)).float()]
    sample = DataSample(gt_img=torch.randint(0, 255, (3, 3, 64, 64)).float())
    return dict(inputs=inputs, data_samples=[sample])


def test_fix_iter_freezes_the_flow_net_then_trains_it():
    model = build(fix_iter=1)
    optim = build_optim_wrapper(model, dict(type='OptimWrapper',
                                            optimizer=dict(type='Adam', lr=1e-3)))
    flow_params = model.flow_net_parameters()
    assert len(flow_params) == len(list(model.generator.flow_net.parameters())) > 0
    before = [p.detach().clone() for p in flow_params]
    model.train_step(batch(), optim)  # step 0 < fix_iter: frozen
    assert not any(p.requires_grad for p in flow_params)
    assert all(torch.equal(a, b) for a, b in zip(before, flow_params))
    other = [p for n, p in model.generator.named_parameters() if not n.startswith('flow_net.')]
    assert all(p.requires_grad for p in other)
    model.train_step(batch(), optim)  # step 1 == fix_iter: trained
    assert all(p.requires_grad for p in flow_params)
    assert any(not torch.equal(a, b) for a, b in zip(before, flow_params))
    assert int(model.step_counter) == 2


def test_flow_net_lr_mult_reaches_its_parameters():
    model = build()
    optim = build_optim_wrapper(model, dict(
        type='OptimWrapper', optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.99)),
        paramwise_cfg=dict(custom_keys={'flow_net': dict(lr_mult=0.25)})))
    flow_ids = {id(p) for p in model.flow_net_parameters()}
    lrs = {}
    for group in optim.optimizer.param_groups:
        for p in group['params']:
            lrs[id(p)] = group['lr']
    assert sorted({lrs[i] for i in flow_ids}) == pytest.approx([5e-5])
    assert sorted({lr for i, lr in lrs.items() if i not in flow_ids}) == pytest.approx([2e-4])


def test_fix_iter_without_a_flow_net_is_an_error():
    with pytest.raises(ValueError, match='flow_net'):
        build(fix_iter=5, generator=dict(type='BasicVSRNet', mid_channels=8, num_blocks=1))

"""s2svr_mm.benchmarking.models: the shipped row is the catalogue's model; seeded builds."""
import torch

from s2svr_mm.apis.catalogue import DEFAULT_MODELS, config_path, default_model
from s2svr_mm.benchmarking.models import (CONFIGS, build, generator_cfg, model_spec, num_params,
                                         parse_size)


def test_shipped_row_is_the_catalogues_sr_model():
    assert CONFIGS['default'] == default_model('sr')[0] == config_path(DEFAULT_MODELS['sr'][0])
    task, spec = model_spec('s2svr-default')
    assert task == 'sr'
    assert spec == generator_cfg(default_model('sr')[0])
    assert spec['flow_pretrained'] is None


def test_config_override_and_fixed_specs():
    paper = CONFIGS['paper']
    assert model_spec('s2svr-default', dict(default=paper))[1] == model_spec('s2svr-paper')[1]
    task, spec = model_spec('basicvsrpp-same')
    assert task == 'same' and spec['is_low_res_input'] is False
    spec['mid_channels'] = 1  # a copy: the table is untouched
    assert model_spec('basicvsrpp-same')[1]['mid_channels'] == 64


def test_build_is_seeded_and_params_count_by_hand():
    spec = dict(type='BasicVSRNet', mid_channels=4, num_blocks=1, spynet_pretrained=None)
    a, b = build(spec, torch.device('cpu')), build(spec, torch.device('cpu'))
    assert not a.training
    for pa, pb in zip(a.parameters(), b.parameters()):
        assert torch.equal(pa, pb)
    assert num_params(torch.nn.Conv2d(8, 16, 3)) == 16 * 8 * 9 + 16


def test_parse_size():
    assert parse_size('180x320') == (180, 320)
    assert parse_size('64X64') == (64, 64)

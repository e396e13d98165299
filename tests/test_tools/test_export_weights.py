"""tools/export_weights.py keeps the generator, halves it on request, and loads back."""
import os
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_apis'))
from restore_testing import write_tiny_model  # noqa: E402

from s2svr_mm.apis import load_generator  # noqa: E402


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/export_weights.py')


@pytest.mark.parametrize('fp16', [False, True])
def test_export_loads_back_as_the_same_generator(tool, tmp_path, fp16, capsys):
    config, checkpoint, net = write_tiny_model(tmp_path, is_low_res_input=True)
    ckpt = torch.load(checkpoint, weights_only=True)
    ckpt['state_dict']['data_preprocessor.mean'] = torch.zeros(3)  # dropped by the export
    torch.save(ckpt, checkpoint)
    out = tmp_path / 'w' / 'sr.pth'
    args = [checkpoint, str(out), '--config', config, '--command', 'mim train x']
    assert tool.main(args + (['--fp16'] if fp16 else [])) == 0
    saved = torch.load(out, weights_only=True)
    assert all(k.startswith('generator.') for k in saved['state_dict'])
    assert saved['meta']['command'] == 'mim train x'
    assert saved['meta']['num_params'] == sum(p.numel() for p in net.state_dict().values())
    dtypes = {v.dtype for v in saved['state_dict'].values() if v.is_floating_point()}
    assert dtypes == {torch.float16 if fp16 else torch.float32}
    loaded, _ = load_generator(config, str(out))
    for (name, a), b in zip(net.state_dict().items(), loaded.state_dict().values()):
        tol = 1e-3 * a.abs().max().item() if fp16 else 0
        assert torch.allclose(a.float(), b, atol=tol, rtol=0), name
    assert os.listdir(tmp_path / 'w') == ['sr.pth']  # no temporary left


def test_refuses_missing_files_and_checkpoints_without_a_generator(tool, tmp_path, capsys):
    config, _, _ = write_tiny_model(tmp_path, is_low_res_input=False)
    assert tool.main([str(tmp_path / 'none.pth'), str(tmp_path / 'o.pth'),
                      '--config', config]) == 1
    assert "checkpoint" in capsys.readouterr().err
    torch.save(dict(state_dict=dict(w=torch.zeros(1))), tmp_path / 'other.pth')
    assert tool.main([str(tmp_path / 'other.pth'), str(tmp_path / 'o.pth'),
                      '--config', config]) == 1
    assert 'no generator' in capsys.readouterr().err
    assert not (tmp_path / 'o.pth').exists()


def test_flow_part_exports_a_pwclite_that_loads_as_pretrained(tool, tmp_path, capsys):
    """--flow-part teacher: the teacher of a FlowPretrainer checkpoint as a plain state dict."""
    from mmagic.registry import MODELS
    torch.manual_seed(0)
    teacher = MODELS.build(dict(type='PWCLite'))
    torch.manual_seed(1)
    student = MODELS.build(dict(type='PWCLite'))
    state = {**{f'teacher.{k}': v for k, v in teacher.state_dict().items()},
             **{f'student.{k}': v for k, v in student.state_dict().items()}}
    torch.save(dict(state_dict=state, meta=dict(iter=7)), tmp_path / 'flow.pth')
    config = tmp_path / 'flow_cfg.py'
    config.write_text('model = dict()\n')
    out = tmp_path / 'teacher.pth'
    assert tool.main([str(tmp_path / 'flow.pth'), str(out), '--config', str(config),
                      '--flow-part', 'teacher', '--fp16']) == 0
    saved = torch.load(out, weights_only=True)
    assert set(saved['state_dict']) == set(teacher.state_dict())
    assert saved['meta']['iter'] == 7
    loaded = MODELS.build(dict(type='PWCLite', pretrained=str(out)))
    w = 'flow_estimator.conv1.0.weight'
    assert torch.allclose(loaded.state_dict()[w], teacher.state_dict()[w], atol=1e-3)
    assert not torch.allclose(loaded.state_dict()[w], student.state_dict()[w], atol=1e-3)


def test_flow_part_generator_flow_net_exports_a_restorers_flow_network(tool, tmp_path, capsys):
    """--flow-part generator.flow_net: the PWC-Lite inside a restorer checkpoint (the student
    it kept frozen) as a plain state dict, the network built from the restorer's config."""
    from mmagic.registry import MODELS
    config, checkpoint, net = write_tiny_model(tmp_path, is_low_res_input=False, fp16=True)
    out = tmp_path / 'student.pth'
    assert tool.main([checkpoint, str(out), '--config', config,
                      '--flow-part', 'generator.flow_net', '--fp16']) == 0
    saved = torch.load(out, weights_only=True)
    expected = net.flow_net.state_dict()
    assert set(saved['state_dict']) == set(expected)
    for name, value in expected.items():  # the fp16 weights, unchanged
        assert torch.equal(saved['state_dict'][name].float(), value), name
    loaded = MODELS.build(dict(type='PWCLite', pretrained=str(out)))
    w = 'flow_estimator.conv1.0.weight'
    assert torch.equal(loaded.state_dict()[w], expected[w])
    torch.save(dict(state_dict={}), tmp_path / 'empty.pth')  # no flow network: refused
    assert tool.main([str(tmp_path / 'empty.pth'), str(tmp_path / 'o.pth'), '--config', config,
                      '--flow-part', 'generator.flow_net']) == 1
    assert 'no generator.flow_net.* weights' in capsys.readouterr().err
    assert not (tmp_path / 'o.pth').exists()

"""tools/bench_speedups.py: a ``--quick`` run on CPU, and its gate switch."""
import json

import pytest
import torch

from s2svr_mm.models.backbones.blocks import ConvGRU

TOOL = 'tools/bench_speedups.py'


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool(TOOL)


def test_quick_run_times_every_variant_and_keeps_outputs(tool, tmp_path, capsys):
    results = tool.main(['--quick', '--threads', '1', '--models', 's2svr-default',
                         '--out-dir', str(tmp_path)])
    saved = json.loads((tmp_path / 'bench_speedups.json').read_text())
    assert saved['models'].keys() == results['models'].keys() == {'s2svr-default'}
    rows = saved['models']['s2svr-default']
    assert set(rows) == set(tool.VARIANTS)
    assert rows['before']['ratio'] == 1.0
    for row in rows.values():
        assert len(row['seconds']) == 1 and row['ms_per_frame'] > 0
        assert row['max_abs_diff'] < 1e-5  # the speed-ups keep the outputs
    assert rows['before']['max_abs_diff'] == 0.0
    table = capsys.readouterr().out
    assert '| s2svr-default | channels-last |' in table


def test_gate_switch_restores_the_shipped_forward(tool):
    shipped = ConvGRU.forward
    with tool.gates(fused=True):
        assert ConvGRU.forward is tool.fused_gates_forward
    assert ConvGRU.forward is shipped
    with pytest.raises(RuntimeError), tool.gates(fused=True):
        raise RuntimeError('boom')
    assert ConvGRU.forward is shipped
    torch.manual_seed(0)
    gru = ConvGRU(4, 3)
    h, x = torch.randn(1, 4, 5, 5), torch.randn(1, 3, 5, 5)
    assert torch.allclose(tool.fused_gates_forward(gru, h, x), gru(h, x), atol=1e-6)

"""tools/benchmark.py: a ``--quick`` run on CPU (the measuring itself is tested in
``tests/test_benchmarking``)."""
import json

import pytest
from mmagic.models.editors.basicvsr.basicvsr_net import BasicVSRNet
from mmagic.models.editors.basicvsr_plusplus_net.basicvsr_plusplus_net import \
    BasicVSRPlusPlusNet
from mmagic.registry import MODELS
from mmengine import Config

from s2svr_mm.apis.catalogue import default_model

TOOL = 'tools/benchmark.py'
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


@pytest.fixture(scope='module')
def bench(load_tool):
    return load_tool(TOOL)


@pytest.fixture(scope='module')
def quick_run(bench, tmp_path_factory):
    """One ``--quick`` run (about a minute on one thread): (results, output folder)."""
    out_dir = tmp_path_factory.mktemp('benchmark')
    bench.main(['--device', 'cpu', '--quick', '--threads', '1', '--out-dir', str(out_dir)])
    return json.loads((out_dir / 'benchmark.json').read_text()), out_dir


def test_quick_run_writes_json_png_and_table(quick_run):
    results, out_dir = quick_run
    assert set(results) >= {'machine', 'counter', 'args', 'speed', 'memory', 'goal', 'elapsed_s'}
    assert set(results['machine']) >= {'cpu', 'threads', 'torch', 'device'}
    assert (out_dir / 'benchmark.png').read_bytes()[:8] == PNG_SIGNATURE
    table = (out_dir / 'benchmark.md').read_text()
    assert 'S2SVR (paper configuration) / BasicVSR++ time per frame' in table
    assert 'Streaming S2SVR peak memory' in table
    assert set(results['goal']) >= {'time_ratio', 'roofline_fraction', 'met', 'stream_met'}


def test_quick_run_speed(quick_run):
    speed = quick_run[0]['speed']
    assert set(speed['models']) == {'s2svr-paper', 's2svr-default', 'basicvsr', 'basicvsrpp'}
    for row in speed['models'].values():
        assert row['ms_per_frame'] > 0 and all(t > 0 for t in row['times_s'])
        assert row['macs_per_frame'] > 0 and row['achieved_gflops'] > 0
        assert row['roofline_fraction'] > 0
    assert speed['models']['basicvsrpp']['ratio_to_basicvsrpp'] == 1
    # the deformable convs of BasicVSR++ are counted (our handle), not skipped
    assert not any('DeformConv' in op for op in speed['models']['basicvsrpp']['uncounted_ops'])
    assert set(speed['roofline']) == {'16', '64'}


def test_quick_run_params_match_the_built_models(quick_run, repo_root):
    models = quick_run[0]['speed']['models']

    def s2svr(config):
        cfg = Config.fromfile(str(repo_root / config)).model.generator
        cfg.flow_pretrained = None
        return MODELS.build(cfg)

    built = {
        's2svr-paper': s2svr('configs/_base_/models/s2svr_sr.py'),
        's2svr-default': s2svr(default_model('sr')[0]),  # the shipped x4 SR model
        'basicvsr': BasicVSRNet(mid_channels=64, num_blocks=30, spynet_pretrained=None),
        'basicvsrpp': BasicVSRPlusPlusNet(mid_channels=64, num_blocks=7,
                                          spynet_pretrained=None),
    }
    for name, model in built.items():
        assert models[name]['params'] == sum(p.numel() for p in model.parameters()), name
    assert models['s2svr-paper']['mid_channels'] == 64
    assert models['s2svr-default']['mid_channels'] == 16


def test_quick_run_memory(quick_run):
    memory = quick_run[0]['memory']
    assert set(memory['modes']) == {'s2svr-oneshot', 's2svr-stream', 'basicvsrpp-oneshot'}
    assert (memory['chunk_size'], memory['overlap']) == (3, 1)
    for mode in memory['modes'].values():
        assert [r['frames'] for r in mode['runs']] == memory['frames']
        for run in mode['runs']:
            assert 'error' not in run
            assert run['peak_mib'] >= run['start_mib'] > 0 and run['ms_per_frame'] > 0
        assert mode['growth']['ratio'] > 0


def test_shipped_row_defaults_to_the_catalogue(bench):
    args = bench.parse_args(['--device', 'cpu', '--quick'])
    assert args.default_config == args.configs['default'] == default_model('sr')[0]
    assert args.configs['memory'] == args.default_config  # quick: the shipped model's sweep

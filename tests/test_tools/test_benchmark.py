"""tools/benchmark.py: a ``--quick`` run on CPU, and its pure helpers on known answers."""
import json

import pytest
import torch
from mmagic.models.editors.basicvsr.basicvsr_net import BasicVSRNet
from mmagic.models.editors.basicvsr_plusplus_net.basicvsr_plusplus_net import \
    BasicVSRPlusPlusNet
from mmagic.registry import MODELS
from mmengine import Config
from mmengine.analysis import FlopAnalyzer

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
        's2svr-default': s2svr('configs/s2svr/s2svr_c16b2_1xb2-1200_real-clips-bix4.py'),
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


def test_growth_known_answer(bench):
    ts = [10, 25, 50, 100, 200, 400]
    g = bench.growth(ts, [100 + 2 * t for t in ts])
    assert g['ratio'] == pytest.approx((100 + 800) / (100 + 50))
    assert g['mib_per_frame'] == pytest.approx(2)
    assert (g['t_ref'], g['t_max']) == (25, 400)
    flat = bench.growth([2, 5], [7.0, 7.0])  # no T=25 / T=400: smallest and largest T
    assert (flat['ratio'], flat['t_ref'], flat['t_max']) == (1, 2, 5)
    assert flat['mib_per_frame'] == pytest.approx(0, abs=1e-9)


def test_conv_macs_and_gflops(bench):
    conv = torch.nn.Conv2d(8, 16, 3, 1, 1, bias=False)
    counted = FlopAnalyzer(conv, (torch.rand(2, 8, 10, 12), )).total()
    assert bench.conv_macs(2, 8, 16, 10, 12) == counted == 2 * 16 * 10 * 12 * 8 * 9
    assert bench.gflops(1e9, 1.0) == pytest.approx(2.0)  # 1 MAC = 2 FLOPs
    assert bench.gflops(3e9, 0.5) == pytest.approx(12.0)


def test_deformable_conv_counted_as_its_dense_conv(bench):
    from mmcv.ops import ModulatedDeformConv2d

    class Deform(torch.nn.Module):

        def __init__(self):
            super().__init__()
            self.dcn = ModulatedDeformConv2d(8, 16, 3, padding=1, deform_groups=2)

        def forward(self, x):
            n, _, h, w = x.shape
            return self.dcn(x, x.new_zeros(n, 2 * 2 * 9, h, w), x.new_ones(n, 2 * 9, h, w))

    macs, uncounted = bench.count_macs(Deform(), torch.rand(1, 8, 10, 12))
    assert macs == bench.conv_macs(1, 8, 16, 10, 12)
    assert not any('DeformConv' in op for op in uncounted)


def test_parse_size(bench):
    assert bench.parse_size('180x320') == (180, 320)
    assert bench.parse_size('64X64') == (64, 64)


def test_memory_worker_without_fork(bench, tmp_path):
    """The CUDA path (a new worker process per job, no fork), on CPU with a tiny S2SVR; the
    forking path is the quick run's."""
    spec = dict(type='S2SVRNet', mid_channels=4, num_blocks=1, num_layers=1,
                flow_net=dict(type='PWCLite'), flow_pretrained=None)
    job = dict(mode='s2svr-stream', frames=5, lq_size=[16, 16], spec=spec, device='cpu',
               threads=1, chunk_size=3, overlap=1)
    with bench.MemoryWorker(str(tmp_path / 'worker.log'), fork=False) as worker:
        result = worker.run(job)
    assert 'error' not in result, result
    assert result['peak_mib'] >= result['start_mib'] > 0
    assert result['seconds'] > 0

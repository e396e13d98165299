"""s2svr_mm.benchmarking.report: growth on known answers, the goal and the markdown tables."""
import pytest

from s2svr_mm.benchmarking.report import goal, goal_lines, growth, render_markdown


def test_growth_known_answer():
    ts = [10, 25, 50, 100, 200, 400]
    g = growth(ts, [100 + 2 * t for t in ts])
    assert g['ratio'] == pytest.approx((100 + 800) / (100 + 50))
    assert g['mib_per_frame'] == pytest.approx(2)
    assert (g['t_ref'], g['t_max']) == (25, 400)
    flat = growth([2, 5], [7.0, 7.0])  # no T=25 / T=400: smallest and largest T
    assert (flat['ratio'], flat['t_ref'], flat['t_max']) == (1, 2, 5)
    assert flat['mib_per_frame'] == pytest.approx(0, abs=1e-9)


def results():
    row = dict(task='sr', lq_shape=[1, 2, 3, 8, 16], params=2e6, macs_per_frame=3e9,
               ms_per_frame=10.0, ratio_to_basicvsrpp=1.2, achieved_gflops=40.0,
               roofline_fraction=0.6, mid_channels=16, uncounted_ops={'aten::foo': 2})
    run = dict(frames=2, peak_mib=100.0, ms_per_frame=5.0)
    modes = {'s2svr-stream': dict(spec=dict(mid_channels=16), runs=[run],
                                  growth=growth([2, 5], [100.0, 110.0])),
             'basicvsrpp-oneshot': dict(spec=dict(mid_channels=16),
                                        runs=[dict(frames=2, error='boom')])}
    return dict(machine=dict(device_name='CPU (x)', torch='2', threads=1, cpu='x', python='3'),
                elapsed_s=1.0,
                speed=dict(frames=2, repeats=1, warmup=0, models={'s2svr-paper': row},
                           roofline={'16': dict(shape=[1, 16, 8, 8], gflops=66.7)}),
                memory=dict(frames=[2], lq_size=[8, 8], config='configs/x.py', chunk_size=3,
                            overlap=1, measure='RSS (VmHWM)', modes=modes))


def test_goal_values_and_verdicts():
    g = goal(results())
    assert (g['time_ratio'], g['roofline_fraction']) == (1.2, 0.6)
    assert g['ratio_met'] and g['roofline_met'] and g['met']
    assert g['stream_growth']['ratio'] == pytest.approx(1.1) and g['stream_met']
    assert goal({}) == {}
    assert goal_lines({}) == ['- Goal not evaluated (needs models s2svr-paper and basicvsrpp).']


def test_markdown_tables():
    r = results()
    r['goal'] = goal(r)
    text = render_markdown(r)
    assert '| s2svr-paper | sr | 8x16 | 2.00 | 3.0 | 10.0 | 1.20 | 40.0 | 60 (C=16) |' in text
    assert '| 3x3, C=16 -> 16 | 1x16x8x8 | 66.7 |' in text
    assert 'Not counted here: aten::foo.' in text
    assert '| s2svr-stream | 100 | 1.10 (T=5/T=2) | 3.33 | - |' in text
    assert '| basicvsrpp-oneshot | failed | - | - | - |' in text
    assert '- Goal (both): met.' in text

"""s2svr_mm.benchmarking.plot: the memory sweep drawn to a PNG file."""
from s2svr_mm.benchmarking.plot import plot

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def test_plot_writes_a_png(tmp_path):
    runs = [dict(frames=t, ms_per_frame=10.0 + t, peak_mib=100.0 + t) for t in (2, 5)]
    results = dict(machine=dict(device_name='CPU (x)', threads=1),
                   memory=dict(frames=[2, 5], lq_size=[8, 8], measure='RSS (VmHWM)',
                               modes={'s2svr-stream': dict(spec=dict(mid_channels=4),
                                                           runs=runs + [dict(error='x')])}))
    plot(results, str(tmp_path / 'p.png'))
    assert (tmp_path / 'p.png').read_bytes()[:8] == PNG_SIGNATURE

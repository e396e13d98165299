"""s2svr_mm.benchmarking.worker: jobs in a fresh process, with and without the fork server."""
import numpy as np

from s2svr_mm.benchmarking.worker import MemoryWorker, measure_quietly, random_frames

SPEC = dict(type='S2SVRNet', mid_channels=4, num_blocks=1, num_layers=1,
            flow_net=dict(type='PWCLite'), flow_pretrained=None)


def job(**kwargs):
    return dict(dict(mode='s2svr-stream', frames=5, lq_size=[16, 16], spec=SPEC, device='cpu',
                     threads=1, chunk_size=3, overlap=1), **kwargs)


def test_random_frames_are_lazy_and_seeded():
    frames = random_frames(3, 4, 5)
    assert not isinstance(frames, list)
    a, b = list(frames), list(random_frames(3, 4, 5))
    assert len(a) == 3 and a[0].shape == (4, 5, 3) and a[0].dtype == np.uint8
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_a_failed_job_is_a_result():
    result = measure_quietly(job(spec=dict(type='NoSuchNet')))
    assert set(result) == {'error'} and 'NoSuchNet' in result['error']


def test_memory_worker_with_and_without_fork(tmp_path):
    """Without fork: the CUDA path (a new worker per job), here on CPU with a tiny S2SVR."""
    for fork in (False, True):
        with MemoryWorker(str(tmp_path / 'worker.log'), fork=fork) as worker:
            results = [worker.run(job()), worker.run(job(mode='s2svr-oneshot', frames=3))]
        for result in results:
            assert 'error' not in result, result
            assert result['peak_mib'] >= result['start_mib'] > 0
            assert result['seconds'] > 0
            assert result['net_mib'] == result['peak_mib'] - result['start_mib']

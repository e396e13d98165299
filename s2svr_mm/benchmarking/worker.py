"""Each memory job in a fresh process: a fork server and its parent side.

``python -m s2svr_mm.benchmarking.worker --serve`` reads one JSON job per stdin line and
writes one JSON result per stdout line; :class:`MemoryWorker` drives it.
"""
import json
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import torch

import s2svr_mm
from s2svr_mm.apis.streaming import FrameRestorer, stream_chunks
from .memory import PeakMemory
from .models import build
from .timing import time_call

#: The modes of a memory job.
MEMORY_MODES = ('s2svr-oneshot', 's2svr-stream', 'basicvsrpp-oneshot')


def random_frames(t, h, w, seed=0):
    """t random (h, w, 3) uint8 frames, made one at a time as they are consumed."""
    rng = np.random.default_rng(seed)
    for _ in range(t):
        yield rng.integers(0, 256, (h, w, 3), dtype=np.uint8)


def measure_memory(job):
    """Peak memory and time of one (mode, T); run in a fresh (forked) process.

    Args:
        job (dict): ``mode`` (one of :data:`MEMORY_MODES`), ``frames`` T, ``lq_size`` (h, w),
            ``spec`` (generator dict), ``device``, ``threads``, and for streaming
            ``chunk_size`` and ``overlap``.

    Returns:
        dict: ``peak_mib`` (RSS high-water mark on CPU, ``max_memory_allocated`` on CUDA),
        ``start_mib`` (the same measure before the run: imports, weights), ``net_mib``,
        ``rss_peak_mib``, ``seconds`` and ``ms_per_frame``.
    """
    device = torch.device(job['device'])
    torch.set_num_threads(job['threads'])
    model = build(job['spec'], device)
    (h, w), t = job['lq_size'], job['frames']
    if job['mode'] == 's2svr-stream':
        restorer = FrameRestorer(model, device)

        def run(num_frames):
            for _ in stream_chunks(random_frames(num_frames, h, w), restorer,
                                   job['chunk_size'], job['overlap']):
                pass
    else:
        forward = getattr(model, 'forward_one_shot', model)

        def run(num_frames):
            with torch.inference_mode():
                forward(torch.rand(1, num_frames, 3, h, w, device=device))

    run(2)  # warm-up
    with PeakMemory(device) as peak:
        seconds = time_call(lambda: run(t), device)
    return dict(peak_mib=peak.peak_mib, start_mib=peak.start_mib,
                net_mib=peak.peak_mib - peak.start_mib, rss_peak_mib=peak.rss_peak_mib,
                seconds=seconds, ms_per_frame=1e3 * seconds / t)


def measure_quietly(job):
    """:func:`measure_memory`, with a failure as a result (the parent records it)."""
    try:
        return measure_memory(job)
    except Exception as err:
        return dict(error=f'{type(err).__name__}: {err}'.splitlines()[0])


def measure_in_fork(job):
    """Run the job in a forked child; its JSON result (the child exits, whatever happens)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        with os.fdopen(write_fd, 'w') as f:
            json.dump(measure_quietly(job), f)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    return text or json.dumps(dict(error=f'worker died, wait status {status}'))


def serve(fork):
    """Memory worker loop: one JSON job per stdin line, one JSON result per stdout line.

    With ``fork`` (CPU), each job runs in a child forked from this process, which has imported
    everything and run nothing: a fresh process without paying the imports again. Without
    (CUDA, which does not survive a fork), the job runs here and the parent starts a new
    worker for the next one.
    """
    protocol = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)  # anything the models print goes to the log, not into the protocol
    for line in sys.stdin:
        job = json.loads(line)
        protocol.write((measure_in_fork(job) if fork else json.dumps(measure_quietly(job)))
                       + '\n')
        protocol.flush()


class MemoryWorker:
    """Parent side of :func:`serve`: this module run with ``--serve`` (or ``--serve-once``,
    a new process per job, when ``fork`` is False).

    Args:
        log_path (str): Where the worker's stderr goes.
        fork (bool): One worker forking per job (CPU), or a new worker per job (CUDA).
            Default: True.
    """

    def __init__(self, log_path, fork=True):
        self.log_path, self.fork = log_path, fork

    def __enter__(self):
        self.log = open(self.log_path, 'w')
        if self.fork:
            self._start()
        return self

    def _start(self):
        env = dict(os.environ)  # the worker imports the same s2svr_mm as this process
        package_root = osp.dirname(osp.dirname(osp.abspath(s2svr_mm.__file__)))
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [package_root, env.get('PYTHONPATH')]))
        self.proc = subprocess.Popen(
            [sys.executable, '-m', __name__, '--serve' if self.fork else '--serve-once'],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)

    def _stop(self):
        self.proc.stdin.close()
        self.proc.wait()

    def run(self, job):
        """Measure one job (see :func:`measure_memory`) in a fresh process; its result."""
        if not self.fork:
            self._start()
        self.proc.stdin.write(json.dumps(job) + '\n')
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not self.fork:
            self._stop()
        if not line:
            raise RuntimeError(f'memory worker exited; see {self.log_path}')
        return json.loads(line)

    def __exit__(self, *exc):
        if self.fork:
            self._stop()
        self.log.close()


if __name__ == '__main__':  # a memory worker: must not touch CUDA before its job
    import warnings
    warnings.filterwarnings('ignore', category=UserWarning)
    warnings.filterwarnings('ignore', category=FutureWarning)
    serve(fork=sys.argv[1:] == ['--serve'])

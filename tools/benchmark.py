"""Benchmark S2SVR against MMagic's BasicVSR and BasicVSR++: parameters, FLOPs, speed, memory.

On one device (random weights, no checkpoint is read):

1. builds S2SVRNet at the paper SR configuration and at the shipped default's configuration
   (both from their configs), BasicVSRNet (C=64, 30 blocks) and BasicVSRPlusPlusNet (C=64,
   7 blocks), and counts parameters and multiply-adds per output frame with
   ``mmengine.analysis.FlopAnalyzer`` (the counter behind ``get_model_complexity_info``);
2. times inference on the same LQ clip (``torch.inference_mode``, warm-up, the models
   interleaved in every repeat, median), in ms per frame and relative to BasicVSR++;
3. measures peak memory for T in {10, 25, ..., 400} of one-shot S2SVR, streaming S2SVR
   (``s2svr_mm.apis.stream_chunks`` + ``FrameRestorer``, the path of ``s2svr-restore``, fed by
   a generator of frames) and one-shot BasicVSR++, each (mode, T) in a fresh process;
4. measures a conv roofline (a large 3x3 conv of each model's width, same device) and gives
   each model's achieved GFLOP/s as a fraction of it;
5. writes ``benchmark.json``, ``benchmark.png`` and ``benchmark.md`` to ``--out-dir``, prints
   the table and says whether the goal (S2SVR at the paper configuration within 1.5x of
   BasicVSR++'s time per frame, at >= 50% of the conv roofline) is met.

    python tools/benchmark.py                         # defaults for the device (see docs)
    python tools/benchmark.py --device cpu --quick    # tiny sizes, about a minute
    python tools/benchmark.py --sections memory --memory-config CONFIG

See docs/benchmark.md for the columns and caveats. Linux only (the memory workers fork).
"""
import argparse
import json
import os
import os.path as osp
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from mmengine.analysis import FlopAnalyzer
from mmengine.analysis.jit_handles import get_shape
from mmengine.config import Config

import s2svr_mm
from mmagic.registry import MODELS
from s2svr_mm.apis.restore import chunking_from_config
from s2svr_mm.apis.streaming import FrameRestorer, stream_chunks

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIGS = dict(
    paper=REPO_ROOT / 'configs/_base_/models/s2svr_sr.py',
    default=REPO_ROOT / 'configs/s2svr/s2svr_c16b2_1xb2-1200_real-clips-bix4.py',
    deblur=REPO_ROOT / 'configs/s2svr/s2svr_c48b13_8xb1-200k_gopro.py')
#: Model name -> (task, where its generator comes from: a config key or a fixed dict).
MODEL_SOURCES = {
    's2svr-paper': ('sr', 'paper'),
    's2svr-default': ('sr', 'default'),
    'basicvsr': ('sr', dict(type='BasicVSRNet', mid_channels=64, num_blocks=30,
                            spynet_pretrained=None)),
    'basicvsrpp': ('sr', dict(type='BasicVSRPlusPlusNet', mid_channels=64, num_blocks=7,
                              is_low_res_input=True, spynet_pretrained=None,
                              cpu_cache_length=100)),
    's2svr-deblur': ('same', 'deblur'),
    'basicvsrpp-same': ('same', dict(type='BasicVSRPlusPlusNet', mid_channels=64, num_blocks=7,
                                     is_low_res_input=False, spynet_pretrained=None,
                                     cpu_cache_length=100)),
}
REFERENCE = {'sr': 'basicvsrpp', 'same': 'basicvsrpp-same'}
MEMORY_MODES = ('s2svr-oneshot', 's2svr-stream', 'basicvsrpp-oneshot')
GOAL_RATIO, GOAL_ROOFLINE = 1.5, 0.5
STREAM_GROWTH_LIMIT = 1.2
#: Defaults per device; ``--quick`` replaces them with tiny sizes.
DEFAULTS = {
    'cpu': dict(models=['s2svr-paper', 's2svr-default', 'basicvsr', 'basicvsrpp'],
                lq_size=(90, 160), same_lq_size=(256, 448), frames=4, repeats=3, warmup=1,
                memory_frames=[10, 25, 50, 100, 200, 400], memory_config='default',
                memory_lq_size=(64, 64), roofline_size=256),
    'cuda': dict(models=list(MODEL_SOURCES), lq_size=(180, 320), same_lq_size=(256, 448),
                 frames=10, repeats=10, warmup=3, memory_frames=[10, 25, 50, 100, 200, 400],
                 memory_config='paper', memory_lq_size=(180, 320), roofline_size=1024),
    'quick': dict(models=['s2svr-paper', 's2svr-default', 'basicvsr', 'basicvsrpp'],
                  lq_size=(64, 64), same_lq_size=(256, 256), frames=2, repeats=1, warmup=0,
                  memory_frames=[2, 5], memory_config='default', memory_lq_size=(64, 64),
                  roofline_size=64, chunk_size=3, overlap=1),
}
COUNTER = ('mmengine.analysis.FlopAnalyzer (fvcore rules; one multiply-add = 1 MAC; '
           'conv, linear, matmul, interpolation and grid_sample are counted; element-wise ops '
           'are not), plus a handle counting mmcv ModulatedDeformConv2d as the conv of its shape')


# ---------------------------------------------------------------------------- pure helpers
def conv_macs(batch, in_channels, out_channels, height, width, kernel=3):
    """Multiply-adds of a stride-1 'same' conv2d: one per output value, input channel and tap."""
    return batch * out_channels * height * width * in_channels * kernel * kernel


def gflops(macs, seconds):
    """GFLOP/s of ``macs`` multiply-adds done in ``seconds`` (1 MAC = 2 FLOPs)."""
    return 2 * macs / seconds / 1e9


def growth(ts, peaks, t_ref=25, t_max=400):
    """How a peak grows with the sequence length T.

    Args:
        ts (Sequence[int]): Sequence lengths, increasing.
        peaks (Sequence[float]): Peak memory (MiB) at each T.
        t_ref (int): T of the denominator; the smallest T if absent. Default: 25.
        t_max (int): T of the numerator; the largest T if absent. Default: 400.

    Returns:
        dict: ``ratio`` = peak(t_max) / peak(t_ref), the Ts used, and ``mib_per_frame``, the
        least-squares slope of peak against T.
    """
    by_t = dict(zip(ts, peaks))
    t_ref = t_ref if t_ref in by_t else min(ts)
    t_max = t_max if t_max in by_t else max(ts)
    slope = float(np.polyfit(ts, peaks, 1)[0]) if len(ts) > 1 else 0.0
    return dict(ratio=by_t[t_max] / by_t[t_ref], t_ref=t_ref, t_max=t_max, mib_per_frame=slope)


def parse_size(text):
    """``'180x320'`` -> (180, 320)."""
    h, w = text.lower().split('x')
    return int(h), int(w)


# ---------------------------------------------------------------------------- models
def generator_cfg(path):
    """``model.generator`` of a config as a plain dict, with no checkpoint to load."""
    cfg = Config.fromfile(str(path)).model.generator.to_dict()
    cfg['flow_pretrained'] = None
    return cfg


def model_spec(name, configs):
    """(task, generator dict) of a benchmarked model; ``configs`` maps config keys to paths."""
    task, source = MODEL_SOURCES[name]
    return task, generator_cfg(configs[source]) if isinstance(source, str) else dict(source)


def build(spec, device, seed=0):
    """Build a generator with seeded random weights, in eval mode, on ``device``."""
    torch.manual_seed(seed)
    return MODELS.build(dict(spec)).eval().to(device)


def num_params(model):
    return sum(p.numel() for p in model.parameters())


def _deform_conv_handle(inputs, outputs):
    """MACs of mmcv's modulated deformable conv: those of the dense conv of the same shape
    (inputs: x, offset, mask, weight (out, in/groups, kh, kw), bias)."""
    weight = get_shape(inputs[3])
    return int(np.prod(get_shape(outputs[0]))) * weight[1] * weight[2] * weight[3]


def count_macs(model, lqs):
    """Multiply-adds of ``model(lqs)`` and the ops the counter skipped.

    Returns:
        tuple[int, dict]: total MACs, {op name: occurrences} of the uncounted ops.
    """
    analyzer = FlopAnalyzer(model, (lqs, ))
    analyzer.set_op_handle('prim::PythonOp.ModulatedDeformConv2dFunction',
                           _deform_conv_handle)
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    analyzer.tracer_warnings('none')
    with torch.no_grad():
        total = analyzer.total()
    return total, dict(analyzer.unsupported_ops())


# ---------------------------------------------------------------------------- timing
def _sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def time_call(fn, device):
    """Seconds of one ``fn()`` (CUDA synchronised)."""
    _sync(device)
    start = time.perf_counter()
    fn()
    _sync(device)
    return time.perf_counter() - start


def time_models(models, clips, device, repeats, warmup):
    """Interleaved timings: every repeat runs each model once, starting one model later.

    Args:
        models (dict[str, nn.Module]): Name -> model.
        clips (dict[str, Tensor]): Name -> its (1, T, 3, h, w) input.

    Returns:
        dict[str, list[float]]: Name -> seconds of each timed repeat.
    """
    names, times = list(models), {name: [] for name in models}
    with torch.inference_mode():
        for r in range(warmup + repeats):
            for name in names[r % len(names):] + names[:r % len(names)]:
                seconds = time_call(lambda: models[name](clips[name]), device)
                if r >= warmup:
                    times[name].append(seconds)
    return times


def conv_roofline(channels, size, device, repeats=10, warmup=3):
    """Throughput of a large 3x3 conv, C -> C on (1, C, size, size): the roofline of width C.

    The best of ``repeats`` (a ceiling, not a typical value).

    Returns:
        dict: input shape, MACs, the timed seconds, the best and the GFLOP/s.
    """
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(channels, channels, 3, 1, 1).to(device).eval()
    x = torch.rand(1, channels, size, size, device=device)
    with torch.inference_mode():
        seconds = [time_call(lambda: conv(x), device) for _ in range(warmup + repeats)][warmup:]
    macs = conv_macs(1, channels, channels, size, size)
    return dict(shape=list(x.shape), macs=macs, seconds=seconds, best_s=min(seconds),
                gflops=gflops(macs, min(seconds)))


def run_speed(args, device):
    """Sections 1, 2 and 4: parameters, MACs, timings and the roofline; a dict per model."""
    sizes = {'sr': args.lq_size, 'same': args.same_lq_size}
    models, clips, rows = {}, {}, {}
    gen = torch.Generator().manual_seed(0)
    for name in args.models:
        task, spec = model_spec(name, args.configs)
        models[name] = build(spec, device)
        shape = (1, args.frames, 3) + tuple(sizes[task])
        clips[name] = torch.rand(shape, generator=gen).to(device)
        macs, uncounted = count_macs(models[name], clips[name])
        rows[name] = dict(task=task, spec=spec, params=num_params(models[name]),
                          mid_channels=models[name].mid_channels, lq_shape=list(shape),
                          macs=macs, macs_per_frame=macs / args.frames, uncounted_ops=uncounted)
        print(f'  {name}: {rows[name]["params"] / 1e6:.2f} M params, '
              f'{macs / args.frames / 1e9:.1f} GMAC/frame', flush=True)
    roofline = {c: conv_roofline(c, args.roofline_size, device)
                for c in sorted({row['mid_channels'] for row in rows.values()})}
    times = time_models(models, clips, device, args.repeats, args.warmup)
    for name, row in rows.items():
        median = statistics.median(times[name])
        row.update(times_s=times[name], median_s=median, ms_per_frame=1e3 * median / args.frames,
                   achieved_gflops=gflops(row['macs'], median))
        row['roofline_fraction'] = row['achieved_gflops'] / roofline[row['mid_channels']]['gflops']
    for name, row in rows.items():
        ref = rows.get(REFERENCE[row['task']])
        row['ratio_to_basicvsrpp'] = row['ms_per_frame'] / ref['ms_per_frame'] if ref else None
    return dict(models=rows, roofline={str(c): r for c, r in roofline.items()},
                frames=args.frames, repeats=args.repeats, warmup=args.warmup)


# ---------------------------------------------------------------------------- memory
def _rss_mib(field):
    """``VmRSS`` / ``VmHWM`` of this process in MiB (None if /proc is unavailable)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak_rss():
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not possible."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        return True
    except OSError:
        return False


def _random_frames(t, h, w, seed=0):
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
            for _ in stream_chunks(_random_frames(num_frames, h, w), restorer,
                                   job['chunk_size'], job['overlap']):
                pass
    else:
        forward = getattr(model, 'forward_one_shot', model)

        def run(num_frames):
            with torch.inference_mode():
                forward(torch.rand(1, num_frames, 3, h, w, device=device))

    run(2)  # warm-up
    cuda = device.type == 'cuda'
    if cuda:
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
    reset = _reset_peak_rss()
    start = torch.cuda.memory_allocated(device) / 2**20 if cuda else _rss_mib('VmRSS')
    seconds = time_call(lambda: run(t), device)
    rss_peak = _rss_mib('VmHWM') if reset else None
    if rss_peak is None:  # no /proc: ru_maxrss (KiB on Linux) since the fork
        import resource
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak = torch.cuda.max_memory_allocated(device) / 2**20 if cuda else rss_peak
    return dict(peak_mib=peak, start_mib=start, net_mib=peak - start, rss_peak_mib=rss_peak,
                seconds=seconds, ms_per_frame=1e3 * seconds / t)


def _measure_quietly(job):
    """:func:`measure_memory`, with a failure as a result (the parent records it)."""
    try:
        return measure_memory(job)
    except Exception as err:
        return dict(error=f'{type(err).__name__}: {err}'.splitlines()[0])


def _measure_in_fork(job):
    """Run the job in a forked child; its JSON result (the child exits, whatever happens)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        with os.fdopen(write_fd, 'w') as f:
            json.dump(_measure_quietly(job), f)
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
        protocol.write((_measure_in_fork(job) if fork else json.dumps(_measure_quietly(job)))
                       + '\n')
        protocol.flush()


class MemoryWorker:
    """Parent side of :func:`serve`: this script run with ``--serve`` (or ``--serve-once``,
    a new process per job, when ``fork`` is False)."""

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
            [sys.executable, osp.abspath(__file__), '--serve' if self.fork else '--serve-once'],
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


def run_memory(args, device, out_dir):
    """Section 3: peak memory and time per frame of each mode for each T."""
    s2svr_spec = generator_cfg(args.configs['memory'])
    pp_spec = dict(MODEL_SOURCES['basicvsrpp'][1], mid_channels=args.memory_pp_channels)
    chunk_size, overlap = chunking_from_config(Config.fromfile(str(args.configs['memory'])),
                                               args.chunk_size, args.overlap)
    specs = {'s2svr-oneshot': s2svr_spec, 's2svr-stream': s2svr_spec,
             'basicvsrpp-oneshot': pp_spec}
    modes = {mode: dict(spec=specs[mode], runs=[]) for mode in MEMORY_MODES}
    log = osp.join(out_dir, 'memory_worker.log')
    with MemoryWorker(log, fork=device.type == 'cpu') as worker:
        for t in args.memory_frames:
            for mode in MEMORY_MODES:
                result = worker.run(dict(mode=mode, frames=t, lq_size=list(args.memory_lq_size),
                                         spec=specs[mode], device=str(device),
                                         threads=args.threads, chunk_size=chunk_size,
                                         overlap=overlap))
                modes[mode]['runs'].append(dict(frames=t, **result))
                print(f'  {mode} T={t}: ' + (result.get('error') or
                      f'peak {result["peak_mib"]:.0f} MiB, {result["ms_per_frame"]:.0f} ms/frame'),
                      flush=True)
    for mode in modes.values():
        ok = [r for r in mode['runs'] if 'error' not in r]
        if ok:
            ts = [r['frames'] for r in ok]
            mode['growth'] = growth(ts, [r['peak_mib'] for r in ok])
            if all(r['net_mib'] > 0 for r in ok):
                mode['growth_net'] = growth(ts, [r['net_mib'] for r in ok])
    return dict(config=str(args.configs['memory']), lq_size=list(args.memory_lq_size),
                frames=args.memory_frames, chunk_size=chunk_size, overlap=overlap,
                measure='CUDA max_memory_allocated' if device.type == 'cuda' else 'RSS (VmHWM)',
                modes=modes)


# ---------------------------------------------------------------------------- report
def goal(results):
    """The goal and the streaming check: values and whether each is met (None: not run)."""
    out = {}
    models = results.get('speed', {}).get('models', {})
    paper = models.get('s2svr-paper')
    if paper and paper.get('ratio_to_basicvsrpp') is not None:
        out.update(time_ratio=paper['ratio_to_basicvsrpp'],
                   roofline_fraction=paper['roofline_fraction'],
                   ratio_met=paper['ratio_to_basicvsrpp'] <= GOAL_RATIO,
                   roofline_met=paper['roofline_fraction'] >= GOAL_ROOFLINE)
        out['met'] = out['ratio_met'] and out['roofline_met']
    stream = results.get('memory', {}).get('modes', {}).get('s2svr-stream', {}).get('growth')
    if stream:
        out.update(stream_growth=stream, stream_met=stream['ratio'] <= STREAM_GROWTH_LIMIT)
    return out


def _met(flag):
    return 'met' if flag else 'NOT met'


def render_markdown(results):
    """The report as markdown: tables and the goal lines."""
    m, lines = results['machine'], []
    lines += [f'# S2SVR benchmark on {m["device_name"]}', '',
              f'torch {m["torch"]}, {m["threads"]} CPU threads, {m["cpu"]}, '
              f'{m["python"]}; {results["elapsed_s"]:.0f} s in all.', '']
    speed = results.get('speed')
    if speed:
        lines += [f'## Speed and size (LQ clips of T={speed["frames"]}: median of '
                  f'{speed["repeats"]} interleaved repeats after {speed["warmup"]} warm-up)', '',
                  '| model | task | LQ (h x w) | params (M) | GMAC/frame | ms/frame | '
                  'x BasicVSR++ | GFLOP/s | % of conv roofline |',
                  '|---|---|---|---:|---:|---:|---:|---:|---:|']
        for name, r in speed['models'].items():
            ratio = f'{r["ratio_to_basicvsrpp"]:.2f}' if r['ratio_to_basicvsrpp'] else '-'
            lines.append(f'| {name} | {r["task"]} | {r["lq_shape"][3]}x{r["lq_shape"][4]} | '
                         f'{r["params"] / 1e6:.2f} | {r["macs_per_frame"] / 1e9:.1f} | '
                         f'{r["ms_per_frame"]:.1f} | {ratio} | {r["achieved_gflops"]:.1f} | '
                         f'{100 * r["roofline_fraction"]:.0f} (C={r["mid_channels"]}) |')
        lines += ['', '| conv roofline | input | GFLOP/s |', '|---|---|---:|']
        lines += [f'| 3x3, C={c} -> {c} | {"x".join(map(str, r["shape"]))} | {r["gflops"]:.1f} |'
                  for c, r in speed['roofline'].items()]
        skipped = sorted({op for r in speed['models'].values() for op in r['uncounted_ops']})
        lines += ['', f'Counter: {COUNTER}. Not counted here: {", ".join(skipped) or "none"}. '
                  'S2SVR configs with `flow_resolution` estimate flow at that size whatever the '
                  'LQ size, so at small LQ sizes the flow net weighs more.', '']
    memory = results.get('memory')
    if memory:
        ts = memory['frames']
        lines += [f'## Peak memory ({memory["measure"]}, MiB) vs T', '',
                  f'LQ {memory["lq_size"][0]}x{memory["lq_size"][1]}; S2SVR from '
                  f'{osp.relpath(memory["config"], REPO_ROOT)}; BasicVSR++ C='
                  f'{memory["modes"]["basicvsrpp-oneshot"]["spec"]["mid_channels"]}, '
                  f'7 blocks; streaming in windows of {memory["chunk_size"]} frames, '
                  f'{memory["overlap"]} of context per side. Each (mode, T) in a fresh process.',
                  '', '| mode | ' + ' | '.join(f'T={t}' for t in ts) +
                  ' | peak ratio | MiB/frame | net ratio |',
                  '|---|' + '---:|' * (len(ts) + 3)]
        for mode, d in memory['modes'].items():
            cells = {r['frames']: (f'{r["peak_mib"]:.0f}' if 'error' not in r else 'failed')
                     for r in d['runs']}
            g, gn = d.get('growth'), d.get('growth_net')
            tail = (f'{g["ratio"]:.2f} (T={g["t_max"]}/T={g["t_ref"]}) | '
                    f'{g["mib_per_frame"]:.2f} | ' + (f'{gn["ratio"]:.2f}' if gn else '-')
                    if g else '- | - | -')
            lines.append(f'| {mode} | ' + ' | '.join(cells.get(t, '-') for t in ts) +
                         f' | {tail} |')
        lines += ['', 'ms/frame of the same runs:', '',
                  '| mode | ' + ' | '.join(f'T={t}' for t in ts) + ' |',
                  '|---|' + '---:|' * len(ts)]
        for mode, d in memory['modes'].items():
            cells = {r['frames']: f'{r["ms_per_frame"]:.0f}' for r in d['runs']
                     if 'error' not in r}
            lines.append(f'| {mode} | ' + ' | '.join(cells.get(t, '-') for t in ts) + ' |')
        lines.append('')
    lines += ['## Goal', ''] + goal_lines(results['goal'])
    return '\n'.join(lines) + '\n'


def goal_lines(g):
    """Bullet lines stating each goal and whether it is met."""
    lines = []
    if 'time_ratio' in g:
        lines += [f'- S2SVR (paper configuration) / BasicVSR++ time per frame: '
                  f'{g["time_ratio"]:.2f}x (goal <= {GOAL_RATIO}x): {_met(g["ratio_met"])}.',
                  f'- S2SVR (paper configuration) at {100 * g["roofline_fraction"]:.0f}% of the '
                  f'measured conv roofline (goal >= {100 * GOAL_ROOFLINE:.0f}%): '
                  f'{_met(g["roofline_met"])}.',
                  f'- Goal (both): {_met(g["met"])}.']
    else:
        lines.append('- Goal not evaluated (needs models s2svr-paper and basicvsrpp).')
    if 'stream_growth' in g:
        s = g['stream_growth']
        lines.append(f'- Streaming S2SVR peak memory T={s["t_max"]} / T={s["t_ref"]}: '
                     f'{s["ratio"]:.2f}x (check <= {STREAM_GROWTH_LIMIT}x): '
                     f'{_met(g["stream_met"])}.')
    return lines


def plot(results, path):
    """Two panels from the memory sweep: ms/frame vs T and peak memory vs T, one line a mode."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    memory = results['memory']
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for mode, d in memory['modes'].items():
        runs = [r for r in d['runs'] if 'error' not in r]
        ts, label = [r['frames'] for r in runs], f'{mode} (C={d["spec"]["mid_channels"]})'
        axes[0].plot(ts, [r['ms_per_frame'] for r in runs], 'o-', label=label)
        axes[1].plot(ts, [r['peak_mib'] for r in runs], 'o-', label=label)
    h, w = memory['lq_size']
    for ax, ylabel in zip(axes, ['ms per frame', f'peak {memory["measure"]} (MiB)']):
        ax.set(xscale='log', xlabel='frames T', ylabel=ylabel, xticks=memory['frames'],
               xticklabels=[str(t) for t in memory['frames']])
        ax.minorticks_off()
        ax.grid(True, alpha=0.3)
        ax.legend()
    axes[0].set_title(f'time per frame, LQ {h}x{w}')
    axes[1].set_title('peak memory')
    fig.suptitle(f'{results["machine"]["device_name"]}, threads: {results["machine"]["threads"]}')
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def machine_info(device, threads):
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next(line.split(':', 1)[1].strip() for line in f
                       if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    info = dict(device=str(device), cpu=cpu, cpu_count=os.cpu_count(), threads=threads,
                torch=torch.__version__, python=platform.python_version(),
                platform=platform.platform(), device_name=f'CPU ({cpu})')
    if device.type == 'cuda':
        info.update(device_name=torch.cuda.get_device_name(device), cuda=torch.version.cuda,
                    cudnn=torch.backends.cudnn.version(),
                    tf32_conv=torch.backends.cudnn.allow_tf32)
    return info


# ---------------------------------------------------------------------------- CLI
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--device', default='auto', choices=['auto', 'cpu', 'cuda'])
    parser.add_argument('--threads', type=int, help='CPU threads (default: torch\'s)')
    parser.add_argument('--models', nargs='+', choices=list(MODEL_SOURCES),
                        help='timed models (default: the four x4 SR ones on CPU, also the two '
                        'same-size ones on CUDA)')
    parser.add_argument('--sections', nargs='+', choices=['speed', 'memory'],
                        default=['speed', 'memory'])
    parser.add_argument('--lq-size', type=parse_size, metavar='HxW',
                        help='LQ size of the x4 SR clip (CPU 90x160, CUDA 180x320)')
    parser.add_argument('--same-lq-size', type=parse_size, metavar='HxW',
                        help='size of the same-size clip (256x448)')
    parser.add_argument('--frames', type=int, help='T of the timed clips (CPU 4, CUDA 10)')
    parser.add_argument('--repeats', type=int, help='timed repeats (CPU 3, CUDA 10)')
    parser.add_argument('--warmup', type=int, help='untimed first rounds (CPU 1, CUDA 3)')
    parser.add_argument('--memory-frames', type=int, nargs='+', metavar='T',
                        help='T of the memory sweep (10 25 50 100 200 400)')
    parser.add_argument('--memory-config', help='S2SVR config of the memory sweep (CPU: the '
                        'shipped default, CUDA: the paper SR configuration)')
    parser.add_argument('--memory-lq-size', type=parse_size, metavar='HxW',
                        help='LQ size of the memory sweep (CPU 64x64, CUDA 180x320)')
    parser.add_argument('--memory-pp-channels', type=int,
                        help='BasicVSR++ width in the memory sweep (default: the S2SVR one)')
    parser.add_argument('--chunk-size', type=int,
                        help='streaming window (default: as s2svr-restore, from the config)')
    parser.add_argument('--overlap', type=int, help='streaming context frames per side')
    parser.add_argument('--roofline-size', type=int, help='side of the roofline conv input')
    for key, path in CONFIGS.items():
        parser.add_argument(f'--{key}-config', default=str(path),
                            help=f'config of s2svr-{key} (default: {path.relative_to(REPO_ROOT)})')
    parser.add_argument('--out-dir', default='work_dirs/benchmark')
    parser.add_argument('--quick', action='store_true', help='tiny sizes (tests, smoke runs)')
    args = parser.parse_args(argv)
    if args.device == 'auto':
        args.device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if args.device == 'cuda' and not torch.cuda.is_available():
        parser.error('--device cuda: CUDA is not available')
    for key, value in DEFAULTS['quick' if args.quick else args.device].items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    args.threads = args.threads or torch.get_num_threads()
    memory_config = {'default': args.default_config, 'paper': args.paper_config}.get(
        args.memory_config, args.memory_config)
    args.configs = dict(paper=args.paper_config, default=args.default_config,
                        deblur=args.deblur_config, memory=memory_config)
    if args.memory_pp_channels is None:
        args.memory_pp_channels = generator_cfg(memory_config)['mid_channels']
    return args


def main(argv=None):
    """Run the benchmark; returns the results dict (also written to ``--out-dir``)."""
    warnings.filterwarnings('ignore', category=UserWarning)
    warnings.filterwarnings('ignore', category=FutureWarning)
    argv = sys.argv[1:] if argv is None else argv
    if argv in (['--serve'], ['--serve-once']):  # a memory worker: must not touch CUDA
        return serve(fork=argv == ['--serve'])
    args = parse_args(argv)
    start = time.perf_counter()
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    results = dict(machine=machine_info(device, args.threads), counter=COUNTER,
                   args=vars(args))
    if 'speed' in args.sections:
        print('speed: params, MACs, roofline, interleaved timings', flush=True)
        results['speed'] = run_speed(args, device)
    if 'memory' in args.sections:
        print('memory: one fresh process per (mode, T)', flush=True)
        results['memory'] = run_memory(args, device, args.out_dir)
        plot(results, osp.join(args.out_dir, 'benchmark.png'))
    results['goal'] = goal(results)
    results['elapsed_s'] = time.perf_counter() - start
    report = render_markdown(results)
    with open(osp.join(args.out_dir, 'benchmark.json'), 'w') as f:
        json.dump(results, f, indent=1, default=str)
    with open(osp.join(args.out_dir, 'benchmark.md'), 'w') as f:
        f.write(report)
    print(report)
    return results


if __name__ == '__main__':
    main()

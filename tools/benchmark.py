"""Benchmark S2SVR against MMagic's BasicVSR and BasicVSR++: parameters, FLOPs, speed, memory.

On one device (random weights, no checkpoint is read):

1. builds S2SVRNet at the paper SR configuration and at the shipped x4 SR model's
   configuration (the task catalogue's, ``s2svr_mm.apis.catalogue.DEFAULT_MODELS['sr']``),
   BasicVSRNet (C=64, 30 blocks) and BasicVSRPlusPlusNet (C=64, 7 blocks), and counts
   parameters and multiply-adds per output frame with ``mmengine.analysis.FlopAnalyzer``
   (the counter behind ``get_model_complexity_info``);
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

See docs/benchmark.md for the columns and caveats. Linux only (the memory workers fork). The
measuring is :mod:`s2svr_mm.benchmarking`; this script runs the sections and the command line.
"""
import argparse
import json
import os
import os.path as osp
import statistics
import sys
import time
import warnings

import torch
from mmengine.config import Config

from s2svr_mm.apis.restore import chunking_from_config
from s2svr_mm.benchmarking.flops import COUNTER, count_macs, gflops
from s2svr_mm.benchmarking.models import (CONFIGS, MODEL_SOURCES, REFERENCE, build,
                                          generator_cfg, model_spec, num_params, parse_size)
from s2svr_mm.benchmarking.plot import plot
from s2svr_mm.benchmarking.report import (REPO_ROOT, goal, growth, machine_info,
                                          render_markdown)
from s2svr_mm.benchmarking.timing import conv_roofline, time_models
from s2svr_mm.benchmarking.worker import MEMORY_MODES, MemoryWorker

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
        parser.add_argument(f'--{key}-config', default=str(path), help=f'config of s2svr-{key} '
                            f'(default: {osp.relpath(path, REPO_ROOT)})')
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

"""Before/after timings of S2SVR's inference speed-ups, interleaved in one process.

Issue #7 asks for every speed-up to be measured before and after, with the output change it
causes. This builds S2SVR at the paper SR configuration and at the shipped default's
configuration (random weights, as ``tools/benchmark.py``) and times, on the same LQ clip and
interleaved in every repeat (median of the timed repeats, ``torch.inference_mode``):

* ``before``: the shipped ``ConvGRU.forward``, update and reset gates as two convolutions,
  weights and frames contiguous;
* ``fused-gates``: both gates from one convolution with the two weights stacked
  (:func:`fused_gates_forward`, the shipped code until issue 19 removed it: no gain measured
  on top of channels-last, docs/benchmark.md);
* ``channels-last``: two gate convolutions, ``model.to(memory_format=torch.channels_last)``
  (what ``s2svr-restore`` runs on CPU);
* ``both``: fused gates and channels-last.

For each it prints ms per output frame, the ratio to ``before`` and the largest absolute output
difference from ``before`` (RGB in [0, 1]), and writes ``bench_speedups.json`` to ``--out-dir``.

    python tools/bench_speedups.py                  # CPU, 1x4x3x90x160, 5 repeats (~5 min)
    python tools/bench_speedups.py --quick          # tiny sizes, seconds (tests)

Run it on a quiet machine; the ratios are what to read, as every variant shares the noise.
"""
import argparse
import contextlib
import json
import os
import os.path as osp
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from s2svr_mm.benchmarking.models import CONFIGS, build, model_spec, parse_size
from s2svr_mm.benchmarking.report import machine_info
from s2svr_mm.benchmarking.timing import time_call
from s2svr_mm.models.backbones.blocks import ConvGRU

VARIANTS = ('before', 'fused-gates', 'channels-last', 'both')


def fused_gates_forward(self, h, x):
    """``ConvGRU.forward`` with z and r from one convolution (the two weights stacked)."""
    hx = torch.cat([h, x], dim=1)
    weight = torch.cat([self.conv_z.weight, self.conv_r.weight])
    bias = torch.cat([self.conv_z.bias, self.conv_r.bias])
    z, r = torch.sigmoid(F.conv2d(hx, weight, bias, padding=1)).chunk(2, dim=1)
    q = torch.tanh(self.conv_q(torch.cat([r * h, x], dim=1)))
    return (1 - z) * h + z * q


@contextlib.contextmanager
def gates(fused):
    """Run ConvGRU with the fused gate convolution, or the shipped two (``fused=False``)."""
    shipped = ConvGRU.forward
    if fused:
        ConvGRU.forward = fused_gates_forward
    try:
        yield
    finally:
        ConvGRU.forward = shipped


def variant_flags(name):
    """(fused gates, channels-last) of a variant name."""
    return name in ('fused-gates', 'both'), name in ('channels-last', 'both')


def time_variants(spec, lqs, device, repeats, warmup):
    """Time every variant of one model on ``lqs``.

    Returns:
        dict: variant -> dict(seconds=[...], ms_per_frame, ratio, max_abs_diff).
    """
    plain = build(spec, device)
    fast = build(spec, device).to(memory_format=torch.channels_last)
    fast.load_state_dict(plain.state_dict())
    times = {name: [] for name in VARIANTS}
    outputs = {}
    with torch.inference_mode():
        for r in range(warmup + repeats):
            order = VARIANTS[r % len(VARIANTS):] + VARIANTS[:r % len(VARIANTS)]
            for name in order:
                fused, channels_last = variant_flags(name)
                model = fast if channels_last else plain
                with gates(fused):
                    seconds = time_call(lambda: outputs.__setitem__(name, model(lqs)),
                                        device)
                if r >= warmup:
                    times[name].append(seconds)
    frames = lqs.shape[1]
    base = statistics.median(times['before'])
    return {
        name: dict(seconds=times[name],
                   ms_per_frame=statistics.median(times[name]) / frames * 1000,
                   ratio=statistics.median(times[name]) / base,
                   max_abs_diff=float((outputs[name] - outputs['before']).abs().max()))
        for name in VARIANTS}


def render(results):
    lines = ['| model | variant | ms / frame | vs before | max abs output diff |',
             '| --- | --- | ---: | ---: | ---: |']
    for model, rows in results['models'].items():
        for name, row in rows.items():
            lines.append(f"| {model} | {name} | {row['ms_per_frame']:.0f} | "
                         f"{row['ratio']:.3f} | {row['max_abs_diff']:.1e} |")
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--device', default='cpu', choices=['cpu', 'cuda'])
    parser.add_argument('--threads', type=int, help="CPU threads (default: torch's)")
    parser.add_argument('--models', nargs='+', default=['s2svr-paper', 's2svr-default'],
                        choices=['s2svr-paper', 's2svr-default'])
    parser.add_argument('--lq-size', type=parse_size, default=(90, 160), metavar='HxW')
    parser.add_argument('--frames', type=int, default=4, help='T of the timed clip')
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--out-dir', default='work_dirs/bench_speedups')
    parser.add_argument('--quick', action='store_true', help='1x2x3x32x32, 1 repeat (tests)')
    args = parser.parse_args(argv)
    if args.quick:
        args.lq_size, args.frames, args.repeats, args.warmup = (32, 32), 2, 1, 0
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        sys.exit('bench_speedups: --device cuda but no CUDA device is available')
    start = time.perf_counter()
    torch.manual_seed(0)
    lqs = torch.rand(1, args.frames, 3, *args.lq_size, device=device)
    configs = {key: str(path) for key, path in CONFIGS.items()}
    results = dict(machine=machine_info(device, torch.get_num_threads()),
                   args=dict(vars(args)), models={})
    for name in args.models:
        spec = model_spec(name, configs)[1]
        results['models'][name] = time_variants(spec, lqs, device, args.repeats, args.warmup)
    results['elapsed_s'] = time.perf_counter() - start
    os.makedirs(args.out_dir, exist_ok=True)
    with open(osp.join(args.out_dir, 'bench_speedups.json'), 'w') as f:
        json.dump(results, f, indent=1)
    print(render(results))
    print(f"({results['elapsed_s']:.0f} s; {results['machine']['device_name']}, "
          f"{results['machine']['threads']} threads; clip 1x{args.frames}x3x"
          f'{args.lq_size[0]}x{args.lq_size[1]})')
    return results


if __name__ == '__main__':
    main()

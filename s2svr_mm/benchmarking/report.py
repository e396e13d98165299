"""The benchmark's report: growth of memory with T, the goal, the markdown tables, the machine."""
import os
import os.path as osp
import platform

import numpy as np
import torch

from s2svr_mm.apis.catalogue import PACKAGE_DIR
from .flops import COUNTER

REPO_ROOT = osp.dirname(PACKAGE_DIR)
#: The goal: S2SVR at the paper configuration within GOAL_RATIO x BasicVSR++'s time per frame,
#: at >= GOAL_ROOFLINE of the conv roofline; streaming peak memory within STREAM_GROWTH_LIMIT.
GOAL_RATIO, GOAL_ROOFLINE = 1.5, 0.5
STREAM_GROWTH_LIMIT = 1.2


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
    """'met' or 'NOT met'."""
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


def machine_info(device, threads):
    """The device, CPU, threads and versions a result was measured with."""
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

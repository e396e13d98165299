"""The benchmark's figure: ms/frame and peak memory against T, drawn with matplotlib."""
from matplotlib.figure import Figure


def plot(results, path):
    """Two panels from the memory sweep: ms/frame vs T and peak memory vs T, one line a mode."""
    memory = results['memory']
    fig = Figure(figsize=(11, 4))
    axes = fig.subplots(1, 2)
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

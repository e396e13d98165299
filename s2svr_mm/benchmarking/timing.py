"""Wall-clock timing of models: one synchronised call, interleaved repeats, a conv roofline."""
import time

import torch

from .flops import conv_macs, gflops


def sync(device):
    """Wait for the queued work of ``device`` (CUDA); nothing on CPU."""
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def time_call(fn, device, clock=time.perf_counter):
    """Seconds of one ``fn()``, CUDA synchronised before and after.

    Args:
        fn (callable): Called with no arguments.
        device (torch.device): Where ``fn`` queues its work.
        clock (callable): Seconds now. Default: ``time.perf_counter``.
    """
    sync(device)
    start = clock()
    fn()
    sync(device)
    return clock() - start


def time_models(models, clips, device, repeats, warmup, clock=time.perf_counter):
    """Interleaved timings: every repeat runs each model once, starting one model later.

    Args:
        models (dict[str, nn.Module]): Name -> model.
        clips (dict[str, Tensor]): Name -> its (1, T, 3, h, w) input.
        repeats (int): Timed rounds.
        warmup (int): Untimed first rounds.
        clock (callable): Seconds now. Default: ``time.perf_counter``.

    Returns:
        dict[str, list[float]]: Name -> seconds of each timed repeat.
    """
    names, times = list(models), {name: [] for name in models}
    with torch.inference_mode():
        for r in range(warmup + repeats):
            for name in names[r % len(names):] + names[:r % len(names)]:
                seconds = time_call(lambda: models[name](clips[name]), device, clock)
                if r >= warmup:
                    times[name].append(seconds)
    return times


def conv_roofline(channels, size, device, repeats=10, warmup=3, clock=time.perf_counter):
    """Throughput of a large 3x3 conv, C -> C on (1, C, size, size): the roofline of width C.

    The best of ``repeats`` (a ceiling, not a typical value).

    Returns:
        dict: input shape, MACs, the timed seconds, the best and the GFLOP/s.
    """
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(channels, channels, 3, 1, 1).to(device).eval()
    x = torch.rand(1, channels, size, size, device=device)
    with torch.inference_mode():
        seconds = [time_call(lambda: conv(x), device, clock)
                   for _ in range(warmup + repeats)][warmup:]
    macs = conv_macs(1, channels, channels, size, size)
    return dict(shape=list(x.shape), macs=macs, seconds=seconds, best_s=min(seconds),
                gflops=gflops(macs, min(seconds)))

"""Peak memory, measured one way: the kernel's resident-set high-water mark on CPU, the
allocator's peak (``torch.cuda.max_memory_allocated``) on CUDA.

On Linux ``VmHWM`` of ``/proc/<pid>/status`` and ``ru_maxrss`` of ``getrusage`` read the same
counter (``hiwater_rss``): :class:`PeakMemory` reads it for a block of this process,
:func:`run_command` for a whole command run in a child process.
"""
import json
import resource
import subprocess
import sys

import torch


def rss_mib(field='VmRSS'):
    """``VmRSS`` / ``VmHWM`` of this process in MiB (None if /proc is unavailable)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not possible."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        return True
    except OSError:
        return False


def peak_rss_mib():
    """RSS high-water mark of this process in MiB: VmHWM, or ``ru_maxrss`` without /proc."""
    peak = rss_mib('VmHWM')
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return peak


class PeakMemory:
    """Peak memory of the block it wraps, in MiB, on ``device``.

    On entry the peak is reset to the current use and read back (``start_mib``); on exit
    ``peak_mib`` is the highest use since (never below ``start_mib``), and ``rss_peak_mib``
    the RSS high-water mark (the same number on CPU). Where the RSS peak cannot be reset, it
    covers the whole process.

    Args:
        device (torch.device): ``cuda`` measures the allocator, anything else RSS.
    """

    def __init__(self, device):
        self.cuda = torch.device(device).type == 'cuda'
        self.device = device

    def __enter__(self):
        if self.cuda:
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
            self.start_mib = torch.cuda.memory_allocated(self.device) / 2**20
        was_reset = reset_peak_rss()
        if not self.cuda:
            # The high-water mark itself, read right after the reset. The kernel updates VmHWM
            # lazily (not on every page freed), so a VmRSS read here exceeded the VmHWM read on
            # exit by 0.2 MiB once (609.90 vs 609.68 MiB, CI); __exit__ also floors the peak at
            # the start. Without a reset VmHWM is the whole process's peak: use VmRSS.
            self.start_mib = peak_rss_mib() if was_reset else rss_mib('VmRSS') or peak_rss_mib()
        return self

    def __exit__(self, *exc):
        if self.cuda:
            torch.cuda.synchronize(self.device)
        self.rss_peak_mib = peak_rss_mib()
        if not self.cuda:
            self.rss_peak_mib = max(self.rss_peak_mib, self.start_mib)
        self.peak_mib = (torch.cuda.max_memory_allocated(self.device) / 2**20
                         if self.cuda else self.rss_peak_mib)
        return False


def run_command(cmd):
    """Run ``cmd`` (stdout discarded) in a fresh process; its exit code, time and peak RSS.

    A child starts with its parent's high-water mark (fork and exec keep it), so the command
    is started by a small fresh interpreter, :data:`_PROBE`, which reports its child's
    ``ru_maxrss``: the peak is the command's (its own children included), not this process's.

    Returns:
        dict: ``code``, ``seconds`` (wall) and ``peak_mib`` of the command.
    """
    result = subprocess.run([sys.executable, '-c', _PROBE, *cmd], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


#: Run in a fresh interpreter: run the command, report its code, time and peak RSS (MiB).
_PROBE = ('import json, resource, subprocess, sys, time\n'
          't = time.perf_counter()\n'
          'code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n'
          'print(json.dumps(dict(code=code, seconds=time.perf_counter() - t, peak_mib='
          'resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)))\n')

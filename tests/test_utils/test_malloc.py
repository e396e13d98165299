"""s2svr_mm.utils.malloc: pinning glibc's mmap threshold, and when it is left alone."""
import os
import platform
import subprocess
import sys

import pytest

from s2svr_mm.utils import malloc

GLIBC = platform.libc_ver()[0] == 'glibc'


def test_bad_threshold_raises():
    with pytest.raises(ValueError, match='positive'):
        malloc.pin_mmap_threshold(0)


def test_user_setting_wins(monkeypatch):
    monkeypatch.setenv(malloc.MMAP_THRESHOLD_ENV, '65536')
    assert malloc.pin_mmap_threshold() is False


_PROBE = (
    'import ctypes, sys\n'
    'from s2svr_mm.utils.malloc import pin_mmap_threshold\n'
    'if sys.argv[1] == "pin": assert pin_mmap_threshold(1 << 20)\n'
    'libc = ctypes.CDLL("libc.so.6"); libc.malloc.restype = ctypes.c_void_p\n'
    'def mapped(addr):\n'
    '    for line in open("/proc/self/maps"):\n'
    '        lo, hi = (int(x, 16) for x in line.split()[0].split("-"))\n'
    '        if lo <= addr < hi: return True\n'
    '    return False\n'
    'libc.free(ctypes.c_void_p(libc.malloc(8 << 20)))  # raises a dynamic threshold to 8 MiB\n'
    'p = libc.malloc(2 << 20); assert mapped(p)\n'
    'libc.free(ctypes.c_void_p(p)); print(mapped(p))\n')


@pytest.mark.skipif(not GLIBC, reason='glibc only')
def test_pinned_threshold_returns_freed_large_blocks_at_once():
    """Fresh processes: after an 8 MiB block was freed, glibc's dynamic threshold serves a
    2 MiB block from its heap, which stays mapped after ``free``; pinned at 1 MiB, the block is
    mmapped and gone from the address space as soon as it is freed."""
    env = {k: v for k, v in os.environ.items() if k != malloc.MMAP_THRESHOLD_ENV}

    def still_mapped(mode):
        out = subprocess.run([sys.executable, '-c', _PROBE, mode], capture_output=True,
                             text=True, env=env)
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout.strip().splitlines()[-1]

    assert still_mapped('default') == 'True'
    assert still_mapped('pin') == 'False'


def test_cli_pins_the_threshold(monkeypatch):
    from s2svr_mm import cli
    calls = []
    monkeypatch.setattr(cli, 'pin_mmap_threshold', lambda: calls.append(1) or True)
    assert cli.main(['/nonexistent/input.mp4', '-o', '/nonexistent/out.mp4', '--task', 'sr']) == 1
    assert calls == [1]

"""Make glibc's malloc give large buffers back to the system at once.

glibc serves blocks below its mmap threshold from its heaps and, by default, raises that
threshold (up to 32 MiB) each time a larger mmapped block is freed. Restoring a video allocates
and frees tensors of a few MiB to a few hundred MiB in every window, so after the first
windows they come from the heaps, and how much freed memory the heaps hold on to depends on the
order in which the threads (PyAV's decoder, x264, torch) happened to free it. The peak
resident memory of ``s2svr-restore`` on the same 100-frame 180x320 input then varied between
2.9 and 4.4 GiB from run to run; with the threshold pinned at 4 MiB it was 2.68 GiB in every
run, at the same speed (docs/restore.md, "Memory and speed of s2svr-restore on long videos").
"""
import ctypes
import ctypes.util
import os
import platform

#: ``M_MMAP_THRESHOLD`` of glibc's ``mallopt``.
M_MMAP_THRESHOLD = -3
#: Blocks of this many bytes or more are mmapped (and unmapped when freed).
MMAP_THRESHOLD = 4 << 20
#: The environment variable with which glibc users set the threshold themselves.
MMAP_THRESHOLD_ENV = 'MALLOC_MMAP_THRESHOLD_'


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Pin glibc's mmap threshold for the rest of the process (``mallopt``).

    Pinning also turns off glibc's dynamic threshold. Nothing is done on other C libraries
    (macOS, musl) or when ``MALLOC_MMAP_THRESHOLD_`` is set (the user's choice wins).

    Args:
        threshold (int): Size in bytes from which blocks are mmapped. Default: 4 MiB.

    Returns:
        bool: Whether the threshold was set.

    Raises:
        ValueError: If ``threshold`` is not positive.
    """
    if threshold <= 0:
        raise ValueError(f'threshold must be positive, got {threshold}')
    if os.environ.get(MMAP_THRESHOLD_ENV) or platform.libc_ver()[0] != 'glibc':
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        return bool(libc.mallopt(M_MMAP_THRESHOLD, int(threshold)))
    except (OSError, AttributeError):
        return False

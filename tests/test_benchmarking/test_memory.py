"""s2svr_mm.benchmarking.memory: a known allocation shows in the peak, in-process and of a child."""
import sys

import numpy as np
import pytest
import torch

from s2svr_mm.benchmarking.memory import PeakMemory, peak_rss_mib, rss_mib, run_command

MIB = 2**20


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc')
def test_peak_memory_sees_a_touched_allocation():
    with PeakMemory(torch.device('cpu')) as peak:
        block = np.ones(200 * MIB, np.uint8)  # every page written
        del block
    assert peak.start_mib > 0 and peak.peak_mib == peak.rss_peak_mib
    assert peak.peak_mib - peak.start_mib >= 190
    assert peak_rss_mib() >= rss_mib('VmRSS') > 0


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='reads /proc')
def test_peak_memory_of_a_block_that_only_frees_is_its_start():
    block = torch.ones(100 * MIB, dtype=torch.uint8)  # resident before the block
    with PeakMemory(torch.device('cpu')) as peak:
        del block  # the block frees memory and allocates none
    assert peak.start_mib > 100
    assert peak.start_mib <= peak.peak_mib < peak.start_mib + 5


def test_run_command_reports_the_childs_peak_and_code():
    touch = 'import sys, numpy; b = numpy.ones(300 * 2**20, numpy.uint8); sys.exit(3)'
    result = run_command([sys.executable, '-c', touch])
    assert result['code'] == 3 and result['seconds'] > 0
    assert result['peak_mib'] >= 300
    small = run_command([sys.executable, '-c', 'pass'])
    assert small['code'] == 0 and small['peak_mib'] < 100  # not this process's

"""s2svr_mm.benchmarking.timing: timers on a fake clock, interleaving, the roofline's arithmetic."""
import pytest
import torch

from s2svr_mm.benchmarking.flops import conv_macs
from s2svr_mm.benchmarking.timing import conv_roofline, time_call, time_models

CPU = torch.device('cpu')


class FakeClock:
    """A clock that advances by ``step`` seconds each time it is read."""

    def __init__(self, step):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now


def test_time_call_reads_the_clock_around_the_call():
    calls = []
    assert time_call(lambda: calls.append(1), CPU, FakeClock(0.25)) == 0.25
    assert calls == [1]


def test_time_models_interleaves_and_drops_warmup():
    order = []

    class Named(torch.nn.Module):

        def __init__(self, name):
            super().__init__()
            self.name = name

        def forward(self, x):
            order.append(self.name)
            return x

    models = {name: Named(name) for name in 'abc'}
    clips = {name: torch.zeros(1) for name in 'abc'}
    times = time_models(models, clips, CPU, repeats=2, warmup=1, clock=FakeClock(0.5))
    assert order == list('abc' 'bca' 'cab')  # each round starts one model later
    assert times == {name: [0.5, 0.5] for name in 'abc'}


def test_conv_roofline_on_a_fake_clock():
    result = conv_roofline(4, 8, CPU, repeats=3, warmup=2, clock=FakeClock(0.5))
    macs = conv_macs(1, 4, 4, 8, 8)
    assert result['shape'] == [1, 4, 8, 8] and result['macs'] == macs == 4 * 4 * 64 * 9
    assert result['seconds'] == [0.5] * 3 and result['best_s'] == 0.5
    assert result['gflops'] == pytest.approx(2 * macs / 0.5 / 1e9)

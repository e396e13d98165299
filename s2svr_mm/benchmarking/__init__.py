"""Measuring a video restoration network: size, FLOPs, time per frame and peak memory.

Used by ``tools/benchmark.py``, ``tools/bench_speedups.py`` and
``tools/measure_restore_memory.py``; each module does one job:

- :mod:`.models`: the benchmarked networks (the shipped S2SVR read from the task catalogue);
- :mod:`.flops`: multiply-adds through mmengine's ``FlopAnalyzer``;
- :mod:`.timing`: synchronised timers, interleaved repeats and a conv roofline;
- :mod:`.memory`: peak memory, measured one way (the kernel's RSS high-water mark on CPU,
  ``max_memory_allocated`` on CUDA), in this process or of a command;
- :mod:`.worker`: each memory job in a fresh process (a fork server);
- :mod:`.report`: growth with T, the goal, the markdown report, the plot and the machine.
"""

# Issue #17: the BasicVSR baseline with working propagation
# (basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-long-bix4_spynet-zero-init.py: SPyNet starting
# at zero flow, same data, loss and start as the shipped x4 recipe) for the whole CPU
# budget, 2 CPU-hours: 3,600 iterations at about 2 s per iteration on one thread (its
# 1,800-iteration run took 60 minutes), the baseline of
# s2svr_c16b2_1xb1-6750_motion-seqs-real-clips-long-bix4_flow-student-up2.py. Run on 2026-12-05
# (sixth stop), seed 0: 141 minutes of one thread at 2.2-2.3 s per iteration beside that run;
# real pair +0.857 dB, held out +0.785 dB over bicubic (docs/results.md).
_base_ = ['./basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-long-bix4_spynet-zero-init.py']
experiment_name = 'basicvsr_c16b2_1xb1-3600_motion-seqs-real-clips-long-bix4_spynet-zero-init'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 3600
train_cfg = dict(max_iters=max_iters, val_interval=900)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=900))

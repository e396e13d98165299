# Issue #15, the shift error: the stage-1 teacher (s2svr_mm/weights/pwclite-norm_teacher_motion-
# seqs.pth) trained 1,000 more iterations with random flow-aware flips and transposes of its
# pairs (FlowAwareFlips; ARFlow flips its training pairs). Why: on real frames it misses small
# shifts along x (1 and 2 px come back as 0.0 and 1.0 px) and overestimates them along y by
# 0.3-0.45 px (tools/eval_flow.py --shift-response; docs/flow.md, 2026-12-04, night), and its
# 36 training sequences are seen with their one camera path each. The control without flips is
# pwclite-norm_teacher-ft2_1xb4-1000_motion-seqs-128.py.
_base_ = ['./pwclite-norm_teacher-ft2_1xb4-1000_motion-seqs-128.py']
experiment_name = 'pwclite-norm_teacher-ft2-flips_1xb4-1000_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(dataset=dict(flips=True))

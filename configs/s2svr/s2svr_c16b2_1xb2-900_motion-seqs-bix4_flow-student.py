# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (a): the x4 recipe of
# s2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow.py (zero-initialised head, MSE, C=16, 2 blocks,
# 2 layers) aligned with the distilled PWC-Lite student of the task
# (configs/flow/pwclite-norm_student_1xb4-600_motion-seqs-bix4.py; run it first: the file
# s2svr_mm/weights/pwclite-norm_student_sr.pth held it until the student of the fine-tuned
# teacher replaced it, 2026-12-04 evening), frozen and symmetrised (as the shipped HEVC
# model; docs/flow.md), on a complete 900-iteration cosine schedule (about 25 CPU-minutes).
# Rows (b) and (c): ..._flow-student-nodis.py (the student trained without L_dis) and
# ..._zero-flow.py (all flows zero); same seed, data and schedule.
_base_ = ['./s2svr_c16b2_1xb2-3600_motion-seqs-bix4_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 900
model = dict(
    generator=dict(
        flow_net=dict(_delete_=True, type='PWCLite', normalize_features=True),
        flow_pretrained='work_dirs/pwclite-norm_student_1xb4-600_motion-seqs-bix4/iter_600.pth',
        symmetric_flow=True),
    train_cfg=dict(fix_iter=max_iters))  # the flow net stays frozen
train_cfg = dict(max_iters=max_iters, val_interval=450)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=450))

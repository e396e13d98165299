# Issue #15, the shift goal of the same-size students; control of
# pwclite-norm_teacher-ft6-flips_1xb4-2000_motion-seqs180-real-clips-128.py: the shipped
# 180-sequence teacher (s2svr_mm/weights/pwclite-norm-flips-ms180_teacher_motion-seqs.pth, from
# pwclite-norm_teacher-ft5-flips_1xb4-2000_motion-seqs180-128.py) trained 2,000 more iterations
# with the same losses, data, flips and schedule, so that what the real clips change can be told
# from what more training changes (docs/flow.md, 2026-12-06, ninth stop).
_base_ = ['./pwclite-norm_teacher-ft5-flips_1xb4-2000_motion-seqs180-128.py']
experiment_name = 'pwclite-norm_teacher-ft6-flips_1xb4-2000_motion-seqs180-128'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(teacher_pretrained='s2svr_mm/weights/pwclite-norm-flips-ms180_teacher_motion-seqs.pth')

# Issue #15, the blurred student's shift goal: the shipped ft6 teacher
# (s2svr_mm/weights/pwclite-norm-flips-ms180-ft6_teacher_motion-seqs.pth, from
# pwclite-norm_teacher-ft6-flips_1xb4-2000_motion-seqs180-128.py) trained 2,000 more iterations
# with the same losses, data, flips and schedule. Why: the 2,000 iterations of ft6 improved
# every column (held out 1.226 -> 1.112 px, the real (3, -2) shift 0.621 -> 0.541 px, both warp
# gains), and the blurred ft6 student stayed at its teacher's shift (0.543 px against the goal
# of 0.5; docs/flow.md, 2026-12-06, ninth stop): a better teacher is the lever.
_base_ = ['./pwclite-norm_teacher-ft6-flips_1xb4-2000_motion-seqs180-128.py']
experiment_name = 'pwclite-norm_teacher-ft7-flips_1xb4-2000_motion-seqs180-128'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    teacher_pretrained='s2svr_mm/weights/pwclite-norm-flips-ms180-ft6_teacher_motion-seqs.pth')

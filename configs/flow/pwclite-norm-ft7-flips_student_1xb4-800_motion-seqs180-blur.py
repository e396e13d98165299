# Issue #15, Alg. 1 step 2 for blur from the ft7 teacher
# (pwclite-norm_teacher-ft7-flips_1xb4-2000_motion-seqs180-128.py; run it first): the recipe of
# pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py (start from the teacher's
# weights, L_dis 0.1, flow-aware flips, the 180 motion sequences, 800 iterations) with the
# teacher trained 2,000 iterations longer. Why: the ft6 blurred student recovers the real
# (3, -2) shift with 0.543 px, its teacher's 0.541 (docs/flow.md, 2026-12-06, ninth stop).
_base_ = ['./pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py']
experiment_name = 'pwclite-norm-ft7-flips_student_1xb4-800_motion-seqs180-blur'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    teacher_pretrained='work_dirs/pwclite-norm_teacher-ft7-flips_1xb4-2000_motion-seqs180-128/'
    'iter_2000.pth')

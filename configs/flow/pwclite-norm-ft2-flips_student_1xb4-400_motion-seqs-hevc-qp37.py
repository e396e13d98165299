# Issue #15, the shift error, Alg. 1 step 2 for hevc-qp37: the recipe of
# pwclite-norm-ft_student_1xb4-400_motion-seqs-hevc-qp37.py
# from the teacher trained 1,000 more iterations with flow-aware flips
# (pwclite-norm_teacher-ft2-flips_1xb4-1000_motion-seqs-128.py; run it first), with the same
# flips and transposes of the student's pairs (FlowAwareFlips).
_base_ = ['./pwclite-norm-ft_student_1xb4-400_motion-seqs-hevc-qp37.py']
experiment_name = 'pwclite-norm-ft2-flips_student_1xb4-400_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    teacher_pretrained='work_dirs/pwclite-norm_teacher-ft2-flips_1xb4-1000_motion-seqs-128/'
    'iter_1000.pth')
train_dataloader = dict(dataset=dict(flips=True))

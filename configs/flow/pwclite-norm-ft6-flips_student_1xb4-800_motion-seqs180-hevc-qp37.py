# Issue #15, Alg. 1 step 2 for HEVC QP 37 from the 180-sequence teacher trained 2,000 iterations
# more (pwclite-norm_teacher-ft6-flips_1xb4-2000_motion-seqs180-128.py; run it first): its
# blurred twin pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py (the reasons are
# there) on the QP 37 frames. That recipe is the shipped QP 37 student's
# (pwclite-norm-ft2-flips_student_1xb4-400_motion-seqs-hevc-qp37.py: start from the teacher's
# weights, L_dis 0.1, flow-aware flips) on the 180 motion sequences for 800 iterations; the two
# resolved configs differ only in lq_folder. Checkpoints at 400 and 800.
_base_ = ['./pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py']
experiment_name = 'pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(dataset=dict(lq_folder='hevc_qp37'))

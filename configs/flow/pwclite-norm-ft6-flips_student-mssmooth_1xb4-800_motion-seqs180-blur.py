# Issue #15, the blurred student's shift goal: the ft6 blurred student's recipe
# (pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py: start from the teacher, L_dis
# 0.1, flips, the 180 motion sequences, 800 iterations) with the edge-aware smoothness at the
# four pyramid levels the photometric loss uses, scale_weights (1, 1, 1, 1, 0), instead of
# ARFlow's finest level only ("w_sm_scales": [1.0, 0, 0, 0, 0] in configs/sintel_raw.json): a
# deviation from ARFlow. Why: on a (3, -2) shift of 16 real `vtest` frames the shipped ft7
# blurred student's error is 0.12 px of bias in the mean flow and 0.52 px of spatial noise
# around it, 0.46 px of which survives a 33x33 box average (docs/flow.md, eleventh stop): the
# error lives at the scale of the coarse levels, which the finest-level term barely constrains.
# The teacher is the shipped fp16 file of the ft6 teacher (the ft6 student had its fp32
# checkpoint). Measured (docs/flow.md, eleventh stop): held out 1.102 px, shift 0.561 (0.532
# symmetrised), bikes +1.30 dB, vtest -2.82 dB, level with the finest-level recipe (1.102 /
# 0.543 / +1.34 / -2.80): no effect; the smoothness term stays at 0.006 of a 0.12 loss.
_base_ = ['./pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-blur.py']
experiment_name = 'pwclite-norm-ft6-flips_student-mssmooth_1xb4-800_motion-seqs180-blur'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    teacher_pretrained='s2svr_mm/weights/pwclite-norm-flips-ms180-ft6_teacher_motion-seqs.pth',
    smoothness_loss=dict(scale_weights=(1., 1., 1., 1., 0.)))

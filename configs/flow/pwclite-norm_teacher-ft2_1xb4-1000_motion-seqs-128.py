# Control of pwclite-norm_teacher-ft2-flips_1xb4-1000_motion-seqs-128.py (issue #15, the shift
# error): the stage-1 teacher (s2svr_mm/weights/pwclite-norm_teacher_motion-seqs.pth, from
# pwclite-norm_teacher-ft_1xb4-2000_motion-seqs-128.py) trained 1,000 more iterations with the
# same losses and data and without flips, so that what the flips change can be told from what
# more training changes.
_base_ = ['./pwclite-norm_teacher-ft_1xb4-2000_motion-seqs-128.py']
experiment_name = 'pwclite-norm_teacher-ft2_1xb4-1000_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1000
model = dict(teacher_pretrained='s2svr_mm/weights/pwclite-norm_teacher_motion-seqs.pth')
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)

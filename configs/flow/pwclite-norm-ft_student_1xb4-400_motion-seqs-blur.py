# Alg. 1 step 2, blur, from the teacher of Alg. 1 step 1
# (pwclite-norm_teacher-ft_1xb4-2000_motion-seqs-128.py: the supervised teacher fine-tuned
# without labels on the HQ frames; run it first): the recipe of
# pwclite-norm_student_1xb4-400_motion-seqs-blur.py
# with that teacher as the L_dis target and as the student's starting point.
_base_ = ['./pwclite-norm_student_1xb4-400_motion-seqs-blur.py']
experiment_name = 'pwclite-norm-ft_student_1xb4-400_motion-seqs-blur'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    teacher_pretrained='work_dirs/pwclite-norm_teacher-ft_1xb4-2000_motion-seqs-128/'
    'iter_2000.pth')

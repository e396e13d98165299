# Alg. 1 step 2 at paper scale: the student PWC-Lite on the LQ frames of mfqev2-qp37, distilled
# from the frozen teacher of pwclite_teacher_8xb4-100k_mfqev2-qp37.py.
_base_ = ['./pwclite_teacher_8xb4-100k_mfqev2-qp37.py']
experiment_name = 'pwclite_student_8xb4-100k_mfqev2-qp37'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    stage='student',
    teacher_pretrained='work_dirs/pwclite_teacher_8xb4-100k_mfqev2-qp37/iter_100000.pth')

# Alg. 1 step 2 at paper scale: the student PWC-Lite on the LQ frames of gopro, distilled
# from the frozen teacher of pwclite_teacher_8xb4-100k_gopro.py.
_base_ = ['./pwclite_teacher_8xb4-100k_gopro.py']
experiment_name = 'pwclite_student_8xb4-100k_gopro'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    stage='student',
    teacher_pretrained='work_dirs/pwclite_teacher_8xb4-100k_gopro/iter_100000.pth')

# Alg. 1 step 2 at CPU scale, x4 SR: the student PWC-Lite on the BI x4 LQ frames, distilled
# from the frozen teacher's HQ flows (flows upsampled x4 in size and value, Eq. 16).
_base_ = ['./pwclite_teacher_1xb4-400_real-clips.py']
experiment_name = 'pwclite_student_1xb4-400_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    stage='student',
    teacher_pretrained='work_dirs/pwclite_teacher_1xb4-400_real-clips/iter_400.pth')

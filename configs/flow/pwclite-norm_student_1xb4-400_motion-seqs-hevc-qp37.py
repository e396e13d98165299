# Alg. 1 step 2, hevc-qp37: the student PWC-Lite on the hevc_qp37 frames of the motion
# sequences (same size as the HQ frames); the recipe of the blur student
# (pwclite-norm_student_1xb4-400_motion-seqs-blur.py) on other LQ frames.
_base_ = ['./pwclite-norm_student_1xb4-400_motion-seqs-blur.py']
experiment_name = 'pwclite-norm_student_1xb4-400_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(dataset=dict(lq_folder='hevc_qp37'))

# Alg. 1 step 2 at CPU scale, compressed video: the student PWC-Lite on the HEVC QP 37 frames
# (hevc_qp37/), distilled from the shared HQ teacher's flows on the clean frames (gt/).
_base_ = ['./pwclite_student_1xb4-400_real-clips-blur.py']
experiment_name = 'pwclite_student_1xb4-400_real-clips-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(
    dataset=dict(
        data_prefix=dict(img='hevc_qp37', gt='gt'), ann_file='meta_info_real_clips_train.txt'))

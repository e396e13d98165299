# Issue #17, the x4 recipe with the paper's flow: the shipped x4 recipe
# (s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-long-bix4_dis-flow.py: motion sequences plus every
# frame of the real training clips, C=16, 2 blocks, 2 layers, zero-initialised head, MSE) aligned
# with the distilled PWC-Lite student of the task (s2svr_mm/weights/pwclite-norm_student_sr.pth,
# configs/flow/pwclite-norm-ft_student_1xb4-600_motion-seqs-bix4.py) instead of OpenCV's DIS:
# frozen, symmetrised and estimated on the LQ frames upsampled x2, as Table-4 row (a3)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student-ft-up2.py, the best PWC-Lite row there).
# The PWC-Lite flow costs more than DIS (1.06 against 0.91 s per iteration on one thread,
# measured over iterations 50-150 next to a second training run), so the schedule is cut to
# 4,500 iterations for about the 82 CPU-minutes of the DIS recipe (equal CPU time, fewer
# updates).
_base_ = ['./s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-long-bix4_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb1-4500_motion-seqs-real-clips-long-bix4_flow-student-up2'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 4500
model = dict(
    generator=dict(
        flow_net=dict(_delete_=True, type='PWCLite', normalize_features=True),
        flow_pretrained='s2svr_mm/weights/pwclite-norm_student_sr.pth',
        symmetric_flow=True, flow_upscale=2),
    train_cfg=dict(fix_iter=max_iters))  # the flow net stays frozen
train_cfg = dict(max_iters=max_iters, val_interval=1125)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(checkpoint=dict(interval=1125))

# S2SVR x4 VSR on REDS (paper Sec. 4.1; schedule of the authors' released config): 8 GPUs x 1
# sequence of 15 frames, 256x256 GT crops, flips/transposes, Charbonnier, Adam(0.9, 0.99) at
# 2e-4 with the flow net at 5e-5, cosine to 1e-7 over 600k iterations, flow net frozen for the
# first 10k. Validation on REDS4 (100 frames per clip). The flow net starts from the student
# of configs/flow/pwclite_student_8xb4-100k_reds4.py (Alg. 1).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/reds4_bix4.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c64b13_8xb1-600k_reds4'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        flow_pretrained='work_dirs/pwclite_student_8xb4-100k_reds4/iter_100000.pth'),
    train_cfg=dict(fix_iter=10_000))
train_dataloader = dict(num_workers=6, batch_size=1, dataset=dict(num_input_frames=15))
train_cfg = dict(max_iters=600_000, val_interval=5000)
param_scheduler = dict(periods=[600_000])
default_hooks = dict(checkpoint=dict(interval=5000, save_best='PSNR', rule='greater'))

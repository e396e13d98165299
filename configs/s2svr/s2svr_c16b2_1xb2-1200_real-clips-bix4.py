# The x4 VSR recipe at CPU scale on the real clips (shipped as sr.pth until the 2400-iteration
# run of s2svr_c16b2_1xb2-2400_real-clips-bix4.py replaced it). C=16, 2 blocks, 2 layers,
# 7-frame sequences, 128x128 GT crops, batch 2, 1200 iterations,
# Adam lr 1e-3 cosine to 1e-7 (a short schedule wants a larger step than the paper's 2e-4),
# bicubic skip connection. The flow net is the distilled student
# (configs/flow/pwclite_student_1xb4-400_real-clips-bix4.py) and stays frozen throughout: back-
# propagating through PWC-Lite doubles the iteration time on a CPU. About 25 min on one core
# (OMP_NUM_THREADS=1). Validation on the held-out clips (tree, carphone), Y channel.
_base_ = ['./s2svr_c16b2_1xb2-300_real-clips-bix4.py']
experiment_name = 's2svr_c16b2_1xb2-1200_real-clips-bix4'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 1200
model = dict(generator=dict(upsample_mode='bicubic'), train_cfg=dict(fix_iter=max_iters))
train_dataloader = dict(num_workers=1)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_iters=max_iters, val_interval=400)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(logger=dict(interval=50), checkpoint=dict(interval=400))

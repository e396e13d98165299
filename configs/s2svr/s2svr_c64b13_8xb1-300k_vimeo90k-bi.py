# S2SVR x4 VSR on Vimeo-90K (BI), initialised from the REDS model (paper Sec. 4.1): 7-frame
# septuplets, validated on Vid4 (Y channel). Flow net frozen for the first 5k iterations.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/vimeo90k_bix4.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c64b13_8xb1-300k_vimeo90k-bi'
work_dir = f'./work_dirs/{experiment_name}'

load_from = 'work_dirs/s2svr_c64b13_8xb1-600k_reds4/iter_600000.pth'  # init from REDS
model = dict(train_cfg=dict(fix_iter=5000))
train_dataloader = dict(num_workers=6, batch_size=1)
train_cfg = dict(max_iters=300_000, val_interval=5000)
param_scheduler = dict(periods=[300_000])
default_hooks = dict(checkpoint=dict(interval=5000, save_best='PSNR', rule='greater'))

# S2SVR compressed video enhancement on MFQEv2 at QP 37 (HEVC low-delay P; paper Sec. 4.3),
# validated on the 18 JCT-VC test sequences (Y channel). Same-size head; C=48 as for
# deblurring (the paper does not give the width for this task).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/mfqev2_qp37.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c48b13_8xb1-300k_mfqev2-qp37'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        mid_channels=48, is_low_res_input=False,
        flow_pretrained='work_dirs/pwclite_student_8xb4-100k_mfqev2-qp37/iter_100000.pth'),
    train_cfg=dict(fix_iter=5000))
train_dataloader = dict(num_workers=6, batch_size=1, dataset=dict(num_input_frames=15))
train_cfg = dict(max_iters=300_000, val_interval=5000)
param_scheduler = dict(periods=[300_000])
default_hooks = dict(checkpoint=dict(interval=5000, save_best='PSNR', rule='greater'))

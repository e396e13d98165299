# The shipped compressed-video enhancement model (s2svr_mm/weights/decompress.pth), issue #17.
# S2SVR at CPU scale for same-size restoration: C=16, 2 residual blocks, 2 layers, attention
# radius 1, features at full resolution (downsample=1, as the authors' code), a residual to the
# input whose last convolution starts at zero (a new model is the identity); on the motion
# sequences (128x128 crops, 7-frame segments, batch 2). The flow net is the student of this
# degradation (configs/flow/pwclite_student_1xb2-300_motion-seqs-hevc-qp37-gt256.py), frozen
# throughout. Adam lr 1e-3, cosine to 1e-7. 2.9 s per iteration on one thread: 400 iterations =
# the 20 CPU-minutes given to every S2SVR model of issue #17. Validation: the held-out motion
# sequences (other photographs), Y (as MFQEv2).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/motion_seqs_hevc_qp37.py',
    '../_base_/models/s2svr_sr.py'
]
experiment_name = 's2svr_c16b2_1xb2-400_motion-seqs-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 400
model = dict(
    generator=dict(
        mid_channels=16, num_blocks=2, num_layers=2, is_low_res_input=False,
        flow_resolution=None, symmetric_flow=True,
        # The student of configs/flow/pwclite_student_1xb2-300_motion-seqs-hevc-qp37-gt256.py
        # (iteration 300), shipped so that this config trains on a fresh machine; exported
        # from decompress.pth, which kept it frozen (`tools/export_weights.py
        # s2svr_mm/weights/decompress.pth s2svr_mm/weights/pwclite_student_decompress.pth
        # --config <this config> --fp16 --flow-part generator.flow_net`).
        flow_pretrained='s2svr_mm/weights/pwclite_student_decompress.pth'),
    train_cfg=dict(fix_iter=max_iters))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_cfg = dict(max_iters=max_iters, val_interval=200)
param_scheduler = dict(periods=[max_iters])
default_hooks = dict(
    logger=dict(interval=25),
    checkpoint=dict(interval=200, save_best='MotionSeqs-HEVC-QP37-Y/PSNR', rule='greater'))
custom_hooks = []  # no image dumps during validation

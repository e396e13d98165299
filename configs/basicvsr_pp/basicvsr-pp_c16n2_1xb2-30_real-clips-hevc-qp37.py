# Baseline for the shipped compressed-video model: MMagic's BasicVSR++ (see the model base) on
# the same real clips, crops and batch as
# configs/s2svr/s2svr_c16b2_1xb2-300_real-clips-hevc-qp37.py, for about the same CPU time.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/datasets/real_clips_hevc_qp37.py',
    '../_base_/models/basicvsr_pp_real_clips_same_size.py'
]
experiment_name = 'basicvsr-pp_c16n2_1xb2-30_real-clips-hevc-qp37'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(num_workers=1, batch_size=2, dataset=dict(num_input_frames=7))
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(
        interval=_base_.max_iters, save_best='RealClips-HEVC-QP37-Y/PSNR', rule='greater'))
custom_hooks = []

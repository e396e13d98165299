# Diagnostic of issues #15/#17, not the paper's method: the deblurring recipe of
# s2svr_c16b2_1xb2-1600_motion-seqs-blur.py with OpenCV's DIS flow (s2svr_mm/models/backbones/
# dis_flow.py, parameter-free, 0.03 px on a known shift where the CPU-trained PWC-Lites are
# 1.4-1.8 px off) in place of the PWC-Lite student. It measures what motion compensation gives
# this S2SVR when the flow is good, next to the PWC-Lite run and the zero-flow ablation.
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_dis-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(flow_net=dict(_delete_=True, type='DISFlow'), flow_pretrained=None,
                   symmetric_flow=False),
    train_cfg=dict(fix_iter=0))  # nothing to freeze

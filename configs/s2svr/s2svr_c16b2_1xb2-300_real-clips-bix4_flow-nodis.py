# Ablation of the distillation (paper Table 4) at CPU scale: the same S2SVR and budget as
# s2svr_c16b2_1xb2-300_real-clips-bix4.py, with the flow net of the student trained WITHOUT L_dis.
_base_ = ['./s2svr_c16b2_1xb2-300_real-clips-bix4.py']
experiment_name = 's2svr_c16b2_1xb2-300_real-clips-bix4_flow-nodis'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        flow_pretrained='work_dirs/pwclite_student-nodis_1xb4-400_real-clips-bix4/iter_400.pth'))

# The first stage of the shipped deblurring model (exported as s2svr_mm/weights/deblur-7f.pth;
# shipped alone as deblur.pth until 2026-12-07, when
# ..._1xb2-800_motion-seqs-blur-15f_zero-flow_from-deblur.py fine-tuned it into the shipped
# deblur.pth), issue #17: the zero-flow ablation
# of s2svr_c16b2_1xb2-1600_motion-seqs-blur.py (paper Table 4, "w/o flow"), i.e. the same S2SVR,
# data and schedule with every flow zero (S2SVRNet(zero_flow=True): no motion compensation). Shipped
# because it is the better model: on the held-out motion sequences it gains +0.63 dB over the
# blurred input at 1,600 iterations, where the same recipe aligned with the PWC-Lite deblurring
# student loses 0.12 dB (docs/results.md, "flow vs zero flow for deblurring"). Seed 1 (--cfg-options
# randomness.seed=1, 2026-12-05): 30.770 / 0.8377 at 1,600 iterations (seed 0: 30.776 / 0.8381);
# MMagic's BasicVSR++ for the same CPU time: 30.101 / 0.8314. No flow is estimated, so no flow
# checkpoint is read (the PWC-Lite is built but unused).
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(zero_flow=True, flow_pretrained=None))

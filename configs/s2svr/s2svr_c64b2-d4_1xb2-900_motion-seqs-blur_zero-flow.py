# Zero-flow ablation (paper Table 4, "w/o flow") of s2svr_c64b2-d4_1xb2-900_motion-seqs-blur.py:
# the same S2SVR with features at 1/4 of the input size, data, seed and schedule with every flow
# zero (S2SVRNet(zero_flow=True): no motion compensation), so that what the flow earns at this
# feature resolution can be told; at full resolution and C=16 the aligned model lost 0.7 dB to
# its zero-flow ablation (..._1xb2-1600_motion-seqs-blur_zero-flow.py, the shipped deblur.pth).
# No flow is estimated, so no flow checkpoint is read.
_base_ = ['./s2svr_c64b2-d4_1xb2-900_motion-seqs-blur.py']
experiment_name = 's2svr_c64b2-d4_1xb2-900_motion-seqs-blur_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(zero_flow=True, flow_pretrained=None))

# Issue #17: ablation of motion compensation for the x4 recipe on every frame of the real training
# clips (s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-long-bix4_dis-flow.py): the same model,
# data, seed and schedule, trained and tested with all flows zero (S2SVRNet(zero_flow=True)).
# The restorer must beat this row for motion compensation to pay for itself.
_base_ = ['./s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-long-bix4_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb1-5400_motion-seqs-real-clips-long-bix4_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(zero_flow=True))

# Zero-flow ablation of s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_dis-flow.py (issue #17:
# motion compensation must pay for itself): the same model, data mix and schedule with all
# flows zero.
_base_ = ['./s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_dis-flow.py']
experiment_name = 's2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(zero_flow=True))

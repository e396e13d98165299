# The restoration A/B of the paper's Table 4 (issue #15), x4 SR, row (c): row (a)
# (s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py) with all flows zero, the floor that
# motion compensation must beat (the flow network is built but unused, so no flow checkpoint
# is loaded).
_base_ = ['./s2svr_c16b2_1xb2-900_motion-seqs-bix4_flow-student.py']
experiment_name = 's2svr_c16b2_1xb2-900_motion-seqs-bix4_zero-flow'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(generator=dict(zero_flow=True, flow_pretrained=None))

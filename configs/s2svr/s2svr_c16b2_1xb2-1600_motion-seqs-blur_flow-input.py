# Deblurring recipe of issue #17 (s2svr_c16b2_1xb2-1600_motion-seqs-blur.py) aligned with the
# paper's flow, the flipped PWC-Lite deblurring student
# (configs/flow/pwclite-norm-ft2-flips_student_1xb4-400_motion-seqs-blur.py, shipped; frozen,
# symmetrised, estimated on the blurred frames at their size), whose first encoder layer also sees
# each frame's flows to its neighbours (S2SVRNet(flow_input=True), not in the paper): aligned
# states no longer show the displacement that tells the model the blur's length and direction
# (see ..._dis-flow-input.py). Its zero-flow ablation is ..._1xb2-1600_motion-seqs-blur_zero-flow.py
# (zero flows make the 4 extra channels zero).
# Measured (2026-12-05, docs/results.md, "aligned deblurring loses the blur's motion"): 30.355 /
# 0.8341 at 800 and 30.359 / 0.8331 at 1,600 on the held-out sequences (zero flow: 30.776 /
# 0.8381; the older student without the input: 30.025 / 0.8329); not shipped.
_base_ = ['./s2svr_c16b2_1xb2-1600_motion-seqs-blur.py']
experiment_name = 's2svr_c16b2_1xb2-1600_motion-seqs-blur_flow-input'
work_dir = f'./work_dirs/{experiment_name}'

model = dict(
    generator=dict(
        flow_input=True,
        flow_net=dict(_delete_=True, type='PWCLite', normalize_features=True),
        flow_pretrained='s2svr_mm/weights/pwclite-norm-flips_student_deblur.pth'))

# Baseline for the shipped x4 recipe on its own data (issue #17): BasicVSR as in
# basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-bix4.py (same model, loss, zero-initialised
# conv_last, schedule: 1,800 iterations = 82 CPU-minutes on one thread), trained on every frame
# of the three real training clips (data/real_clips_long: box 455, cup 217, bikes 250 frames,
# built by `python tools/prepare_real_clips.py --sources box cup bikes --max-frames 460 --out
# data/real_clips_long`) plus the motion sequences, as the shipped S2SVR
# (s2svr_c16b2_1xb1-4500_motion-seqs-real-clips-long-bix4_flow-student-up2.py): both take
# real_clips_long_train from s2svr_c16b2_1xb1-5400_motion-seqs-real-clips-bix4_dis-flow.py.
_base_ = ['./basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-bix4.py']
experiment_name = 'basicvsr_c16b2_1xb1-1800_motion-seqs-real-clips-long-bix4'
work_dir = f'./work_dirs/{experiment_name}'

train_dataloader = dict(
    dataset=dict(datasets=[{{_base_.motion_seqs_train}},
                           {{_base_.real_clips_long_train}}]))

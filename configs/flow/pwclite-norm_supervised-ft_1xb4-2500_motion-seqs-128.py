# Extra stage, labelled (issue #15): the teacher of
# pwclite_supervised-ft_1xb4-4000_motion-seqs-128.py (ARFlow's raw cost volume, 6,000 + 4,000
# supervised iterations; run that config first) continued with the cost volume built from
# normalised features (PWCLite(normalize_features=True), see
# pwclite-norm_supervised_1xb4-5000_motion-seqs-128.py): its features already match, so only
# the estimator has to adapt to the new cost scale. Same data and crops; lr 2e-4 cosine.
# Shipped as s2svr_mm/weights/pwclite-norm_supervised_motion-seqs.pth (the students' teacher).
_base_ = ['./pwclite-norm_supervised_1xb4-5000_motion-seqs-128.py']
experiment_name = 'pwclite-norm_supervised-ft_1xb4-2500_motion-seqs-128'
work_dir = f'./work_dirs/{experiment_name}'

max_iters = 2500
model = dict(teacher_pretrained='work_dirs/pwclite_supervised-ft_1xb4-4000_motion-seqs-128/'
             'iter_4000.pth')
optim_wrapper = dict(optimizer=dict(lr=2e-4))
train_cfg = dict(max_iters=max_iters)
param_scheduler = dict(T_max=max_iters)

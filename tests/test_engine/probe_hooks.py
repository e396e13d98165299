"""Test-only hook for training subprocesses (``custom_imports=['probe_hooks']`` with this folder
on ``PYTHONPATH``): records what each rank did, for the tests to compare runs afterwards."""
import json
import os.path as osp
import random

import numpy as np
import torch
from mmengine.dist import get_dist_info
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmagic.registry import HOOKS


@HOOKS.register_module()
class ProbeHook(Hook):
    """Append one JSON line per iteration to ``work_dir/probe_{tag}_rank{rank}.jsonl``:
    ``iter`` (1-based), the distinct learning rates the step used (``lr``), the sum of the
    absolute weights it started from (``weights``), the ``loss`` and, with ``draw_random``, one
    draw from each global generator (Python, NumPy, torch) made before the forward pass -- a
    stand-in for stochastic training (random augmentation on the GPU, dropout), which a resumed
    run must reproduce. With ``nan_at_iter``, sample ``nan_sample`` of that iteration's global
    batch (rank-major: sample ``r * batch_size + i`` is sample i of rank r) is replaced by NaN
    pixels. After training, dump this rank's weights (``probe_{tag}_rank{rank}_weights.pth``)
    and facts about the wrapper (``probe_{tag}_rank{rank}.json``)."""

    priority = 'LOWEST'

    def __init__(self, tag='run', draw_random=False, nan_at_iter=None, nan_sample=0):
        self.tag = tag
        self.draw_random = draw_random
        self.nan_at_iter = nan_at_iter
        self.nan_sample = nan_sample
        self._record = {}

    def _path(self, runner, suffix):
        rank, _ = get_dist_info()
        return osp.join(runner.work_dir, f'probe_{self.tag}_rank{rank}{suffix}')

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        lrs = sorted({group['lr'] for group in runner.optim_wrapper.optimizer.param_groups})
        weights = sum(float(p.detach().double().abs().sum()) for p in runner.model.parameters())
        self._record = dict(iter=runner.iter + 1, lr=lrs, weights=weights)
        if self.nan_at_iter == runner.iter + 1:
            self._corrupt(data_batch['inputs'])
        if self.draw_random:
            self._record['draws'] = [random.random(), float(np.random.rand()),
                                     float(torch.rand(1))]

    def _corrupt(self, inputs):
        rank, _ = get_dist_info()
        owner, index = divmod(self.nan_sample, len(inputs))
        if owner == rank:
            inputs[index] = torch.full(inputs[index].shape, float('nan'))

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self._record['loss'] = float(outputs['loss'])
        with open(self._path(runner, '.jsonl'), 'a') as f:
            f.write(json.dumps(self._record) + '\n')

    def after_train(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()},
                   self._path(runner, '_weights.pth'))
        _, world_size = get_dist_info()
        facts = dict(wrapper=type(runner.model).__name__, world_size=world_size,
                     find_unused_parameters=getattr(runner.model, 'find_unused_parameters',
                                                    None),
                     skipped_steps=getattr(runner.optim_wrapper, 'skipped_steps', None))
        with open(self._path(runner, '.json'), 'w') as f:
            json.dump(facts, f)

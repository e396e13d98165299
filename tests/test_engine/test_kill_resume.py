"""A real training process killed with SIGKILL resumes from its last checkpoint with
``--resume`` and continues exactly like a run that was never interrupted: same iterations,
learning rates, losses, random draws, editor freeze state and final weights."""
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest
import torch

from s2svr_testing import REPO_ROOT, write_frames_tree

HERE = osp.dirname(osp.abspath(__file__))
CONFIG = osp.join(HERE, 'configs', 's2svr_tiny_deterministic.py')
TRAIN = osp.join(REPO_ROOT, 'tools', 'train.py')
MAX_ITERS = 6


def write_two_clips(root):
    """Two 2-frame clips (GT 32x32, LQ 8x8), both listed for training."""
    write_frames_tree(root, num_frames=2, gt_size=32)
    with open(osp.join(root, 'meta_info_two_clips.txt'), 'w') as f:
        f.write('pan_a 2 (32,32,3)\npan_b 2 (32,32,3)\n')
    return str(root)


def train_command(work_dir, data_root, tag, *args):
    # fix_iter=3 with checkpoints every 2 iterations: the resumed run must keep the flow net
    # frozen for exactly the iterations the interrupted one had left.
    return [sys.executable, TRAIN, CONFIG, '--work-dir', str(work_dir), *args, '--cfg-options',
            f'train_dataloader.dataset.data_root={data_root}', f'train_cfg.max_iters={MAX_ITERS}',
            f'param_scheduler.periods=[{MAX_ITERS}]', 'model.train_cfg.fix_iter=3',
            'custom_hooks.0.draw_random=True', f'custom_hooks.0.tag={tag}']


def environment():
    """Source tree first (not the installed package), the probe hook importable, 1 thread."""
    return dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=os.pathsep.join([REPO_ROOT, HERE]))


def read_probe(work_dir, tag):
    with open(osp.join(work_dir, f'probe_{tag}_rank0.jsonl')) as f:
        return [json.loads(line) for line in f]


def kill_after_first_checkpoint(process, work_dir, timeout=300):
    """SIGKILL ``process`` as soon as ``last_checkpoint`` names a checkpoint; return its
    iteration."""
    marker = osp.join(work_dir, 'last_checkpoint')
    deadline = time.monotonic() + timeout
    while not osp.exists(marker):
        assert process.poll() is None, 'training ended before writing a checkpoint'
        assert time.monotonic() < deadline, 'no checkpoint in time'
        time.sleep(0.05)
    assert process.poll() is None, 'training finished before it could be killed'
    process.send_signal(signal.SIGKILL)
    with open(marker) as f:
        name = osp.basename(f.read().strip())
    return int(name[len('iter_'):-len('.pth')])


def test_sigkill_then_resume_continues_like_an_uninterrupted_run(tmp_path):
    data_root = write_two_clips(tmp_path / 'data')
    full_dir, crash_dir = tmp_path / 'full', tmp_path / 'crash'
    options = dict(env=environment(), cwd=REPO_ROOT, stderr=subprocess.STDOUT)
    with open(tmp_path / 'full.log', 'w') as full_out, open(tmp_path / 'crash.log', 'w') as out:
        full = subprocess.Popen(train_command(full_dir, data_root, 'full'), stdout=full_out,
                                **options)
        crash = subprocess.Popen(train_command(crash_dir, data_root, 'crash'), stdout=out,
                                 **options)
        try:
            killed_at = kill_after_first_checkpoint(crash, crash_dir)
            assert crash.wait(timeout=60) == -signal.SIGKILL
            assert not osp.exists(crash_dir / f'iter_{MAX_ITERS}.pth')
            assert read_probe(crash_dir, 'crash')[-1]['iter'] < MAX_ITERS
            resumed = subprocess.run(train_command(crash_dir, data_root, 'resumed', '--resume'),
                                     stdout=subprocess.PIPE, text=True, timeout=300, **options)
            full.wait(timeout=300)
        finally:
            for process in (full, crash):
                if process.poll() is None:
                    process.kill()
    assert full.returncode == 0, (tmp_path / 'full.log').read_text()[-3000:]
    log = resumed.stdout
    assert resumed.returncode == 0, log[-3000:]
    assert f'resumed epoch: 0, iter: {killed_at}' in log
    assert f'Random-number generators restored to iteration {killed_at}' in log

    uninterrupted = {r['iter']: r for r in read_probe(full_dir, 'full')}
    continued = read_probe(crash_dir, 'resumed')
    assert [r['iter'] for r in continued] == list(range(killed_at + 1, MAX_ITERS + 1))
    for record in continued:
        reference = uninterrupted[record['iter']]
        assert record['lr'] == reference['lr'], record['iter']  # scheduler state
        assert record['draws'] == reference['draws'], record['iter']  # RNG state
        assert record['loss'] == pytest.approx(reference['loss'], rel=1e-6), record['iter']
    assert len({tuple(r['lr']) for r in continued}) == len(continued)  # the lr keeps changing

    checkpoint = torch.load(crash_dir / f'iter_{MAX_ITERS}.pth', map_location='cpu',
                            weights_only=True)
    assert checkpoint['meta']['iter'] == MAX_ITERS
    assert int(checkpoint['state_dict']['step_counter']) == MAX_ITERS  # editor's counter
    expected = torch.load(full_dir / 'probe_full_rank0_weights.pth', weights_only=True)
    for name, value in checkpoint['state_dict'].items():
        torch.testing.assert_close(value, expected[name], rtol=0, atol=1e-6, msg=name)

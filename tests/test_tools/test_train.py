"""``mim train s2svr_mm`` runs the installed package's tools/train.py (its .mim copy)."""
import os
import os.path as osp
import subprocess
import sys

import pytest

from s2svr_testing import REPO_ROOT

MIM = osp.join(osp.dirname(sys.executable), 'mim')


def run(*args):
    return subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(not osp.exists(MIM), reason='mim is installed by tools/setup_env.sh')
def test_mim_train_then_resume(tmp_path, frames_root):
    options = ['--cfg-options'] + [f'{k}.dataset.data_root={frames_root}' for k in
                                   ('train_dataloader', 'val_dataloader', 'test_dataloader')]
    options += ['train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2']
    cfg = 'configs/s2svr/s2svr_c16b1_1xb1-20_tiny-bix4.py'
    first = run(MIM, 'train', 's2svr_mm', cfg, '--work-dir', str(tmp_path), *options,
                'train_cfg.max_iters=2')
    assert first.returncode == 0, first.stderr[-3000:]
    assert osp.isfile(tmp_path / 'iter_2.pth')
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read().strip().endswith('iter_2.pth')
    second = run(MIM, 'train', 's2svr_mm', cfg, '--work-dir', str(tmp_path), '--resume',
                 *options, 'train_cfg.max_iters=4')
    assert second.returncode == 0, second.stderr[-3000:]
    log = first.stdout + first.stderr + second.stdout + second.stderr
    assert 'resumed epoch: 0, iter: 2' in log
    assert 'Saving checkpoint at 4 iterations' in log
    assert osp.isfile(tmp_path / 'iter_4.pth')


def test_installed_package_carries_mim_configs_and_tools():
    out = subprocess.run([sys.executable, '-c', 'import s2svr_mm; print(s2svr_mm.__file__)'],
                         capture_output=True, text=True, cwd='/')
    root = osp.dirname(out.stdout.strip().splitlines()[-1])
    assert root != osp.join(REPO_ROOT, 's2svr_mm'), 'the package must be installed non-editable'
    for rel in ('.mim/tools/train.py', '.mim/tools/test.py',
                '.mim/configs/s2svr/s2svr_c16b1_1xb1-20_tiny-bix4.py'):
        assert osp.isfile(osp.join(root, rel)), rel


def test_plugin_components_are_registered():
    out = subprocess.run([sys.executable, '-c', (
        'import s2svr_mm; from mmagic.registry import MODELS; '
        'print(all(MODELS.get(n) for n in ("S2SVRNet", "PWCLite", "S2SVR")))')],
        capture_output=True, text=True, cwd='/')
    assert out.stdout.strip().endswith('True'), out.stderr[-2000:]

"""Distributed training through mmengine's launchers on CPU (gloo): ``tools/dist_train.sh`` with
2 processes trains like 1 process with the same total batch, keeps the ranks' weights identical
(gradients are all-reduced, with the flow net frozen for ``fix_iter``: unused parameters), and a
NaN in one rank's batch is skipped by all ranks together; ``tools/slurm_train.sh`` starts
training through the ``slurm`` launcher."""
import json
import os
import os.path as osp
import socket
import stat
import subprocess
import sys
import textwrap

import pytest
import torch

from s2svr_testing import REPO_ROOT, write_frames_tree

ENGINE_TESTS = osp.join(REPO_ROOT, 'tests', 'test_engine')
CONFIG = osp.join(ENGINE_TESTS, 'configs', 's2svr_tiny_deterministic.py')
ITERS = 3  # fix_iter=2: the flow net is frozen (unused by DDP) in 1-2 and trained in 3


def write_two_clips(root):
    """Two 2-frame clips (GT 32x32, LQ 8x8), both listed for training."""
    write_frames_tree(root, num_frames=2, gt_size=32)
    with open(osp.join(root, 'meta_info_two_clips.txt'), 'w') as f:
        f.write('pan_a 2 (32,32,3)\npan_b 2 (32,32,3)\n')
    return str(root)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def environment(**extra):
    return dict(os.environ, OMP_NUM_THREADS='1', PYTHON=sys.executable,
                PYTHONPATH=os.pathsep.join([REPO_ROOT, ENGINE_TESTS]), **extra)


def options(data_root, tag, *more):
    # iteration 2: NaN pixels in global sample 1 (rank 1's sample; 2nd of the 1-process batch)
    return ['--cfg-options', f'train_dataloader.dataset.data_root={data_root}',
            f'train_cfg.max_iters={ITERS}', 'optim_wrapper.on_nonfinite=skip',
            f'custom_hooks.0.tag={tag}', 'custom_hooks.0.nan_at_iter=2',
            'custom_hooks.0.nan_sample=1', *more]


def probe(work_dir, tag, rank):
    with open(osp.join(work_dir, f'probe_{tag}_rank{rank}.jsonl')) as f:
        records = [json.loads(line) for line in f]
    with open(osp.join(work_dir, f'probe_{tag}_rank{rank}.json')) as f:
        facts = json.load(f)
    weights = torch.load(osp.join(work_dir, f'probe_{tag}_rank{rank}_weights.pth'),
                         weights_only=True)
    return records, facts, weights


def test_two_processes_train_like_one_with_the_same_total_batch(tmp_path):
    data_root = write_two_clips(tmp_path / 'data')
    ddp_dir, single_dir = tmp_path / 'ddp', tmp_path / 'single'
    with open(tmp_path / 'ddp.log', 'w') as ddp_log, open(tmp_path / 'single.log', 'w') as log:
        ddp = subprocess.Popen(
            ['bash', 'tools/dist_train.sh', CONFIG, '2', '--work-dir', str(ddp_dir),
             *options(data_root, 'ddp')],
            cwd=REPO_ROOT, env=environment(PORT=str(free_port())), stdout=ddp_log,
            stderr=subprocess.STDOUT)
        single = subprocess.Popen(
            [sys.executable, 'tools/train.py', CONFIG, '--work-dir', str(single_dir),
             *options(data_root, 'single', 'train_dataloader.batch_size=2')],
            cwd=REPO_ROOT, env=environment(), stdout=log, stderr=subprocess.STDOUT)
        try:
            assert ddp.wait(timeout=400) == 0, (tmp_path / 'ddp.log').read_text()[-3000:]
            assert single.wait(timeout=400) == 0, (tmp_path / 'single.log').read_text()[-3000:]
        finally:
            for process in (ddp, single):
                if process.poll() is None:
                    process.kill()

    (rank0, facts0, weights0), (rank1, facts1, weights1) = (probe(ddp_dir, 'ddp', r)
                                                            for r in (0, 1))
    reference, reference_facts, reference_weights = probe(single_dir, 'single', 0)
    for facts in (facts0, facts1):
        assert facts['world_size'] == 2 and facts['find_unused_parameters'] is True
        assert facts['wrapper'] == 'CPUCapableDistributedDataParallel'
    assert [facts0['skipped_steps'], facts1['skipped_steps'],
            reference_facts['skipped_steps']] == [1, 1, 1]

    # the ranks start every iteration from the same weights although they see different data
    assert [r['weights'] for r in rank0] == [r['weights'] for r in rank1]
    assert rank0[1]['weights'] != rank0[0]['weights']  # iteration 1 updated them
    assert rank0[2]['weights'] == rank0[1]['weights']  # iteration 2 (NaN on rank 1) skipped
    for name, value in weights0.items():
        assert torch.equal(value, weights1[name]), name
        torch.testing.assert_close(value, reference_weights[name], rtol=0, atol=1e-6, msg=name)

    # the 1-process batch of 2 is the two ranks' samples: its loss is their mean
    assert rank0[1]['loss'] == rank0[1]['loss'] and rank1[1]['loss'] != rank1[1]['loss']
    assert reference[1]['loss'] != reference[1]['loss']  # NaN
    for i in (0, 2):
        mean = (rank0[i]['loss'] + rank1[i]['loss']) / 2
        assert mean == pytest.approx(reference[i]['loss'], rel=1e-5), i + 1
        assert rank0[i]['lr'] == rank1[i]['lr'] == reference[i]['lr']


def write_fake_srun(path, calls):
    """An ``srun`` that records its arguments and runs the command as Slurm would run it with
    one task (SLURM_* variables set)."""
    path.write_text(textwrap.dedent(f'''\
        #!{sys.executable}
        import os, subprocess, sys
        args = sys.argv[1:]
        with open({str(calls)!r}, 'w') as f:
            f.write('\\n'.join(args))
        command = args[args.index(os.environ['PYTHON']):]
        env = dict(os.environ, SLURM_PROCID='0', SLURM_NTASKS='1', SLURM_LOCALID='0',
                   SLURM_NODELIST='localhost', MASTER_ADDR='127.0.0.1')
        sys.exit(subprocess.call(command, env=env))
        '''))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_slurm_script_trains_through_the_slurm_launcher(tmp_path):
    data_root = write_two_clips(tmp_path / 'data')
    bin_dir, calls = tmp_path / 'bin', tmp_path / 'srun_args.txt'
    bin_dir.mkdir()
    write_fake_srun(bin_dir / 'srun', calls)
    env = environment(PATH=f'{bin_dir}{os.pathsep}{os.environ["PATH"]}', GPUS='1', GRES='',
                      TASKS_PER_NODE='1', MASTER_PORT=str(free_port()))
    work_dir = tmp_path / 'work'
    result = subprocess.run(
        ['bash', 'tools/slurm_train.sh', 'cpu', 'tiny', CONFIG, str(work_dir),
         '--cfg-options', f'train_dataloader.dataset.data_root={data_root}',
         'train_cfg.max_iters=1', 'custom_hooks.0.tag=slurm'],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    args = calls.read_text().split('\n')
    assert args[:2] == ['-p', 'cpu'] and '--ntasks=1' in args
    assert not any(a.startswith('--gres') for a in args)  # GRES= : CPU-only nodes
    assert f'--work-dir={work_dir}' in args and '--launcher=slurm' in args
    _, facts, _ = probe(work_dir, 'slurm', 0)
    assert facts['wrapper'] == 'CPUCapableDistributedDataParallel' and facts['world_size'] == 1
    assert osp.isfile(work_dir / 'iter_1.pth')

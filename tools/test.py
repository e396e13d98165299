"""Test (evaluate) a checkpoint with mmengine's Runner and MMagic's metrics.

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out results.pkl]
    mim test s2svr_mm CONFIG --checkpoint CHECKPOINT ...
"""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction

import s2svr_mm  # noqa: F401  (registers the plugin)
from s2svr_mm.engine import build_runner


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the directory to save the evaluation metrics')
    parser.add_argument('--out', help='dump the predictions to a pickle file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, key=value')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    if args.out:
        cfg.test_evaluator = cfg.test_evaluator if isinstance(cfg.test_evaluator, list) \
            else [cfg.test_evaluator]
        cfg.test_evaluator.append(dict(type='DumpResults', out_file_path=args.out))
    build_runner(cfg).test()


if __name__ == '__main__':
    main()

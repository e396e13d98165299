"""Train an s2svr_mm (or any MMagic) model with mmengine's Runner.

    python tools/train.py CONFIG [--work-dir DIR] [--resume] [--amp] [--launcher pytorch]
    mim train s2svr_mm CONFIG ...          # the same script, from the installed package
"""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction

import s2svr_mm  # noqa: F401  (registers the plugin; configs also list it in custom_imports)
from s2svr_mm.engine import build_runner


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument('--resume', action='store_true',
                        help='resume from the latest checkpoint in the work dir')
    parser.add_argument('--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument('--auto-scale-lr', action='store_true', help='scale lr by batch size')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, key=value')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def build_config(args):
    """Merge the command-line overrides into the config file."""
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        # AmpOptimWrapper's dynamic loss scaler skips the steps whose gradients overflow,
        # which takes over from FiniteCheckOptimWrapper's check.
        if cfg.optim_wrapper.get('type', 'OptimWrapper') not in ('OptimWrapper',
                                                                  'FiniteCheckOptimWrapper'):
            raise SystemExit(f'--amp needs optim_wrapper.type OptimWrapper, '
                             f'got {cfg.optim_wrapper.type}')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.loss_scale = 'dynamic'
    if args.auto_scale_lr:
        cfg.auto_scale_lr = dict(cfg.get('auto_scale_lr', {}), enable=True)
    if args.resume:
        cfg.resume = True
    return cfg


def main(argv=None):
    runner = build_runner(build_config(parse_args(argv)))
    runner.train()


if __name__ == '__main__':
    main()

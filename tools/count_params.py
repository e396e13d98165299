"""Print parameter counts of S2SVRNet at the paper configurations (or of given configs).

    python tools/count_params.py                 # paper SR (C=64) and deblur (C=48) settings
    python tools/count_params.py CONFIG [...]    # the generator of each config
"""
import argparse

from mmengine.config import Config

import s2svr_mm  # noqa: F401
from mmagic.registry import MODELS

PAPER = {
    'SR x4, C=64, 13 blocks, 3 layers': dict(
        type='S2SVRNet', mid_channels=64, num_blocks=13, num_layers=3, is_low_res_input=True),
    'deblur, C=48, 13 blocks, 3 layers': dict(
        type='S2SVRNet', mid_channels=48, num_blocks=13, num_layers=3, is_low_res_input=False),
}


def count(module):
    return sum(p.numel() for p in module.parameters())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='*', help='config files (default: the paper settings)')
    args = parser.parse_args(argv)
    generators = {path: Config.fromfile(path).model.generator for path in args.configs} or PAPER
    print(f'{"generator":45s} {"total (M)":>10s} {"flow net (M)":>13s}')
    for name, cfg in generators.items():
        net = MODELS.build(cfg)
        flow = count(net.flow_net) if hasattr(net, 'flow_net') else 0
        print(f'{name:45s} {count(net) / 1e6:10.2f} {flow / 1e6:13.2f}')


if __name__ == '__main__':
    main()

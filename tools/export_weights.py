"""Export the generator of a training checkpoint as a small inference checkpoint.

Keeps only the ``generator.*`` weights (the flow network included), optionally stored in
fp16 (``--fp16``, half the size; ``s2svr_mm.apis.load_generator`` casts them back to float32),
and records where they came from (config, source checkpoint, iteration, the command that
trained them) under ``meta``. The file is written under a temporary name and renamed, so a
failed export never leaves a partial file.

Example (the shipped x4 SR model)::

    python tools/export_weights.py \\
        work_dirs/s2svr_c16b2_1xb2-2400_real-clips-bix4/iter_2400.pth s2svr_mm/weights/sr.pth \\
        --config configs/s2svr/s2svr_c16b2_1xb2-2400_real-clips-bix4.py --fp16 \\
        --command "mim train s2svr_mm configs/s2svr/s2svr_c16b2_1xb2-2400_real-clips-bix4.py"
"""
import argparse
import os
import os.path as osp
import sys

import torch

# importing s2svr_mm also allow-lists mmengine's checkpoint types for torch.load
from s2svr_mm.fileio import AtomicOutput, UserError
from s2svr_mm.utils import FLOW_NET_PARTS


def export(checkpoint: str, output: str, config: str, fp16: bool = False,
           command: str = '', prefix: str = 'generator.') -> dict:
    """Write the generator weights of ``checkpoint`` to ``output``.

    With ``prefix='teacher.'`` or ``'student.'`` it exports one PWC-Lite of a
    ``FlowPretrainer`` checkpoint instead, and with ``'generator.flow_net.'`` the flow network
    inside a restoration checkpoint (frozen during training, it is the student the restorer
    was trained with): a plain state dict (prefix removed) that ``PWCLite(pretrained=...)``,
    ``flow_pretrained=`` and ``teacher_pretrained=`` load.

    Args:
        checkpoint (str): mmengine training checkpoint (``state_dict`` with ``generator.*``).
        output (str): Destination ``.pth``.
        config (str): The config that trained it (recorded as a path relative to the
            repository's ``configs/`` when it lies there).
        fp16 (bool): Store floating-point tensors in half precision. Default: False.
        command (str): The training command, recorded in ``meta``. Default: ''.
        prefix (str): Keys to keep: ``'generator.'`` (kept as they are), a flow pretrainer's
            ``'teacher.'``/``'student.'`` or a restorer's ``'generator.flow_net.'`` (a plain
            PWC-Lite state dict). Default: 'generator.'.

    Returns:
        dict: The ``meta`` written.

    Raises:
        ValueError: If the checkpoint has no weights under ``prefix``.
    """
    ckpt = torch.load(checkpoint, map_location='cpu', weights_only=True)
    state = ckpt.get('state_dict', ckpt)
    if prefix == 'generator.':  # the editor's generator.* keys, as they are
        generator = {k: v for k, v in state.items() if k.startswith(prefix)}
    else:  # one PWC-Lite, read by the project's one flow loader
        generator = flow_part_state_dict(checkpoint, config, prefix.rstrip('.'))
    if not generator:
        raise ValueError(f"'{checkpoint}' has no {prefix}* weights")
    if fp16:
        generator = {k: v.half() if v.is_floating_point() else v for k, v in generator.items()}
    config = osp.normpath(config)
    if 'configs' + os.sep in config:
        config = config[config.rindex('configs' + os.sep):]
    meta = dict(config=config, source=osp.basename(checkpoint),
                iter=ckpt.get('meta', {}).get('iter'), dtype='float16' if fp16 else 'float32',
                command=command, num_params=sum(v.numel() for v in generator.values()))
    with AtomicOutput(output, overwrite=True, make_parent=True) as tmp:
        torch.save(dict(state_dict=generator, meta=meta), tmp)
    return meta


def flow_part_state_dict(checkpoint: str, config: str, part: str) -> dict:
    """The state dict of the PWC-Lite ``part`` of a checkpoint: 'teacher' or 'student' of a
    ``FlowPretrainer``, or 'generator.flow_net' of a restorer. The config's ``model.flow_net``
    (a ``FlowPretrainer``'s) or ``model.generator.flow_net`` (default ``PWCLite``) is built and
    filled by :func:`~s2svr_mm.utils.load_flow_net_weights`; empty if the checkpoint has no
    complete set of ``part.*`` weights."""
    from mmengine.config import Config
    from mmagic.registry import MODELS
    from mmagic.utils import register_all_modules
    from s2svr_mm.utils import config_flow_net, load_flow_net_weights
    register_all_modules(init_default_scope=False)
    flow_net = MODELS.build(config_flow_net(Config.fromfile(config)) or dict(type='PWCLite'))
    try:
        load_flow_net_weights(flow_net, checkpoint, part=part)
    except KeyError:
        return {}
    return flow_net.state_dict()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description='Export the generator weights of a training '
                                     'checkpoint (optionally fp16) for inference.')
    parser.add_argument('checkpoint', help='mmengine training checkpoint')
    parser.add_argument('output', help='destination .pth')
    parser.add_argument('--config', required=True, help='the config that trained it')
    parser.add_argument('--fp16', action='store_true', help='store weights in fp16')
    parser.add_argument('--command', default='', help='training command to record')
    parser.add_argument('--flow-part', choices=FLOW_NET_PARTS,
                        help='export this PWC-Lite (plain state dict) instead of a restorer '
                        "generator: a FlowPretrainer checkpoint's teacher or student, or the "
                        'flow network inside a restorer checkpoint')
    args = parser.parse_args(argv)
    for kind, path in (('checkpoint', args.checkpoint), ('config', args.config)):
        if not osp.isfile(path):
            print(f"error: {kind} '{path}' does not exist", file=sys.stderr)
            return 1
    try:
        prefix = f'{args.flow_part}.' if args.flow_part else 'generator.'
        meta = export(args.checkpoint, args.output, args.config, args.fp16, args.command, prefix)
    except (UserError, ValueError, RuntimeError, OSError) as err:
        print(f'error: {err}'.splitlines()[0], file=sys.stderr)
        return 1
    print(f"{args.output}: {meta['num_params']} weights ({meta['dtype']}), "
          f"{osp.getsize(args.output) / 2**20:.1f} MiB, from {meta['source']}")
    return 0


if __name__ == '__main__':
    sys.exit(main())

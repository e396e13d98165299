"""Reading S2SVRNet checkpoints written before the named layers of issue 19 (the shipped
weights of 2026-12-02 and earlier training checkpoints): their state-dict keys, renamed.

Until then ``head`` was one ``nn.Sequential`` (per x2 stage: conv, pixel shuffle, LeakyReLU;
then conv, LeakyReLU, conv) and ``frame_encoder``/``feat_extract`` were flat sequences of conv,
LeakyReLU pairs. The parameters are the same; only their names changed:

=====================================  =====================================
before                                 now
=====================================  =====================================
``head.{3k}.*`` (k < n, x2 stages)     ``head.upsamples.{k}.*``
``head.{3n}.*``                        ``head.conv_hr.*``
``head.{3n+2}.*``                      ``head.conv_last.*``
``frame_encoder.{2k}.*``               ``frame_encoder.{k}.0.*``
``feat_extract.{2k}.*``                ``feat_extract.{k}.0.*``
=====================================  =====================================
"""
import re

_SEQUENCE = re.compile(r'^(frame_encoder|feat_extract)\.(\d+)\.(weight|bias)$')
_HEAD = re.compile(r'^head\.(\d+)\.(weight|bias)$')


def revise_legacy_keys(state_dict, prefix, num_upsamples):
    """Rename, in place, the legacy keys of one S2SVRNet under ``prefix`` (see the module
    docstring); keys already in the current layout are left as they are.

    Args:
        state_dict (dict): The state dict being loaded (``_load_from_state_dict``'s).
        prefix (str): The network's prefix in it, e.g. ``''`` or ``'generator.'``.
        num_upsamples (int): x2 stages n of the head (``log2(upscale * downsample)``).
    """
    for key in [k for k in state_dict if k.startswith(prefix)]:
        name = key[len(prefix):]
        sequence, head = _SEQUENCE.match(name), _HEAD.match(name)
        if sequence:
            module, index, param = sequence.groups()
            new = f'{module}.{int(index) // 2}.0.{param}'
        elif head:
            index, param = int(head.group(1)), head.group(2)
            if index < 3 * num_upsamples:
                new = f'head.upsamples.{index // 3}.{param}'
            else:
                new = {0: 'head.conv_hr', 2: 'head.conv_last'}[index - 3 * num_upsamples]
                new = f'{new}.{param}'
        else:
            continue
        state_dict[prefix + new] = state_dict.pop(key)

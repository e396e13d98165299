"""Checkpoints written before the named head (issue 19) load into today's S2SVRNet."""
import torch

from mmagic.registry import MODELS
from s2svr_mm.models.backbones.legacy_keys import revise_legacy_keys


def test_legacy_head_and_encoder_keys_are_renamed():
    state = {f'generator.head.{i}.weight': i for i in (0, 3, 6, 8)}
    state.update({'generator.frame_encoder.4.bias': 'fe', 'generator.decoder_fusion.0.weight': 'df',
                  'generator.head.conv_last.bias': 'new'})
    revise_legacy_keys(state, 'generator.', num_upsamples=2)
    assert state == {
        'generator.head.upsamples.0.weight': 0, 'generator.head.upsamples.1.weight': 3,
        'generator.head.conv_hr.weight': 6, 'generator.head.conv_last.weight': 8,
        'generator.frame_encoder.2.0.bias': 'fe', 'generator.decoder_fusion.0.weight': 'df',
        'generator.head.conv_last.bias': 'new'}


def test_a_legacy_state_dict_loads_strictly_and_gives_the_same_outputs():
    torch.manual_seed(0)
    net = MODELS.build(dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=1))
    legacy = {}
    for key, value in net.state_dict().items():  # write it back in the old layout
        key = key.replace('head.upsamples.1.', 'head.3.').replace('head.upsamples.0.', 'head.0.')
        key = key.replace('head.conv_hr.', 'head.6.').replace('head.conv_last.', 'head.8.')
        for k in range(4):
            key = key.replace(f'frame_encoder.{k}.0.', f'frame_encoder.{2 * k}.')
        legacy[key] = value
    assert 'head.8.weight' in legacy and 'frame_encoder.6.weight' in legacy
    torch.manual_seed(1)
    other = MODELS.build(dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=1))
    other.load_state_dict(legacy, strict=True)
    lqs = torch.rand(1, 2, 3, 16, 16)
    with torch.no_grad():
        assert torch.equal(other(lqs), net(lqs))

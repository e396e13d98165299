"""MMagic's inference API (``VideoRestorationInferencer``, ``MMagicInferencer``) with S2SVR
configs and checkpoints, through :func:`s2svr_mm.apis.build_inferencer`."""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from s2svr_mm.apis import (DEFAULT_MODELS, DEMO_PIPELINE, build_inferencer,
                           prepare_inference_config)
from s2svr_mm.apis.catalogue import config_path
from test_apis.restore_testing import (REPO_ROOT, encode_clip, read_folder, read_tree_frames,
                                       read_video, restore_reference, write_folder,
                                       write_tiny_model)

# the CPU-scale x4 SR config on the real clips (its iteration count is in its name)
CPU_CONFIG = sorted(glob.glob(osp.join(REPO_ROOT, 'configs', 's2svr',
                                       's2svr_c16b2_*_real-clips-bix4.py')))[0]


@pytest.fixture(scope='module')
def tiny_sr(tmp_path_factory):
    root = tmp_path_factory.mktemp('inference')
    config, checkpoint, generator = write_tiny_model(root, is_low_res_input=True)
    frames = read_tree_frames()[:4]
    return dict(config=config, checkpoint=checkpoint, generator=generator, frames=frames,
                folder=write_folder(root / 'clip', frames),
                reference=restore_reference(generator, frames))


def _assert_same_restoration(got, reference):
    """Equal up to float rounding: MMagic's forward differs from ours by ~1e-7 at most, which
    flips a rare pixel across a rounding boundary."""
    assert len(got) == len(reference)
    for a, b in zip(got, reference):
        assert a.shape == b.shape
        diff = np.abs(a.astype(int) - b)
        assert diff.max() <= 1 and (diff > 0).mean() < 1e-4


def test_prepare_inference_config_adds_demo_pipeline_and_clears_flow_weights(tiny_sr):
    # a user's own config (no dataset base) has no demo_pipeline: the fallback adds one
    assert 'demo_pipeline' not in Config.fromfile(tiny_sr['config'])
    cfg = prepare_inference_config(tiny_sr['config'])
    assert cfg.demo_pipeline == DEMO_PIPELINE
    assert cfg.model.generator.flow_pretrained is None
    again = prepare_inference_config(cfg)
    assert again.demo_pipeline == DEMO_PIPELINE and again is not cfg


@pytest.mark.parametrize('task', sorted(DEFAULT_MODELS))
def test_shipped_default_configs_carry_the_demo_pipeline(task):
    cfg = Config.fromfile(config_path(DEFAULT_MODELS[task][0]))
    # the fallback's pipeline, written out in the dataset base: segment indices, LQ frames only
    assert cfg.demo_pipeline == DEMO_PIPELINE == [
        dict(type='GenerateSegmentIndices', interval_list=[1]),
        dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
        dict(type='PackInputs')
    ]
    # the val pipeline loads 'gt' too, so MMagic could not use it on a folder of frames
    assert any(step.get('key') == 'gt' for step in cfg.val_pipeline)
    assert prepare_inference_config(cfg).demo_pipeline == cfg.demo_pipeline


def test_inferencer_on_frame_folder_equals_forward_one_shot(tiny_sr, tmp_path):
    inferencer = build_inferencer(tiny_sr['config'], tiny_sr['checkpoint'], device='cpu')
    generator = inferencer.model.generator
    for name, value in tiny_sr['generator'].state_dict().items():
        assert torch.equal(generator.state_dict()[name], value)  # weights from the checkpoint
    out = tmp_path / 'out'
    inferencer(video=tiny_sr['folder'], result_out_dir=str(out))
    names, frames = read_folder(out)
    assert names == [f'{i:08d}.png' for i in range(4)]
    _assert_same_restoration(frames, tiny_sr['reference'])


def test_inferencer_on_video_file(tiny_sr, tmp_path):
    inferencer = build_inferencer(tiny_sr['config'], tiny_sr['checkpoint'], device='cpu',
                                  extra_parameters=dict(max_seq_len=3))
    clip = encode_clip(tmp_path / 'clip.mp4', tiny_sr['frames'])
    inferencer(video=clip, result_out_dir=str(tmp_path / 'out.mp4'))
    frames, fps = read_video(tmp_path / 'out.mp4')
    assert len(frames) == 4 and frames[0].shape == (384, 384, 3)
    assert fps == 25  # MMagic writes every video at 25 fps (OpenCV, mp4v)
    # our extra_parameters stay on this inferencer, not on MMagic's class
    assert build_inferencer(tiny_sr['config']).extra_parameters['max_seq_len'] is None


def test_mmagic_inferencer_needs_a_model_name(tiny_sr, tmp_path):
    from mmagic.apis import MMagicInferencer
    cfg = prepare_inference_config(tiny_sr['config'])
    with pytest.raises(ValueError, match='Unknown inferencer task: None'):
        MMagicInferencer(model_name=None, model_config=cfg, model_ckpt=tiny_sr['checkpoint'])
    editor = MMagicInferencer(model_name='basicvsr', model_config=cfg,
                              model_ckpt=tiny_sr['checkpoint'], device='cpu')
    editor.infer(video=tiny_sr['folder'], result_out_dir=str(tmp_path / 'out'))
    _assert_same_restoration(read_folder(tmp_path / 'out')[1], tiny_sr['reference'])


def test_cpu_scale_config_runs_in_the_inferencer(tmp_path):
    frames = [f[:32, :32] for f in read_tree_frames()[:3]]
    folder = write_folder(tmp_path / 'clip', frames)
    inferencer = build_inferencer(CPU_CONFIG, None, device='cpu')  # random weights
    inferencer(video=folder, result_out_dir=str(tmp_path / 'out'))
    names, out = read_folder(tmp_path / 'out')
    assert len(out) == 3 and out[0].shape == (128, 128, 3)

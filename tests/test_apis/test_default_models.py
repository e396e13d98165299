"""The shipped default models: present, traceable to their config, and better than the trivial
baseline on a real clip held out from their training (frames of ``tree``, the validation clip
of ``data/real_clips``, in ``tests/data/tree_96x96``) through the installed CLI path."""
import os.path as osp
import re

import numpy as np
import pytest
import torch

from mmagic.evaluation.metrics.psnr import psnr
from s2svr_mm import cli
from s2svr_mm.apis import catalogue, loading
from s2svr_mm.datasets.transforms.degradations import bicubic_downsample, hevc_compress
from test_apis.restore_testing import (encode_clip, read_folder, read_tree_frames, read_video,
                                       render_blurred_pan)

#: The tasks with shipped weights (issue 17: all three).
SHIPPED = ('sr', 'deblur', 'decompress')
#: Measured on these 8 frames (tests/data/tree_96x96 for sr and decompress; a blurred pan over
#: a validation-only photograph for deblur): sr +0.019 dB over MATLAB bicubic (the 900-iteration
#: model; the DIS-flow model shipped on 2026-12-03 passes the same bound); deblur +1.38 dB
#: over the blurred input (the zero-flow model of 2026-12-03; +1.40 for the one fine-tuned on
#: 15-frame segments, shipped on 2026-12-07); decompress +0.000 dB over the
#: QP 37 input (the identity within 8-bit rounding: issue 17's goal is missed, README
#: "Results"). The bounds keep the sign (decompress: no harm), deblur a clear gain.
MIN_GAIN_DB = {'sr': 0.0, 'deblur': 1.0, 'decompress': -0.01}


def blurred_pan(_):
    blurred, sharp = render_blurred_pan()
    return blurred, sharp, 'RGB'


#: task -> (LQ frames from the 8 GT frames, GT frames for the LQ, metric channel)
DEGRADE = {
    'sr': lambda gts: ([bicubic_downsample(g) for g in gts], gts, 'Y'),
    'deblur': blurred_pan,
    'decompress': lambda gts: (hevc_compress(gts, qp=37), gts, 'Y'),
}


def mean_psnr(outputs, gts, convert_to):
    return float(np.mean([psnr(o.astype(np.float64), g.astype(np.float64), input_order='HWC',
                               convert_to=convert_to) for o, g in zip(outputs, gts)]))


def package_file(path_in_config):
    """The package's copy of a ``s2svr_mm/...`` path that a config names (``flow_pretrained``,
    ``load_from``), wherever the package is installed."""
    return osp.join(catalogue.PACKAGE_DIR, osp.relpath(path_in_config, 's2svr_mm'))


@pytest.mark.parametrize('task', SHIPPED)
def test_default_model_is_shipped_with_its_config(task):
    config, weights = catalogue.default_model(task)
    assert osp.isfile(config) and osp.isfile(weights)
    ckpt = torch.load(weights, weights_only=True)
    assert osp.basename(ckpt['meta']['config']) == osp.basename(config)
    assert ckpt['meta']['command'].startswith('mim train s2svr_mm')
    assert osp.getsize(weights) < 8 * 2**20  # package data: a few MB (fp16)
    generator, cfg = loading.load_generator(config, weights, task=task)
    assert type(generator).__name__ == 'S2SVRNet'
    generator_cfg = cfg.model.generator
    if generator_cfg.get('zero_flow'):  # deblur: the zero-flow model won (README "Results")
        assert generator_cfg.flow_pretrained is None
    elif generator_cfg.flow_net.type == 'DISFlow':  # parameter-free: nothing to load
        assert generator_cfg.flow_pretrained is None
    else:  # aligned with the symmetrised flow student of its task
        assert re.search(r'pwclite(-norm)?_student_', generator_cfg.flow_pretrained)
        assert generator_cfg.symmetric_flow


@pytest.mark.parametrize('task', SHIPPED)
def test_aligned_default_config_trains_from_the_shipped_student_it_kept_frozen(task):
    """`mim train` of a shipped config needs its flow student on a fresh machine: the file is
    package data, and it is the flow network inside the shipped weights (frozen in training)."""
    config, weights = catalogue.default_model(task)
    from mmengine.config import Config
    generator_cfg = Config.fromfile(config).model.generator
    if generator_cfg.get('zero_flow') or generator_cfg.flow_net.type == 'DISFlow':
        pytest.skip('no flow network to load')
    student = package_file(generator_cfg.flow_pretrained)
    assert osp.isfile(student), generator_cfg.flow_pretrained
    state = torch.load(student, weights_only=True)
    state = state.get('state_dict', state)
    shipped = torch.load(weights, weights_only=True)['state_dict']
    assert len(state) == sum(k.startswith('generator.flow_net.') for k in shipped) > 0
    for name, value in state.items():  # equal within the fp16 the shipped weights keep
        assert torch.equal(value.half(), shipped[f'generator.flow_net.{name}'].half()), name


def test_fine_tuned_default_configs_start_from_package_weights():
    """A shipped config that fine-tunes (``load_from``; deblur since 2026-12-07) must find its
    start on a fresh machine: package data, exported by the first stage of the command recorded
    in the shipped weights, with the same parameters as the shipped model."""
    from mmengine.config import Config
    fine_tuned = []
    for task in SHIPPED:
        config, weights = catalogue.default_model(task)
        load_from = Config.fromfile(config).get('load_from')
        if not load_from:
            continue
        fine_tuned.append(task)
        start = package_file(load_from)
        assert osp.isfile(start) and osp.abspath(start) != osp.abspath(weights)
        first_stage = torch.load(start, weights_only=True)
        shipped = torch.load(weights, weights_only=True)
        assert osp.basename(first_stage['meta']['config']) in shipped['meta']['command']
        assert osp.basename(load_from) in shipped['meta']['command']
        assert first_stage['state_dict'].keys() == shipped['state_dict'].keys()
        assert any(not torch.equal(first_stage['state_dict'][k], v)
                   for k, v in shipped['state_dict'].items())  # it was trained further
    assert fine_tuned == ['deblur']


@pytest.mark.parametrize('task', SHIPPED)
def test_default_model_beats_the_baseline_on_a_held_out_real_clip(task, tmp_path, capsys,
                                                                   load_tool):
    baseline = load_tool('tools/eval_real_clips.py').baseline_frames  # bicubic x4 / the input
    lqs, gts, channel = DEGRADE[task](read_tree_frames())
    convert_to = 'Y' if channel == 'Y' else None
    clip = encode_clip(tmp_path / 'in.mp4', lqs)
    out = tmp_path / 'out.mp4'
    assert cli.main([str(clip), '-o', str(out), '--task', task, '--lossless', '--quiet']) == 0
    restored, fps = read_video(out)
    _, fps_in = read_video(clip)
    assert fps == fps_in and len(restored) == len(lqs)
    assert restored[0].shape == gts[0].shape
    gain = (mean_psnr(restored, gts, convert_to) -
            mean_psnr(baseline(task, lqs), gts, convert_to))
    assert gain > MIN_GAIN_DB[task], f"{task}: {gain:+.2f} dB over the baseline"


def test_default_sr_folder_to_folder(tmp_path, capsys):
    lqs = [bicubic_downsample(g) for g in read_tree_frames()[:3]]
    folder = tmp_path / 'lq'
    folder.mkdir()
    import cv2
    for i, f in enumerate(lqs):
        cv2.imwrite(str(folder / f'{i}.png'), f[..., ::-1])
    assert cli.main([str(folder), '-o', str(tmp_path / 'sr'), '--task', 'sr', '--quiet']) == 0
    names, frames = read_folder(tmp_path / 'sr')
    assert names == [f'{i:08d}.png' for i in range(3)]
    assert all(f.shape == (96, 96, 3) for f in frames)


def test_unshipped_default_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    """A task whose weights file is missing (as deblur was before issue 17)."""
    monkeypatch.setitem(catalogue.DEFAULT_MODELS, 'deblur',
                        (catalogue.DEFAULT_MODELS['deblur'][0], 'not_shipped.pth'))
    config, weights = catalogue.default_model('deblur')
    assert osp.isfile(config) and not osp.exists(weights)
    clip = encode_clip(tmp_path / 'in.mp4', read_tree_frames()[:2])
    assert cli.main([str(clip), '-o', str(tmp_path / 'o.mp4'), '--task', 'deblur']) == 2
    err = capsys.readouterr().err.strip()
    assert "no shipped default model for task 'deblur'" in err and '\n' not in err
    assert not (tmp_path / 'o.mp4').exists()


def test_default_sr_through_mmagic_inferencer(tmp_path):
    """MMagic's VideoRestorationInferencer runs the shipped model (fp16 file) like the CLI."""
    import cv2
    from s2svr_mm.apis import build_inferencer
    config, weights = catalogue.default_model('sr')
    lqs = [bicubic_downsample(g) for g in read_tree_frames()[:4]]
    folder = tmp_path / 'lq'
    folder.mkdir()
    for i, f in enumerate(lqs):
        cv2.imwrite(str(folder / f'{i:08d}.png'), f[..., ::-1])
    inferencer = build_inferencer(config, weights, device='cpu')
    inferencer(video=str(folder), result_out_dir=str(tmp_path / 'out'))
    _, frames = read_folder(tmp_path / 'out')
    generator, _ = loading.load_generator(config, weights)
    with torch.no_grad():
        lq = torch.from_numpy(np.stack(lqs)).permute(0, 3, 1, 2)[None].float() / 255
        expected = generator(lq)[0].clamp(0, 1).mul(255).round().byte().permute(0, 2, 3, 1)
    assert len(frames) == 4
    assert np.abs(np.stack(frames).astype(int) - expected.numpy()).max() <= 1

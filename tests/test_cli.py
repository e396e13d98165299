"""``s2svr-restore``: every task on files and folders, streaming equal to the network's own
entry points, and every bad input ending in one error line, a non-zero status and no output.

Most tests call :func:`s2svr_mm.cli.main` in-process; ``test_installed_console_script`` runs
the installed ``.venv/bin/s2svr-restore`` (``bash tools/setup_env.sh`` installs it).
"""
import os
import os.path as osp
import signal
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import torch

from s2svr_mm import cli, fileio
from s2svr_mm.apis.streaming import FrameRestorer
from test_apis.restore_testing import (CLIP_FPS, encode_clip, probe, read_folder,
                                       read_tree_frames, read_video, restore_reference,
                                       write_folder, write_tiny_model)

SCALES = {'sr': 4, 'deblur': 1, 'decompress': 1}
NATURAL_NAMES = [f'frame_{5 * i}.png' for i in range(8)]  # frame_10 sorts before frame_5 as text


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    """Tiny models (SR and same-size), the real clip as a lossless .mp4 and as a folder."""
    root = tmp_path_factory.mktemp('cli')
    frames = read_tree_frames()
    sr = write_tiny_model(root, is_low_res_input=True)
    same = write_tiny_model(root, is_low_res_input=False)
    return dict(
        root=root, frames=frames, models={'sr': sr, 'deblur': same, 'decompress': same},
        clip=encode_clip(root / 'clip.mp4', frames),
        folder=write_folder(root / 'natural', frames, NATURAL_NAMES),
        reference={'sr': restore_reference(sr[2], frames),
                   'same': restore_reference(same[2], frames)})


def run(argv, capsys):
    """``main(argv)`` -> (exit status, stdout, stderr)."""
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def model_args(env, task):
    """The tiny model of ``task``, in float32 (as the references; bfloat16: see
    test_bf16_default_is_close_to_float32)."""
    config, checkpoint, _ = env['models'][task]
    return ['--task', task, '--config', config, '--checkpoint', checkpoint, '--fp32']


def reference(env, task):
    return env['reference']['sr' if task == 'sr' else 'same']


def assert_equal_frames(got, expected):
    assert len(got) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(got, expected))


@pytest.mark.parametrize('task', ['sr', 'deblur', 'decompress'])
def test_file_to_file(env, task, tmp_path, capsys):
    out = tmp_path / 'restored.mkv'
    status, stdout, stderr = run([env['clip'], '-o', out, '--quiet', *model_args(env, task)],
                                 capsys)
    assert (status, stdout, stderr) == (0, '', '')
    frames, fps = read_video(out)
    side = 96 * SCALES[task]
    assert len(frames) == 8 and frames[0].shape == (side, side, 3) and fps == CLIP_FPS
    error = np.mean([np.abs(a.astype(int) - b).mean()
                     for a, b in zip(frames, reference(env, task))])
    assert error < 5.5  # yuv420p CRF 16 of a random network's output; 4:2:0 alone: 2.8-3.4
    assert probe(out)['pix_fmt'] == 'yuv420p'  # the default: plays everywhere
    assert os.listdir(tmp_path) == ['restored.mkv']  # no temporary left


@pytest.mark.parametrize('task', ['sr', 'deblur', 'decompress'])
def test_folder_to_folder_is_one_shot_output(env, task, tmp_path, capsys):
    out = tmp_path / 'frames'
    status, _, _ = run([env['folder'], '-o', out, '--quiet', *model_args(env, task)], capsys)
    assert status == 0
    names, frames = read_folder(out)
    assert names == [f'{i:08d}.png' for i in range(8)]
    assert_equal_frames(frames, reference(env, task))  # natural input order, exact pixels


def test_lossless_video_and_chunking_equal_forward_chunked(env, tmp_path, capsys):
    out = tmp_path / 'restored.mp4'
    status, _, _ = run([env['clip'], '-o', out, '--lossless', '--chunk-size', 5, '--overlap', 1,
                        '--quiet', *model_args(env, 'deblur')], capsys)
    assert status == 0
    frames, fps = read_video(out)
    assert fps == CLIP_FPS
    expected = restore_reference(env['models']['deblur'][2], env['frames'], 5, 1)
    assert_equal_frames(frames, expected)


def test_progress_bar_summary_and_fps(env, tmp_path, capsys):
    out = tmp_path / 'restored.mov'
    status, stdout, stderr = run([env['folder'], '-o', out, '--fps', '30000/1001',
                                  *model_args(env, 'decompress')], capsys)
    assert status == 0
    assert '8/8' in stderr and 'frame/s' in stderr  # tqdm: frames done, rate
    assert stdout.strip() == f's2svr-restore: wrote {out} (8 frames, 96x96, 29.97 fps)'
    assert read_video(out)[1] == Fraction(30000, 1001)
    status, _, _ = run([env['folder'], '-o', tmp_path / 'd.mp4', '--quiet',
                        *model_args(env, 'deblur')], capsys)
    assert status == 0 and read_video(tmp_path / 'd.mp4')[1] == 25  # a folder's default


def test_gray_and_rgba_frames_are_converted(env, tmp_path, capsys):
    frames = env['frames'][:4]
    gray = [f[..., 1] for f in frames]  # (h, w): written as 8-bit gray PNG
    rgba = [np.dstack([f[..., ::-1], np.full(f.shape[:2], 90, np.uint8)]) for f in frames]
    net = env['models']['deblur'][2]
    for name, inputs, as_rgb in (('gray', gray, [np.dstack([g] * 3) for g in gray]),
                                 ('rgba', rgba, frames)):
        status, _, _ = run([write_folder(tmp_path / name, inputs), '-o', tmp_path / f'{name}_out',
                            '--quiet', *model_args(env, 'deblur')], capsys)
        assert status == 0
        assert_equal_frames(read_folder(tmp_path / f'{name}_out')[1],
                            restore_reference(net, as_rgb))


def test_odd_frame_size(env, tmp_path, capsys):
    frames = [f[:45, :61] for f in env['frames'][:4]]
    folder = write_folder(tmp_path / 'odd', frames)
    for out in (tmp_path / 'odd.mp4', tmp_path / 'odd_frames'):
        status, _, _ = run([folder, '-o', out, '--quiet', *model_args(env, 'decompress')],
                           capsys)
        assert status == 0
    assert read_video(tmp_path / 'odd.mp4')[0][0].shape == (45, 61, 3)
    assert_equal_frames(read_folder(tmp_path / 'odd_frames')[1],
                        restore_reference(env['models']['decompress'][2], frames))


def test_fp16_checkpoint(env, tmp_path, capsys):
    config, checkpoint, net = write_tiny_model(tmp_path, is_low_res_input=False, fp16=True)
    assert torch.load(checkpoint, weights_only=True)['state_dict'][
        'generator.head.conv_hr.weight'].dtype == torch.float16
    status, _, _ = run([env['folder'], '-o', tmp_path / 'out', '--quiet', '--task', 'deblur',
                        '--config', config, '--checkpoint', checkpoint, '--fp32'], capsys)
    assert status == 0
    assert_equal_frames(read_folder(tmp_path / 'out')[1], restore_reference(net, env['frames']))


def test_overwrite(env, tmp_path, capsys):
    out = tmp_path / 'out.mp4'
    out.write_bytes(b'an older file')
    args = [env['clip'], '-o', out, '--quiet', *model_args(env, 'deblur')]
    status, _, stderr = run(args, capsys)
    assert status == 1 and 'already exists' in stderr
    assert out.read_bytes() == b'an older file'
    status, _, _ = run([*args, '--overwrite'], capsys)
    assert status == 0 and len(read_video(out)[0]) == 8
    assert os.listdir(tmp_path) == ['out.mp4']


# ---------------------------------------------------------------- what players see
def _notes(stderr):
    return [line for line in stderr.splitlines() if line.startswith('s2svr-restore: note: ')]


@pytest.mark.parametrize('suffix', ['.mp4', '.mkv', '.mov'])
def test_audio_rotation_and_ntsc_rate_are_kept(env, suffix, tmp_path, capsys):
    source = encode_clip(tmp_path / 'phone.mp4', env['frames'], audio='aac', rotation=90)
    out = tmp_path / f'restored{suffix}'
    status, _, stderr = run([source, '-o', out, *model_args(env, 'deblur')], capsys)
    assert status == 0 and _notes(stderr) == []  # AAC goes into all three as it is
    info, original = probe(out), probe(source)
    assert info['pix_fmt'] == 'yuv420p' and info['rotation'] == 90 and info['frames'] == 8
    assert info['average_rate'] == CLIP_FPS
    if suffix != '.mkv':  # Matroska stores milliseconds
        assert info['times'] == [i / CLIP_FPS for i in range(8)]
    (codec, seconds), = info['audio']
    assert codec == 'aac' and abs(seconds - original['audio'][0][1]) < 1 / CLIP_FPS


def test_audio_the_container_cannot_hold_is_reencoded_with_one_note(env, tmp_path, capsys):
    source = encode_clip(tmp_path / 'pcm.mkv', env['frames'], audio='pcm_s16le')
    out = tmp_path / 'restored.mp4'
    status, _, stderr = run([source, '-o', out, *model_args(env, 'deblur')], capsys)
    assert status == 0
    assert _notes(stderr) == ['s2svr-restore: note: audio (pcm_s16le) cannot go into mp4 as it '
                              'is: re-encoding it to AAC']
    (codec, seconds), = probe(out)['audio']
    assert codec == 'aac' and abs(seconds - 8 / CLIP_FPS) < 1 / CLIP_FPS
    status, _, stderr = run([source, '-o', tmp_path / 'quiet.mp4', '--quiet',
                             *model_args(env, 'deblur')], capsys)
    assert status == 0 and stderr == ''  # --quiet: no notes either


def test_no_audio_drops_it(env, tmp_path, capsys):
    source = encode_clip(tmp_path / 'with_audio.mp4', env['frames'], audio='aac')
    status, _, _ = run([source, '-o', tmp_path / 'o.mp4', '--no-audio', '--quiet',
                        *model_args(env, 'deblur')], capsys)
    assert status == 0 and probe(tmp_path / 'o.mp4')['audio'] == []


def test_frame_folder_output_says_once_that_it_has_no_audio(env, tmp_path, capsys):
    source = encode_clip(tmp_path / 'with_audio.mp4', env['frames'], audio='aac')
    status, _, stderr = run([source, '-o', tmp_path / 'frames', *model_args(env, 'deblur')],
                            capsys)
    assert status == 0
    assert _notes(stderr) == [f"s2svr-restore: note: the output is a frame folder, which holds "
                              f"no audio: the audio of '{source}' is not written"]
    assert_equal_frames(read_folder(tmp_path / 'frames')[1], reference(env, 'deblur'))


def test_variable_frame_rate_is_kept(env, tmp_path, capsys):
    times = [Fraction(t, 1000) for t in (0, 40, 70, 130, 150, 200, 260, 400)]
    source = encode_clip(tmp_path / 'vfr.mkv', env['frames'], times=times,
                         time_base=Fraction(1, 1000))
    for suffix in ('.mkv', '.mp4'):
        out = tmp_path / f'restored{suffix}'
        status, _, _ = run([source, '-o', out, '--quiet', *model_args(env, 'deblur')], capsys)
        assert status == 0 and probe(out)['times'] == times


def test_flow_downsample_overrides_the_config(env, tmp_path, capsys):
    config, checkpoint, net = env['models']['sr']
    status, _, _ = run([env['folder'], '-o', tmp_path / 'half', '--flow-downsample', 2,
                        '--quiet', *model_args(env, 'sr')], capsys)
    assert status == 0
    net.flow_downsample = 2  # the reference network, as the option builds it
    try:
        expected = restore_reference(net, env['frames'])
    finally:
        net.flow_downsample = 1
    got = read_folder(tmp_path / 'half')[1]
    assert_equal_frames(got, expected)
    assert not all(np.array_equal(a, b) for a, b in zip(got, reference(env, 'sr')))
    fixed = tmp_path / 'fixed_flow.py'  # a config that fixes the flow size cannot take it
    fixed.write_text(open(config).read().replace("flow_net=dict(type='PWCLite'),",
                                                 "flow_net=dict(type='PWCLite'), "
                                                 'flow_resolution=(32, 32),'))
    status, _, stderr = run([env['folder'], '-o', tmp_path / 'x', '--flow-downsample', 2,
                             '--task', 'sr', '--config', fixed, '--checkpoint', checkpoint],
                            capsys)
    assert status == 2 and 'a config without a fixed flow_resolution' in stderr
    assert not (tmp_path / 'x').exists()


def test_ensemble_averages_the_flipped_restorations(env, tmp_path, capsys):
    """--ensemble spatial: MMagic's SpatialTemporalEnsemble around the network, per chunk."""
    from mmagic.models.archs import SpatialTemporalEnsemble
    _, _, net = env['models']['sr']
    status, _, _ = run([env['folder'], '-o', tmp_path / 'ens', '--ensemble', 'spatial',
                        '--quiet', *model_args(env, 'sr')], capsys)
    assert status == 0
    lqs = torch.from_numpy(np.stack(env['frames'])).permute(0, 3, 1, 2)[None].float() / 255
    with torch.no_grad():
        out = SpatialTemporalEnsemble(False)(lqs, net.forward_one_shot)[0]
    expected = list(out.clamp(0, 1).mul(255).round().byte().permute(0, 2, 3, 1).numpy())
    got = read_folder(tmp_path / 'ens')[1]
    diff = np.abs(np.stack(got).astype(int) - np.stack(expected))
    assert diff.max() <= 1 and diff.mean() < 0.01  # float rounding at .5 only
    assert not all(np.array_equal(a, b) for a, b in zip(got, reference(env, 'sr')))
    status, _, stderr = run([env['folder'], '-o', tmp_path / 'x', '--ensemble', 'rot90',
                             *model_args(env, 'sr')], capsys)
    assert status == 2 and "invalid choice: 'rot90'" in stderr
    assert not (tmp_path / 'x').exists()
    from s2svr_mm.apis import RestoreError, restore_video  # the API checks it before loading
    message = "--ensemble: ensemble must be one of spatial, spatial-temporal or None, got 'rot90'"
    with pytest.raises(RestoreError, match=message) as err:
        restore_video(env['folder'], str(tmp_path / 'y'), 'sr', ensemble='rot90')
    assert err.value.exit_code == 2 and not (tmp_path / 'y').exists()


def test_bf16_default_is_close_to_float32(env, tmp_path, capsys):
    config, checkpoint, _ = env['models']['sr']
    status, _, _ = run([env['folder'], '-o', tmp_path / 'auto', '--quiet', '--task', 'sr',
                        '--config', config, '--checkpoint', checkpoint], capsys)
    assert status == 0
    diff = np.abs(np.stack(read_folder(tmp_path / 'auto')[1]).astype(int)
                  - np.stack(reference(env, 'sr')))
    assert diff.max() <= 2 and diff.mean() < 0.05  # equal on CPUs without native bfloat16
    status, _, stderr = run([env['folder'], '-o', tmp_path / 'x', '--fp16', '--fp32',
                             *model_args(env, 'sr')[:-1]], capsys)
    assert status == 2 and 'not allowed with argument' in stderr


@pytest.mark.parametrize('pix_fmt,expected', [('yuv444p', 'yuv444p'), ('rgb24', 'gbrp')])
def test_pix_fmt(env, pix_fmt, expected, tmp_path, capsys):
    out = tmp_path / 'o.mp4'
    status, _, _ = run([env['clip'], '-o', out, '--pix-fmt', pix_fmt, '--crf', 4, '--quiet',
                        *model_args(env, 'deblur')], capsys)
    assert status == 0 and probe(out)['pix_fmt'] == expected
    error = np.mean([np.abs(a.astype(int) - b).mean()
                     for a, b in zip(read_video(out)[0], reference(env, 'deblur'))])
    assert error < 2  # no chroma subsampling, CRF 4 (yuv420p CRF 16: 4.6 on this noisy output)


def test_tiled_restoration_is_close_to_untiled(env, tmp_path, capsys):
    """The tolerance of tests/test_apis/test_streaming.py, through the command."""
    status, _, _ = run([env['folder'], '-o', tmp_path / 'tiled', '--tile', 48, '--tile-overlap',
                        12, '--quiet', *model_args(env, 'sr')], capsys)
    assert status == 0
    tiled = np.stack(read_folder(tmp_path / 'tiled')[1]).astype(int)
    diff = np.abs(tiled - np.stack(reference(env, 'sr')))
    assert diff.max() <= 2 and diff.mean() < 0.05 and diff.any()


# ---------------------------------------------------------------- bad inputs
def _text_file(env, tmp):
    (tmp / 'in').mkdir()
    (tmp / 'in' / 'notes.mp4').write_text('not a video')
    return tmp / 'in' / 'notes.mp4'


def _truncated(env, tmp):
    clip = encode_clip(tmp / 'full.avi', env['frames'] * 2, lossless=False)
    data = open(clip, 'rb').read()
    os.remove(clip)
    (tmp / 'in').mkdir()
    (tmp / 'in' / 'cut.avi').write_bytes(data[:len(data) * 6 // 10])
    return tmp / 'in' / 'cut.avi'


def _truncated_mp4(env, tmp):
    data = open(env['clip'], 'rb').read()
    (tmp / 'in').mkdir()
    (tmp / 'in' / 'cut.mp4').write_bytes(data[:len(data) // 2])
    return tmp / 'in' / 'cut.mp4'


def _zero_frames(env, tmp):
    """A Matroska file with a video stream without frames (and one second of audio)."""
    import av
    (tmp / 'in').mkdir()
    path = str(tmp / 'in' / 'empty.mkv')
    with av.open(path, 'w') as container:
        video = container.add_stream('libx264', rate=25)
        video.width = video.height = 96
        video.pix_fmt = 'yuv420p'
        audio = container.add_stream('aac', rate=8000)
        samples = av.AudioFrame.from_ndarray(np.zeros((1, 8000), np.float32), format='fltp',
                                             layout='mono')
        samples.sample_rate = 8000
        container.mux(audio.encode(samples))
        container.mux(audio.encode(None))
        container.mux(video.encode(None))
    return path


def _folder(frames_fn):
    def make(env, tmp):
        return write_folder(tmp / 'in', frames_fn(env))
    return make


def _undecodable_frame(env, tmp):
    folder = write_folder(tmp / 'in', env['frames'][:3])
    (tmp / 'in' / '00000003.png').write_bytes(b'not a PNG')
    return folder


def _empty_folder(env, tmp):
    (tmp / 'in').mkdir()
    (tmp / 'in' / 'readme.txt').write_text('no frames here')
    return tmp / 'in'


def _read_only_dir(tmp):
    if os.geteuid() == 0:  # root writes anywhere but in sysfs
        return '/sys'
    (tmp / 'ro').mkdir()
    (tmp / 'ro').chmod(0o555)
    return tmp / 'ro'


def _existing_output(tmp):
    (tmp / 'o.mp4').write_bytes(b'an older file')
    return tmp / 'o.mp4'


def _same(env, tmp):
    return model_args(env, 'deblur')


def _sr(env, tmp):
    return model_args(env, 'sr')


def _clip(env, tmp):
    return env['clip']


BAD_INPUTS = {
    # id: (input(env, tmp), output(tmp), options(env, tmp), exit status, message part)
    'missing input': (lambda e, t: t / 'nothing.mp4', lambda t: t / 'o.mp4', _same, 1,
                      'does not exist'),
    'not a video': (_text_file, lambda t: t / 'o.mp4', _same, 1, 'as a video'),
    'single image': (lambda e, t: osp.join(write_folder(t / 'in', e['frames'][:1]),
                                           '00000000.png'), lambda t: t / 'o.mp4', _same, 1,
                     'single image'),
    'truncated avi': (_truncated, lambda t: t / 'o.mp4', _same, 1, 'truncated'),
    'truncated mp4': (_truncated_mp4, lambda t: t / 'o.mp4', _same, 1, 'as a video'),
    'zero frames': (_zero_frames, lambda t: t / 'o.mp4', _same, 1, 'has no frames'),
    'empty folder': (_empty_folder, lambda t: t / 'o', _same, 1, 'no image frames'),
    'mixed sizes': (_folder(lambda e: e['frames'][:5] + [e['frames'][5][:64, :80]]),
                    lambda t: t / 'o', _same, 1,
                    "00000005.png' is 80x64 but the first frame is 96x96"),
    'undecodable frame': (_undecodable_frame, lambda t: t / 'o.mp4', _same, 1,
                          "cannot decode image '"),
    'too small': (_folder(lambda e: [f[:12, :40] for f in e['frames'][:3]]),
                  lambda t: t / 'o.mp4', _sr, 1, 'at least 16x16'),
    'output exists': (_clip, _existing_output, _same, 1, 'already exists'),
    'no output folder': (_clip, lambda t: t / 'missing' / 'o.mp4', _same, 1,
                         'does not exist'),
    'output under a file': (_clip, lambda t: t / 'file' / 'o.mp4', _same, 1,
                            'is not a folder'),
    'read-only output folder': (_clip, lambda t: osp.join(_read_only_dir(t), 'o.mp4'), _same, 1,
                                'cannot write to folder'),
    'unknown extension': (_clip, lambda t: t / 'o.xyz', _same, 1,
                          "unknown output extension '.xyz'"),
    'config without checkpoint': (_clip, lambda t: t / 'o.mp4', lambda e, t: [
        '--task', 'sr', '--config', e['models']['sr'][0]], 2, '--config needs --checkpoint'),
    'checkpoint not a checkpoint': (_clip, lambda t: t / 'o.mp4', lambda e, t: [
        '--task', 'sr', '--config', e['models']['sr'][0], '--checkpoint', e['clip']], 1,
        'cannot load checkpoint'),
    'checkpoint of another model': (_clip, lambda t: t / 'o.mp4', lambda e, t: [
        '--task', 'deblur', '--config', e['models']['deblur'][0], '--checkpoint',
        e['models']['sr'][1]], 1, 'does not fit the generator'),
    'model of another task': (_clip, lambda t: t / 'o.mp4', lambda e, t: [
        '--task', 'sr', '--config', e['models']['deblur'][0], '--checkpoint',
        e['models']['deblur'][1]], 1, "task 'sr' needs x4"),
    'overlap too large': (_clip, lambda t: t / 'o.mp4',
                          lambda e, t: [*_same(e, t), '--chunk-size', 4, '--overlap', 2], 2,
                          'chunk size > 2 * overlap'),
    'unknown task': (_clip, lambda t: t / 'o.mp4', lambda e, t: ['--task', 'denoise'], 2,
                     "invalid choice: 'denoise'"),
    'lossless with crf': (_clip, lambda t: t / 'o.mp4',
                          lambda e, t: [*_same(e, t), '--lossless', '--crf', 4], 2,
                          '--lossless writes RGB at QP 0: it takes neither --crf'),
    'lossless with yuv': (_clip, lambda t: t / 'o.mp4',
                          lambda e, t: [*_same(e, t), '--lossless', '--pix-fmt', 'yuv420p'], 2,
                          "nor a --pix-fmt other than rgb24"),
    'crf out of range': (_clip, lambda t: t / 'o.mp4', lambda e, t: [*_same(e, t), '--crf', 60],
                         2, "argument --crf: invalid CRF (0-51) value: '60'"),
    'unknown pix-fmt': (_clip, lambda t: t / 'o.mp4',
                        lambda e, t: [*_same(e, t), '--pix-fmt', 'nv12'], 2,
                        "argument --pix-fmt: invalid choice: 'nv12'"),
    'tile too small': (_clip, lambda t: t / 'o.mp4', lambda e, t: [*_same(e, t), '--tile', 20],
                       2, 'need a tile of at least 32 pixels'),
    'tile overlap too large': (_clip, lambda t: t / 'o.mp4',
                               lambda e, t: [*_same(e, t), '--tile', 64, '--tile-overlap', 17],
                               2, 'an overlap of at most a quarter of it'),
    'missing task': (_clip, lambda t: t / 'o.mp4', lambda e, t: [], 2,
                     'the following arguments are required: --task'),
}
if not torch.cuda.is_available():
    BAD_INPUTS['fp16 on cpu'] = (_clip, lambda t: t / 'o.mp4',
                                 lambda e, t: [*_same(e, t)[:-1], '--fp16'], 2,
                                 '--fp16 needs a CUDA device')
    BAD_INPUTS['no cuda'] = (_clip, lambda t: t / 'o.mp4',
                             lambda e, t: [*_same(e, t), '--device', 'cuda'], 2,
                             'CUDA is not available')


def _listing(root):
    return sorted(osp.relpath(osp.join(d, n), root) for d, dirs, files in os.walk(root)
                  for n in dirs + files)


def assert_failed_cleanly(status, stdout, stderr, expected_status, message, out_dir, before):
    assert status == expected_status
    assert stdout == ''
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('s2svr-restore: error: '), stderr
    assert message in lines[0]
    assert _listing(out_dir) == before  # no output, no temporary


@pytest.mark.parametrize('case', list(BAD_INPUTS))
def test_bad_input(env, case, tmp_path, capsys):
    make_input, make_output, options, expected_status, message = BAD_INPUTS[case]
    source = make_input(env, tmp_path)
    (tmp_path / 'file').write_text('a file, not a folder')
    output = make_output(tmp_path)
    before = _listing(tmp_path)
    status, stdout, stderr = run([source, '-o', output, '--quiet', *options(env, tmp_path)],
                                 capsys)
    assert_failed_cleanly(status, stdout, stderr, expected_status, message, tmp_path, before)


@pytest.mark.parametrize('output,how', [('o.mp4', 'ctrl-c'), ('o', 'sigterm')])
def test_interrupt_leaves_no_output(env, output, how, tmp_path, capsys, monkeypatch):
    writer = fileio.FolderWriter if output == 'o' else fileio.VideoWriter
    write = writer.write

    def write_then_interrupt(self, frame, time=None):
        if self.count == 3:  # three frames are in the temporary output
            if how == 'ctrl-c':
                raise KeyboardInterrupt
            os.kill(os.getpid(), signal.SIGTERM)
        write(self, frame, time)

    monkeypatch.setattr(writer, 'write', write_then_interrupt)
    handler = signal.getsignal(signal.SIGTERM)
    status, stdout, stderr = run([env['clip'], '-o', tmp_path / output, '--quiet',
                                  *model_args(env, 'deblur')], capsys)
    expected = (130, 'interrupted') if how == 'ctrl-c' else (143, 'terminated')
    assert_failed_cleanly(status, stdout, stderr, expected[0],
                          f'{expected[1]}; no output written', tmp_path, [])
    assert signal.getsignal(signal.SIGTERM) is handler  # main() restores the handler


def test_unexpected_error_is_one_line(env, tmp_path, capsys, monkeypatch):
    def fail(self, frames):
        raise RuntimeError('boom\nsecond line')

    monkeypatch.setattr(FrameRestorer, '__call__', fail)
    status, stdout, stderr = run([env['clip'], '-o', tmp_path / 'o.mp4', '--quiet',
                                  *model_args(env, 'deblur')], capsys)
    assert_failed_cleanly(status, stdout, stderr, 1, 'unexpected RuntimeError: boom second line',
                          tmp_path, [])


def test_help_and_version(capsys):
    status, stdout, _ = run(['--help'], capsys)
    assert status == 0 and '--chunk-size' in stdout and '--lossless' in stdout
    status, stdout, _ = run(['--version'], capsys)
    assert status == 0 and stdout.startswith('s2svr-restore ')


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_fp16_close_to_cpu(env, tmp_path, capsys):
    status, _, _ = run([env['folder'], '-o', tmp_path / 'out', '--quiet', '--device', 'cuda',
                        '--fp16', *model_args(env, 'sr')], capsys)
    assert status == 0
    frames = read_folder(tmp_path / 'out')[1]
    assert len(frames) == 8 and frames[0].shape == (384, 384, 3)
    error = np.mean([np.abs(a.astype(int) - b).mean()
                     for a, b in zip(frames, reference(env, 'sr'))])
    assert error < 2  # float16 vs float32 on CPU


SCRIPT = osp.join(osp.dirname(sys.executable), 's2svr-restore')


@pytest.mark.skipif(not osp.isfile(SCRIPT), reason='console script not installed: run '
                    'bash tools/setup_env.sh')
def test_installed_console_script(env, tmp_path):
    run_env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')
    out = tmp_path / 'restored.mp4'
    done = subprocess.run([SCRIPT, str(env['clip']), '-o', str(out), '--quiet',
                           *map(str, model_args(env, 'sr'))], capture_output=True, text=True,
                          cwd=str(tmp_path), env=run_env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == '' and done.stderr == ''  # --quiet; no import-time warnings
    frames, fps = read_video(out)
    assert len(frames) == 8 and frames[0].shape == (384, 384, 3) and fps == CLIP_FPS
    assert np.mean([np.abs(a.astype(int) - b).mean()
                    for a, b in zip(frames, reference(env, 'sr'))]) < 4
    assert _listing(tmp_path) == ['restored.mp4']
    # a bad input, through the real console script: exactly one line on stderr
    bad = subprocess.run([SCRIPT, str(tmp_path / 'missing.mp4'), '-o', str(tmp_path / 'x.mp4'),
                          *map(str, model_args(env, 'sr'))], capture_output=True, text=True,
                         cwd=str(tmp_path), env=run_env, timeout=300)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr

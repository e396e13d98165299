"""``s2svr_mm.fileio.video_writers``: lossless round trips, pixel formats, timing and audio of
:class:`VideoWriter`, and :func:`encode_video`."""
import io
import os
from fractions import Fraction

import av
import numpy as np
import pytest

from s2svr_mm.fileio import VideoWriter, decode_frames, encode_video, open_frames
from test_apis.restore_testing import (CLIP_FPS, encode_clip, probe, read_tree_frames,
                                       read_video)


@pytest.mark.parametrize('suffix,fmt', [('.mp4', 'mp4'), ('.mkv', 'matroska'),
                                        ('.mov', 'mov'), ('.avi', 'avi')])
def test_writer_lossless_round_trip(tmp_path, suffix, fmt):
    frames = read_tree_frames()[:5]
    path = str(tmp_path / f'clip{suffix}')
    writer = VideoWriter(path, fmt, CLIP_FPS, 96, 96, lossless=True)
    for frame in frames:
        writer.write(frame)
    writer.close()
    got, fps = read_video(path)
    assert fps == CLIP_FPS
    assert len(got) == 5 and all(np.array_equal(a, b) for a, b in zip(got, frames))


def _write(path, frames, fmt='mp4', fps=Fraction(12), **kwargs):
    writer = VideoWriter(str(path), fmt, fps, frames[0].shape[1], frames[0].shape[0], **kwargs)
    for frame in frames:
        writer.write(frame)
    writer.close()
    return writer


def test_writer_default_is_yuv420p_bt709(tmp_path):
    frames = read_tree_frames()[:5]
    writer = _write(tmp_path / 'even.mp4', frames)
    assert writer.notes == []
    got, fps = read_video(tmp_path / 'even.mp4')
    assert fps == 12 and len(got) == 5 and got[0].shape == (96, 96, 3)
    error = np.mean([np.abs(a.astype(int) - b).mean() for a, b in zip(got, frames)])
    assert error < 4.5  # CRF 16 on foliage; 4:2:0 alone costs ~3.2 on this clip
    with av.open(str(tmp_path / 'even.mp4')) as container:
        context = container.streams.video[0].codec_context
        assert (context.pix_fmt, context.colorspace, context.color_range) == ('yuv420p', 1, 1)
        assert context.profile == 'High'  # not High 4:4:4 Predictive: browsers play it
    data = (tmp_path / 'even.mp4').read_bytes()
    assert data.index(b'moov') < data.index(b'mdat')  # faststart: plays while downloading


def test_writer_odd_size_falls_back_to_yuv444p_with_a_note(tmp_path):
    frames = [f[:45, :61] for f in read_tree_frames()[:5]]  # 4:2:0 needs even sides
    writer = _write(tmp_path / 'odd.mp4', frames)
    assert writer.notes == ['frames of 61x45 have an odd side, which yuv420p cannot hold: '
                            'writing yuv444p']
    got, _ = read_video(tmp_path / 'odd.mp4')
    assert len(got) == 5 and got[0].shape == (45, 61, 3)
    assert np.mean([np.abs(a.astype(int) - b).mean() for a, b in zip(got, frames)]) < 4.5
    with av.open(str(tmp_path / 'odd.mp4')) as container:
        assert container.streams.video[0].codec_context.pix_fmt == 'yuv444p'


@pytest.mark.parametrize('pix_fmt,expected', [('yuv444p', 'yuv444p'), ('rgb24', 'gbrp')])
def test_writer_pix_fmt_and_crf(tmp_path, pix_fmt, expected):
    frames = read_tree_frames()[:3]
    sizes, errors = [], []
    for crf in (4, 30):
        path = tmp_path / f'{crf}.mkv'
        _write(path, frames, 'matroska', pix_fmt=pix_fmt, crf=crf)
        with av.open(str(path)) as container:
            assert container.streams.video[0].codec_context.pix_fmt == expected
        got, _ = read_video(path)
        sizes.append(os.path.getsize(path))
        errors.append(np.mean([np.abs(a.astype(int) - b).mean() for a, b in zip(got, frames)]))
    assert sizes[0] > 4 * sizes[1] and errors[0] < 1.5 and errors[1] > 3 * errors[0]  # CRF used


@pytest.mark.parametrize('size,lookahead', [((1920, 1080), None), ((2560, 1440), '22'),
                                            ((3840, 2160), '10'), ((7680, 4320), '10')])
def test_writer_shortens_the_lookahead_of_large_frames(tmp_path, size, lookahead):
    writer = VideoWriter(str(tmp_path / 'big.mp4'), 'mp4', Fraction(25), *size)
    assert writer._stream.options.get('rc-lookahead') == lookahead
    writer.abort()


@pytest.mark.parametrize('fmt,suffix', [('mp4', '.mp4'), ('matroska', '.mkv'), ('mov', '.mov')])
def test_writer_keeps_variable_times_and_snaps_a_constant_rate(tmp_path, fmt, suffix):
    frames = read_tree_frames()[:6]
    vfr = [Fraction(t, 1000) for t in (0, 40, 70, 130, 150, 400)]
    path = tmp_path / f'vfr{suffix}'
    writer = VideoWriter(str(path), fmt, Fraction(25), 96, 96, time_base=Fraction(1, 1000))
    for frame, time in zip(frames, vfr):
        writer.write(frame, time)
    writer.close()
    assert probe(path)['times'] == vfr
    # 30000/1001 from millisecond ticks (as Matroska stores it): put back on the exact grid
    path = tmp_path / f'ntsc{suffix}'
    writer = VideoWriter(str(path), fmt, CLIP_FPS, 96, 96, time_base=Fraction(1, 1000))
    for i, frame in enumerate(frames):
        writer.write(frame, Fraction(round(1000 * i / CLIP_FPS), 1000))
    writer.close()
    info = probe(path)
    assert info['average_rate'] == CLIP_FPS
    if fmt != 'matroska':  # Matroska itself rounds to milliseconds again
        assert info['times'] == [i / CLIP_FPS for i in range(6)]


@pytest.mark.parametrize('codec,fmt,copied', [('aac', 'mp4', True), ('pcm_s16le', 'mp4', False),
                                              ('pcm_s16le', 'matroska', True),
                                              ('libopus', 'avi', False)])
def test_audio_is_copied_when_the_container_takes_it_else_aac(tmp_path, codec, fmt, copied):
    frames = read_tree_frames()
    source = encode_clip(tmp_path / 'in.mkv', frames, audio=codec)
    path = tmp_path / f'out.{fmt}'
    with open_frames(source) as reader:
        writer = VideoWriter(str(path), fmt, reader.fps, 96, 96, time_base=reader.time_base)
        writer.add_audio(reader.audio_streams)
        for frame, time in reader.timed():
            writer.write(frame, time)
            writer.write_audio(reader.pop_audio(time))
        writer.write_audio(reader.pop_audio())
        writer.close()
    name = {'libopus': 'opus'}.get(codec, codec)
    expected_notes = [] if copied else [
        f'audio ({name}) cannot go into {fmt} as it is: re-encoding it to AAC']
    assert writer.notes == expected_notes
    (out_codec, seconds), = probe(path)['audio']
    assert out_codec == (name if copied else 'aac')
    (_, source_seconds), = probe(source)['audio']
    assert abs(seconds - source_seconds) < 1 / CLIP_FPS  # same length within a frame
    assert abs(source_seconds - 8 / CLIP_FPS) < 1 / CLIP_FPS


def test_encode_video_round_trips_losslessly_and_refuses_no_frames():
    frames = read_tree_frames()[:3]
    buffer = io.BytesIO()
    encode_video(buffer, iter(frames), 'ffv1', 25, 'matroska', pix_fmt='bgr0')
    decoded = list(decode_frames(io.BytesIO(buffer.getvalue())))
    assert len(decoded) == 3 and all(np.array_equal(a, b) for a, b in zip(decoded, frames))
    assert [f.shape for f in decode_frames(io.BytesIO(buffer.getvalue()), start=1, stop=2)] \
        == [frames[1].shape]
    with pytest.raises(ValueError, match='empty sequence'):
        encode_video(io.BytesIO(), [], 'ffv1', 25, 'matroska')

"""``s2svr_mm.utils.video_io``: natural order, colour conversions, video round trips, damaged
videos, and outputs that appear only when complete."""
import os
from fractions import Fraction

import av
import cv2
import numpy as np
import pytest

from s2svr_mm.utils.video_io import (AtomicOutput, VideoIOError, VideoWriter, check_output,
                                     natural_sort_key, open_frames, to_rgb)
from test_apis.restore_testing import (CLIP_FPS, encode_clip, probe, read_tree_frames,
                                       read_video, write_folder)


def test_natural_sort_key():
    names = ['10.png', 'f2.png', '2.png', '1.png', 'F10.png', 'f1.png', '0009.png']
    assert sorted(names, key=natural_sort_key) == [
        '1.png', '2.png', '0009.png', '10.png', 'f1.png', 'f2.png', 'F10.png']


def test_to_rgb_conversions():
    bgr = np.array([[[1, 2, 3]]], np.uint8)
    assert to_rgb(bgr).tolist() == [[[3, 2, 1]]]
    assert to_rgb(np.array([[[1, 2, 3, 200]]], np.uint8)).tolist() == [[[3, 2, 1]]]  # alpha off
    assert to_rgb(np.array([[7]], np.uint8)).tolist() == [[[7, 7, 7]]]
    assert to_rgb(np.array([[[7]]], np.uint8)).tolist() == [[[7, 7, 7]]]
    assert to_rgb(np.array([[65535, 257 * 100 + 128]], np.uint16)).tolist() == [
        [[255] * 3, [100] * 3]]
    with pytest.raises(VideoIOError, match='dtype float32'):
        to_rgb(np.zeros((2, 2, 3), np.float32))


def test_folder_reader_natural_order_and_fps(tmp_path):
    frames = read_tree_frames()[:4]
    names = ['f10.png', 'f9.png', 'f100.png', 'f1.png']  # natural order: 1, 9, 10, 100
    write_folder(tmp_path, frames, names)
    (tmp_path / 'notes.txt').write_text('not a frame')
    with open_frames(tmp_path) as reader:
        assert (reader.height, reader.width, reader.num_frames) == (96, 96, 4)
        assert reader.fps == 25
        got = list(reader)
    order = [3, 1, 0, 2]
    assert all(np.array_equal(got[i], frames[k]) for i, k in enumerate(order))


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


def test_reader_times_rotation_and_audio_packets(tmp_path):
    frames = read_tree_frames()
    path = encode_clip(tmp_path / 'phone.mp4', frames, audio='aac', rotation=90)
    with open_frames(path) as reader:
        assert reader.time_base == Fraction(1, 30000) and reader.fps == CLIP_FPS
        timed = list(reader.timed())
        assert [t for _, t in timed] == [i / CLIP_FPS for i in range(8)]
        assert reader.display_matrix == (0, -65536, 0, 65536, 0, 0, 0, 0, 1 << 30)
        assert len(reader.audio_streams) == 1
        early = reader.pop_audio(Fraction(1, 10))
        rest = reader.pop_audio()
        assert early and rest and reader.pop_audio() == []
        assert all(p.pts * p.time_base <= Fraction(1, 10) for p in early)
    with open_frames(path, fps=Fraction(10), audio=False) as reader:  # a given rate retimes
        assert reader.time_base is None and reader.audio_streams == []
        assert [t for _, t in reader.timed()][:3] == [0, Fraction(1, 10), Fraction(2, 10)]


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


def test_video_reader_metadata_and_frames(tmp_path):
    frames = read_tree_frames()
    path = encode_clip(tmp_path / 'clip.mkv', frames)
    with open_frames(path) as reader:
        assert (reader.height, reader.width, reader.fps) == (96, 96, CLIP_FPS)
        assert reader.num_frames == 8  # from the stream's duration (mkv has no frame count)
        got = list(reader)
    assert all(np.array_equal(a, b) for a, b in zip(got, frames))
    with open_frames(path, fps=Fraction(10)) as reader:
        assert reader.fps == 10


@pytest.mark.parametrize('suffix', ['.avi', '.mkv'])
def test_truncated_video_is_detected(tmp_path, suffix):
    path = encode_clip(tmp_path / f'clip{suffix}', read_tree_frames() * 4, lossless=False)
    data = open(path, 'rb').read()
    cut = tmp_path / f'cut{suffix}'
    cut.write_bytes(data[:len(data) * 6 // 10])
    with open_frames(cut) as reader:
        with pytest.raises(VideoIOError, match='truncated'):
            list(reader)


def test_damaged_or_non_video_inputs(tmp_path):
    (tmp_path / 'text.mp4').write_text('not a video')
    with pytest.raises(VideoIOError, match='cannot read .* as a video'):
        open_frames(tmp_path / 'text.mp4')
    image = os.path.join(write_folder(tmp_path / 'img', read_tree_frames()[:1]), '00000000.png')
    with pytest.raises(VideoIOError, match='single image'):
        open_frames(image)
    with pytest.raises(VideoIOError, match='does not exist'):
        open_frames(tmp_path / 'missing.mp4')
    empty = tmp_path / 'empty'
    empty.mkdir()
    with pytest.raises(VideoIOError, match='no image frames'):
        open_frames(empty)


def test_check_output(tmp_path):
    assert check_output(tmp_path / 'a.MKV').container_format == 'matroska'
    assert check_output(tmp_path / 'frames').is_folder
    assert check_output(str(tmp_path / 'frames.v2') + os.sep).is_folder
    for bad, match in [(tmp_path / 'a.xyz', "unknown output extension '.xyz'"),
                       (tmp_path / 'no' / 'a.mp4', 'does not exist')]:
        with pytest.raises(VideoIOError, match=match):
            check_output(bad)
    folder = write_folder(tmp_path / 'old', read_tree_frames()[:2])
    with pytest.raises(VideoIOError, match='already exists'):
        check_output(folder)
    assert check_output(folder, overwrite=True).is_folder
    (tmp_path / 'old' / 'keep.txt').write_text('user data')
    with pytest.raises(VideoIOError, match='holds more than image frames'):
        check_output(folder, overwrite=True)
    with pytest.raises(VideoIOError, match='is the input'):
        check_output(folder, overwrite=True, input_path=folder)


def test_atomic_output_commits_or_leaves_nothing(tmp_path):
    spec = check_output(tmp_path / 'out.mp4')
    with pytest.raises(KeyboardInterrupt):
        with AtomicOutput(spec) as tmp:
            open(tmp, 'wb').write(b'partial')
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []
    with AtomicOutput(spec) as tmp:
        open(tmp, 'wb').write(b'complete')
    assert os.listdir(tmp_path) == ['out.mp4']
    assert (tmp_path / 'out.mp4').read_bytes() == b'complete'
    spec = check_output(tmp_path / 'frames')
    for content in (b'1', b'2'):  # the second run replaces the first folder
        with AtomicOutput(spec, overwrite=True) as tmp:
            open(os.path.join(tmp, '00000000.png'), 'wb').write(content)
    assert sorted(os.listdir(tmp_path)) == ['frames', 'out.mp4']
    assert (tmp_path / 'frames' / '00000000.png').read_bytes() == b'2'


def test_read_only_output_folder_is_refused(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere but in sysfs
        parent = '/sys'
    else:
        parent = tmp_path / 'ro'
        parent.mkdir()
        parent.chmod(0o555)
    with pytest.raises(VideoIOError, match='cannot write to folder'):
        check_output(os.path.join(parent, 'out.mp4'))


def test_gray_rgba_and_16bit_frames_are_converted(tmp_path):
    frame = read_tree_frames()[0]
    gray = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    bgra = np.dstack([cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), np.full((96, 96), 128, np.uint8)])
    deep = frame.astype(np.uint16) * 257  # RGB: write_folder swaps 3-channel frames to BGR
    write_folder(tmp_path, [gray, bgra, deep])
    with open_frames(tmp_path) as reader:
        got = list(reader)
    assert np.array_equal(got[0], np.dstack([gray] * 3))
    assert np.array_equal(got[1], frame) and np.array_equal(got[2], frame)

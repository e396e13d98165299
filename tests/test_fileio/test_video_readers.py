"""``s2svr_mm.fileio.video_readers``: times, rotation and audio of a video, its metadata, and
damaged or non-video inputs."""
import os
from fractions import Fraction

import numpy as np
import pytest

from s2svr_mm.fileio import VideoIOError, open_frames
from test_apis.restore_testing import (CLIP_FPS, encode_clip, read_tree_frames,
                                       write_folder)


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

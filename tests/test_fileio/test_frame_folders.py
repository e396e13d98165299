"""``s2svr_mm.fileio.frame_folders``: natural order, colour conversions, and dataset clips
written and read back bit-exactly."""
import cv2
import numpy as np
import pytest

from s2svr_mm.fileio import (FRAME_TMPL, DatasetError, FolderWriter, VideoIOError, list_frames,
                             natural_sort_key, open_frames, read_frames, to_rgb, write_frames)
from test_apis.restore_testing import read_tree_frames, write_folder


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


def test_write_frames_and_read_frames_round_trip(tmp_path):
    frames = read_tree_frames()[:3]
    assert write_frames((f for f in frames), str(tmp_path / 'clip'), start=2) == 3
    assert list_frames(str(tmp_path / 'clip')) == [FRAME_TMPL.format(k) for k in (2, 3, 4)]
    for got, want in zip(read_frames(str(tmp_path / 'clip')), frames):
        np.testing.assert_array_equal(got, want)
    bgr = read_frames(str(tmp_path / 'clip'), channel_order='bgr')[0]
    np.testing.assert_array_equal(bgr, frames[0][..., ::-1])
    with pytest.raises(DatasetError, match='no PNG frames'):
        read_frames(str(tmp_path / 'missing'))


def test_folder_writer_uses_opencvs_default_png_settings(tmp_path):
    """The restore output (no compression given) and a dataset clip (level 3) are encoded as
    before the frame writers were merged: same bytes as cv2.imwrite with those settings."""
    frame = read_tree_frames()[0]
    writer = FolderWriter(str(tmp_path))
    writer.write(frame)
    cv2.imwrite(str(tmp_path / 'ref.png'), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    assert (tmp_path / FRAME_TMPL.format(0)).read_bytes() == (tmp_path / 'ref.png').read_bytes()
    write_frames([frame], str(tmp_path / 'clip'))
    cv2.imwrite(str(tmp_path / 'ref3.png'), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR),
                [cv2.IMWRITE_PNG_COMPRESSION, 3])
    assert (tmp_path / 'clip' / FRAME_TMPL.format(0)).read_bytes() == \
        (tmp_path / 'ref3.png').read_bytes()
    with pytest.raises(VideoIOError, match='cannot write'):
        FolderWriter(str(tmp_path / 'missing')).write(frame)

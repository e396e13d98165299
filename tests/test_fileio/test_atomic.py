"""``s2svr_mm.fileio.atomic``: an output holds its old content or all of the new one, never a
part of it."""
import os

import pytest

from s2svr_mm.fileio import AtomicOutput, VideoIOError, atomic_write, remove_partial_files


def test_atomic_output_commits_or_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with AtomicOutput(tmp_path / 'out.mp4') as tmp:
            open(tmp, 'wb').write(b'partial')
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []
    with AtomicOutput(tmp_path / 'out.mp4') as tmp:
        open(tmp, 'wb').write(b'complete')
    assert os.listdir(tmp_path) == ['out.mp4']
    assert (tmp_path / 'out.mp4').read_bytes() == b'complete'
    for content in (b'1', b'2'):  # the second run replaces the first folder
        with AtomicOutput(tmp_path / 'frames', is_folder=True, overwrite=True) as tmp:
            open(os.path.join(tmp, '00000000.png'), 'wb').write(content)
    assert sorted(os.listdir(tmp_path)) == ['frames', 'out.mp4']
    assert (tmp_path / 'frames' / '00000000.png').read_bytes() == b'2'


def test_atomic_output_keeps_an_output_that_appeared_and_follows_the_umask(tmp_path):
    with pytest.raises(VideoIOError, match='appeared while writing'):
        with AtomicOutput(tmp_path / 'out.mp4') as tmp:
            open(tmp, 'wb').write(b'new')
            (tmp_path / 'out.mp4').write_bytes(b'theirs')
    assert os.listdir(tmp_path) == ['out.mp4']
    assert (tmp_path / 'out.mp4').read_bytes() == b'theirs'
    mask = os.umask(0o022)
    try:
        with AtomicOutput(tmp_path / 'sub' / 'frames', is_folder=True, make_parent=True) as tmp:
            pass
        with AtomicOutput(tmp_path / 'file') as tmp:
            pass
    finally:
        os.umask(mask)
    assert (tmp_path / 'sub' / 'frames').stat().st_mode & 0o777 == 0o755
    assert (tmp_path / 'file').stat().st_mode & 0o777 == 0o644


def test_atomic_write_replaces_the_content_and_leaves_nothing_else(tmp_path):
    target = tmp_path / 'sub' / 'iter_2.pth'
    atomic_write(b'old', target)
    atomic_write(b'new content', target)
    assert target.read_bytes() == b'new content'
    assert os.listdir(tmp_path / 'sub') == ['iter_2.pth']


def test_failed_write_keeps_the_old_file_and_removes_the_partial_one(tmp_path, monkeypatch):
    target = tmp_path / 'last_checkpoint'
    atomic_write(b'iter_2.pth', target)

    def crash(src, dst):
        raise OSError('disk full')

    monkeypatch.setattr(os, 'replace', crash)
    with pytest.raises(OSError, match='disk full'):
        atomic_write(b'iter_4.pth', target)
    assert target.read_bytes() == b'iter_2.pth'
    assert os.listdir(tmp_path) == ['last_checkpoint']


def test_remove_partial_files_removes_only_leftovers_of_atomic_write(tmp_path):
    leftover = tmp_path / f'.iter_4.pth.{os.getpid()}.0123abcd.part'
    keep = ['iter_2.pth', 'last_checkpoint', '.hidden', 'notes.part', '.x.part']
    leftover.write_bytes(b'half a checkpoint')
    for name in keep:
        (tmp_path / name).write_bytes(b'')
    assert remove_partial_files(tmp_path) == [str(leftover)]
    assert sorted(os.listdir(tmp_path)) == sorted(keep)
    assert remove_partial_files(tmp_path / 'missing') == []

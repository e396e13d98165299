"""Atomic writes: the target holds the old or the new content, never a part of the new one."""
import os

import pytest
from mmengine.fileio import get_file_backend

import s2svr_mm.engine  # noqa: F401  (registers the 'local_atomic' backend)
from s2svr_mm.engine import AtomicLocalBackend, atomic_write, remove_partial_files
from s2svr_mm.engine import fileio


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

    monkeypatch.setattr(fileio.os, 'replace', crash)
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


def test_backend_is_selected_by_backend_args_and_writes_atomically(tmp_path):
    backend = get_file_backend(str(tmp_path), backend_args=dict(backend='local_atomic'))
    assert isinstance(backend, AtomicLocalBackend)
    backend.put(b'bytes', tmp_path / 'a' / 'b.pth')
    backend.put_text('text', tmp_path / 'c.txt')
    assert (tmp_path / 'a' / 'b.pth').read_bytes() == b'bytes'
    assert backend.get_text(tmp_path / 'c.txt') == 'text'

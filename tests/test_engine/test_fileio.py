"""The 'local_atomic' file backend writes through s2svr_mm.fileio.atomic_write (tested in
tests/test_fileio/test_atomic.py)."""
from mmengine.fileio import get_file_backend

import s2svr_mm.engine  # noqa: F401  (registers the 'local_atomic' backend)
from s2svr_mm.engine import AtomicLocalBackend


def test_backend_is_selected_by_backend_args_and_writes_atomically(tmp_path):
    backend = get_file_backend(str(tmp_path), backend_args=dict(backend='local_atomic'))
    assert isinstance(backend, AtomicLocalBackend)
    backend.put(b'bytes', tmp_path / 'a' / 'b.pth')
    backend.put_text('text', tmp_path / 'c.txt')
    assert (tmp_path / 'a' / 'b.pth').read_bytes() == b'bytes'
    assert backend.get_text(tmp_path / 'c.txt') == 'text'

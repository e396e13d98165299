"""``s2svr_mm.fileio.paths``: what an output path names and the checks before any work."""
import os

import pytest

from s2svr_mm.fileio import VideoIOError, check_output
from test_apis.restore_testing import read_tree_frames, write_folder


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


def test_read_only_output_folder_is_refused(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere but in sysfs
        parent = '/sys'
    else:
        parent = tmp_path / 'ro'
        parent.mkdir()
        parent.chmod(0o555)
    with pytest.raises(VideoIOError, match='cannot write to folder'):
        check_output(os.path.join(parent, 'out.mp4'))

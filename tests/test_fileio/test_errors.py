"""``s2svr_mm.fileio.errors``: one user-error base class, its exit codes and its one line."""
from s2svr_mm.apis import RestoreError
from s2svr_mm.fileio import DatasetError, UserError, VideoIOError, report_line


def test_every_user_error_is_one_class_with_an_exit_code():
    for cls in (RestoreError, VideoIOError, DatasetError):
        assert issubclass(cls, UserError)
        assert cls('bad').exit_code == 1
    assert RestoreError('bad option', 2).exit_code == 2


def test_report_line_folds_white_space_into_one_line():
    err = VideoIOError("cannot read 'a.mp4':\n  Invalid data")
    assert report_line('s2svr-restore', err) == \
        "s2svr-restore: error: cannot read 'a.mp4': Invalid data"
    assert report_line('tool', 'audio  re-encoded', 'note') == 'tool: note: audio re-encoded'

"""The error the restoration API reports to its users, and its one-line form.

Moved from ``apis/models.py`` when that module was split (issue #19); :class:`RestoreError` is
a :class:`~s2svr_mm.fileio.UserError` as the frame I/O refactoring made it there.
"""
from ..fileio import UserError


class RestoreError(UserError):
    """A problem the user can fix (model files, options); one-line message.

    Attributes:
        exit_code (int): Exit status the CLI should use: 1 for a bad file, 2 for bad or
            missing options.
    """


def first_line(err: BaseException) -> str:
    """``'TypeName: first line of the message'`` of an exception (for one-line reports)."""
    text = str(err).strip().splitlines()
    return f'{type(err).__name__}: {text[0]}' if text else type(err).__name__

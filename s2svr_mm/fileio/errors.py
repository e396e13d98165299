"""User errors: one base class whose message is one line, and the one way to print it.

A :class:`UserError` is a problem the user can fix -- a missing or malformed input, an unusable
output path, a bad option -- as opposed to a bug. Its message names the path or option and
fits on one line; :attr:`UserError.exit_code` is the exit status a command reports it with.
Commands print it with :func:`report_line` (``s2svr-restore: error: ...``) and no traceback.
"""


class UserError(Exception):
    """A problem the user can fix; its message is one line.

    Args:
        message (str): What is wrong, naming the path or option.
        exit_code (int): Exit status for a command: 1 for a bad file, 2 for bad or missing
            options. Default: 1.
    """

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class VideoIOError(UserError):
    """A missing, unreadable or malformed input, or an unusable output path."""


class DatasetError(UserError):
    """A missing or malformed input of a dataset tool."""


def report_line(prog: str, message, kind: str = 'error') -> str:
    """``'<prog>: <kind>: <message>'`` on one line (runs of white space become one space).

    Args:
        prog (str): The command's name, e.g. ``'s2svr-restore'``.
        message (object): The message, e.g. a :class:`UserError`.
        kind (str): 'error' or 'note'. Default: 'error'.

    Returns:
        str: The line, without a newline.
    """
    return f"{prog}: {kind}: {' '.join(str(message).split())}"


def reason(err: BaseException) -> str:
    """The message of an OS or FFmpeg error without its errno and path decorations."""
    return getattr(err, 'strerror', None) or str(err)

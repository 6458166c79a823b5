"""Limits on running given code: how long a check run, a given cell or a call may take (SIGALRM;
`_Timeout` is a BaseException, which checks do not catch), how deep a value is looked into, and a
context that keeps the code's output and warnings quiet."""

from __future__ import annotations

import contextlib
import io
import warnings

from autograder.in_kernel.runtime import time_limit

DEFAULT_TIME_LIMIT = 20.0  # seconds per check run
CELL_TIME_LIMIT = 120.0  # seconds per executed given cell
VALUE_CALL_LIMIT = 5.0  # seconds per call of a given function that takes no argument (for its locals)
MAX_VALUE_DEPTH = 3  # how deep a value is looked into (and perturbed)


class _Timeout(BaseException):
    """A run took longer than its limit (BaseException: checks catch Exception)."""


def _limit(seconds: float):
    """Raise `_Timeout` after `seconds` of the block (see `in_kernel.runtime.time_limit`)."""
    return time_limit(seconds, _Timeout)


@contextlib.contextmanager
def _quiet():
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        yield

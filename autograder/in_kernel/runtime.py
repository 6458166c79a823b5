"""Running one hidden check in this process: an instructor's own kernel, with no grader to talk to.

A grading kernel never gets here: `course` always gives it the grader's channel (`serve.run_check`), and
its sandbox holds no check code at all, so the grader decides every score (`autograder.judge`). This
path lets an instructor run a source notebook in their own Jupyter and see the hidden tests pass or
fail there. It still refuses to check against a NumPy/PyTorch whose functions were replaced (`guard`),
converts results itself and reports a student-facing message, like the grader.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import signal
import threading
import warnings
from pathlib import Path
from typing import Any

from autograder.in_kernel.serve import CheckFailure  # one class, kernel side and grader side

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the autograder package
DEFAULT_TIME_LIMIT = 45.0  # seconds per check; a check may set `fn.time_limit`


class _CheckTimeout(BaseException):
    pass


@contextlib.contextmanager
def time_limit(seconds: float, exception: type[BaseException] = _CheckTimeout):
    """Raise `exception` after `seconds` of the block (SIGALRM: the main thread only, and POSIX; elsewhere
    no limit is enforced). The grader's given-code analysis uses it too."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return

    def on_alarm(signum, frame):
        raise exception()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_check(ps: str, check: str, *args: Any, **kwargs: Any) -> None:
    """Run check `check` of problem set `ps` (`autograder/checks/<ps>/`) on student objects.

    Returns None on success (a returned number would be read by nbgrader as partial credit).
    Raises `CheckFailure` with a student-facing message on failure, including when the student's
    code raises, loops past the time limit, or writes warnings.
    """
    from autograder.in_kernel import guard

    guard.verify_libraries()
    module = importlib.import_module(f"autograder.checks.{ps}")
    fn = getattr(module, check, None)
    if not callable(fn) or check.startswith("_"):
        raise CheckFailure(f"the grader has no check named {check!r} for {ps}")
    limit = float(getattr(fn, "time_limit", DEFAULT_TIME_LIMIT))
    sink = io.StringIO()
    failure: str | None = None
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(sink), time_limit(limit):
            warnings.simplefilter("ignore")
            import numpy as np

            with np.errstate(all="ignore"):
                fn(*args, **kwargs)
    except CheckFailure as exc:
        failure = str(exc)
    except AssertionError as exc:
        failure = str(exc) or "a hidden test failed"
    except _CheckTimeout:
        failure = f"the check took longer than {limit:.0f} s: is there an endless loop or a very slow step?"
    except SystemExit:
        failure = "your code called sys.exit() or exit(); a graded function must return instead"
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # an error in the student's code that the check did not expect
        failure = f"your code raised {type(exc).__name__}: {exc}"
    if failure is not None:
        raise CheckFailure(failure) from None
    return None

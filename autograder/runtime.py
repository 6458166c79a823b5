"""Running one hidden check inside a student's kernel, defensively.

Threat model (see README, "Grader"): the check runs in the student's own process, after the
student's code. Student code could have rebound names in `autograder.*`, in NumPy or in PyTorch.
This module
- drops every `autograder.checks`/`autograder.checklib`/`autograder.oracles` module from
  `sys.modules` and imports them again from files inside this package's folder;
- verifies that the NumPy/PyTorch functions the checks use are the libraries' own (identity with a
  snapshot taken before any student code when the grader armed the kernel, see `guard`);
- converts the student's results to plain float arrays itself (`checklib.as_array`) and compares
  with arithmetic, never with the result's own `__eq__`.
It cannot make an in-process check tamper-proof; the tamper report of `course autograde` flags
student code that touches `autograder`, `importlib`, `builtins`, `sys.modules` or library attributes.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

from autograder.in_kernel.serve import CheckFailure  # one class, kernel side and grader side

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_TIME_LIMIT = 45.0  # seconds per check; a check may set `fn.time_limit`




class _CheckTimeout(BaseException):
    pass


def _fresh_module(name: str):
    """Import `autograder.<name>` anew from this package's folder and verify its origin."""
    package = sys.modules.get("autograder")
    # (the channel's modules stay: one Remote and one RemoteError class per process)
    kept = ("autograder.runtime", "autograder.judge", "autograder.in_kernel")
    for key in [k for k in sys.modules if k.startswith("autograder.") and not k.startswith(kept)]:
        del sys.modules[key]
        parent, _, child = key.rpartition(".")
        if parent == "autograder" and package is not None and child in vars(package):
            delattr(package, child)  # else `from autograder import x` would still give the old module
    module = importlib.import_module(f"autograder.{name}")
    origin = Path(getattr(module, "__file__", "") or "").resolve()
    if PACKAGE_DIR not in origin.parents:
        raise CheckFailure(f"the grader's module autograder.{name} was replaced; grading stopped")
    return module


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise `_CheckTimeout` after `seconds` (main thread only; elsewhere no limit is enforced)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return

    def on_alarm(signum, frame):
        raise _CheckTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_check(ps: str, check: str, *args: Any, **kwargs: Any) -> None:
    """Run check `check` of problem set `ps` (module `autograder/checks/<ps>.py`) on student objects.

    Returns None on success (a returned number would be read by nbgrader as partial credit).
    Raises `CheckFailure` with a student-facing message on failure, including when the student's
    code raises, loops past the time limit, or writes warnings.
    """
    guard = _fresh_module("guard")
    guard.verify_libraries()
    module = _fresh_module(f"checks.{ps}")
    fn = getattr(module, check, None)
    if not callable(fn) or check.startswith("_"):
        raise CheckFailure(f"the grader has no check named {check!r} for {ps}")
    limit = float(getattr(fn, "time_limit", DEFAULT_TIME_LIMIT))
    sink = io.StringIO()
    failure: str | None = None
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(sink), _time_limit(limit):
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

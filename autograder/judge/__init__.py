"""The grader's end of a hidden test: checks run here, against proxies of the student's objects.

`Judge` listens on a Unix socket in the kernel's sandbox folder. When a hidden line
`autograder.run_check("ps1", "softmax", softmax)` runs in the kernel, the kernel connects, names the
check and hands over its arguments: plain data by value (`in_kernel.wire`), everything else as a
reference that becomes a `Remote` here. The check function of `autograder/checks/<ps>.py` then runs
in this process, with its oracles and expected values; each time it calls the student's function
(`Remote.__call__`), reads an attribute or asks for evidence, a request goes to the kernel, which
computes and answers with plain data. The judge records a verdict per executing cell; after the
notebook ran, `apply_verdicts` writes each graded test cell's result from those verdicts alone
(`execute.CourseExecute`): whatever the kernel printed, displayed or swallowed cannot change a score.

The proxies and the helpers checks use with them (`Remote`, `Channel`, `fetch`, `call_ref`, ...) live
in `judge.remote` and are re-exported here.

Every problem set's checks run here: a grading kernel has no check code (its sandbox shows only
`autograder/in_kernel/`), so no score can come from the kernel.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import importlib
import io
import os
import socket
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.in_kernel import wire

# Re-exported: checks use judge.<name> for the proxies and their helpers.
from autograder.judge.remote import (
    CHANNEL_FAULTS,
    PLAIN_DUNDERS,
    Channel,
    ChannelClosed,
    CheckTimeout,
    Remote,
    RemoteCallable,
    RemoteError,
    attribute_ref,
    call_echo,
    call_ref,
    count_lines,
    fetch,
    is_remote,
    item_ref,
    library_call,
    plain_python_violation,
    release,
    remote_isinstance,
    type_name,
)

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "SOCKET_NAME",
    "LOOPBACK_STUDENT_ENV",
    "submission_student",
    "Verdict",
    "RuleMessage",
    "run_local",
    "Judge",
    "hidden_calls",
    "cell_failure",
    "loopback_check",
    "CHANNEL_FAULTS",
    "PLAIN_DUNDERS",
    "Channel",
    "ChannelClosed",
    "CheckTimeout",
    "Remote",
    "RemoteCallable",
    "RemoteError",
    "attribute_ref",
    "call_echo",
    "call_ref",
    "count_lines",
    "fetch",
    "is_remote",
    "item_ref",
    "library_call",
    "plain_python_violation",
    "release",
    "remote_isinstance",
    "type_name",
]

DEFAULT_TIME_LIMIT = 45.0  # seconds per check; a check may set `fn.time_limit`
SOCKET_NAME = "channel.sock"
LOOPBACK_STUDENT_ENV = "AUTOGRADER_LOOPBACK_STUDENT"  # the corpus's stand-in for nbgrader's student id
_SUBMISSION_STUDENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("student", default=None)


def submission_student() -> str | None:
    """The id of the student whose submission the running check grades (nbgrader's student id), or
    None when unknown (a check run outside `course autograde`). Grader-side: never from the kernel."""
    return _SUBMISSION_STUDENT.get()




# --- the judge ------------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What the grader decided for one `run_check` in one cell."""

    cell_index: int
    ps: str
    check: str
    passed: bool
    message: str = ""
    seconds: float = 0.0
    grader_fault: bool = False  # the check could not run through no fault of the student's
    rule_broken: bool = False  # the task was not done the way it asks: flagged for the instructor


class RuleMessage(str):
    """A failure message that states a broken rule (see `checklib.RuleBroken`)."""


def _check_function(ps: str, check: str) -> Callable | None:
    """The public check `check` of `autograder.checks.<ps>`, or None (no such problem set or check)."""
    if not ps.isidentifier() or check.startswith("_"):
        return None
    try:
        module = importlib.import_module(f"autograder.checks.{ps}")
    except ImportError:
        return None
    fn = getattr(module, check, None)
    return fn if callable(fn) else None


def run_local(ps: str, check: str, *args: Any, **kwargs: Any) -> str | None:
    """Run check `check` of `ps` here on `args` (local objects or `Remote`s); the failure message or None."""
    from autograder.checklib import GraderFault, RuleBroken
    from autograder.in_kernel import CheckFailure

    fn = _check_function(ps, check)
    if fn is None:
        return f"the grader has no check named {check!r} for {ps}"
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            import numpy as np

            with np.errstate(all="ignore"):
                fn(*args, **kwargs)
    except GraderFault:
        raise
    except RuleBroken as exc:
        return RuleMessage(str(exc))
    except CheckFailure as exc:
        return str(exc)
    except AssertionError as exc:
        return str(exc) or "a hidden test failed"
    except CheckTimeout:
        limit = float(getattr(fn, "time_limit", DEFAULT_TIME_LIMIT))
        return f"the check took longer than {limit:.0f} s: is there an endless loop or a very slow step?"
    except ChannelClosed:
        return "your kernel stopped answering during the test (interrupted, or it exited)"
    except RemoteError as exc:
        if exc.type_name == "SystemExit":
            return "your code called sys.exit() or exit(); a graded function must return instead"
        return f"your code raised {exc.type_name}: {exc.message}"
    except wire.WireError as exc:
        return f"your code's answer could not be read by the grader ({exc})"
    except Exception as exc:
        return f"your code raised {type(exc).__name__}: {exc}"
    return None


@dataclass
class Judge:
    """Listens for one kernel's hidden tests, runs them here, records a verdict per cell."""

    folder: Path | None
    student: str | None = None  # whose submission this kernel runs (for checks on personal numbers)
    cell_index: int = -1
    verdicts: list[Verdict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # protocol trouble (for the tamper report)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        if self.folder is None:  # no listening socket: `loopback_check` hands it a connection
            return
        self.path = self.folder / SOCKET_NAME
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(self.path))
        os.chmod(self.path, 0o666)  # the kernel's unprivileged uid connects to it
        self.server.listen(2)
        self._thread = threading.Thread(target=self._serve, name="judge", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.server.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        self.server.settimeout(0.5)
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._session(conn)

    def _session(self, conn: socket.socket) -> None:
        while not self._stop.is_set():
            conn.settimeout(0.5)
            try:
                header, blobs = wire.recv_message(conn)
            except TimeoutError:
                continue
            except (EOFError, OSError):
                return
            except wire.WireError as exc:
                self.problems.append(f"cell {self.cell_index + 1}: a malformed message ({exc})")
                return
            if header.get("op") != "check":
                op = str(header.get("op"))[:40]
                self.problems.append(f"cell {self.cell_index + 1}: an unexpected message {op!r}")
                return
            if not self._check(conn, header, blobs):
                return

    def _check(self, conn: socket.socket, header: dict, blobs: list[bytes]) -> bool:
        ps, check = str(header.get("ps", ""))[:40], str(header.get("check", ""))[:80]
        cell, started = self.cell_index, time.monotonic()
        channel = Channel(conn)
        try:
            request = channel.decode(header.get("value"), blobs)
            args, kwargs = list(request.get("args", [])), dict(request.get("kwargs", {}))
            if not all(isinstance(k, str) for k in kwargs):
                raise wire.WireError("keyword names must be strings")
        except (wire.WireError, AttributeError, TypeError) as exc:
            message = f"the hidden test's arguments could not be read ({exc})"
            self.verdicts.append(Verdict(cell, ps, check, passed=False, message=message))
            self.problems.append(f"cell {cell + 1}: {message}")
            return False
        limit = float(getattr(_check_function(ps, check), "time_limit", DEFAULT_TIME_LIMIT))
        channel.deadline = started + limit
        from autograder.checklib import GraderFault

        token = _SUBMISSION_STUDENT.set(self.student)
        fault = False
        try:
            message = run_local(ps, check, *args, **kwargs)
        except GraderFault as exc:
            fault, message = True, f"the grader could not run this test (not your fault): {exc}"
        finally:
            _SUBMISSION_STUDENT.reset(token)
        verdict = Verdict(cell, ps, check, passed=message is None, message=message or "",
                          seconds=time.monotonic() - started, grader_fault=fault,
                          rule_broken=isinstance(message, RuleMessage))
        self.verdicts.append(verdict)
        try:
            conn.settimeout(5)
            reply = {"op": "verdict", "passed": verdict.passed, "message": verdict.message}
            wire.send_message(conn, reply, [])
        except OSError:
            return False
        return True


# --- the score is the grader's ----------------------------------------------------------------------


def hidden_calls(source: str) -> list[tuple[str, str]]:
    """The (problem set, check) of every `run_check("ps", "check", ...)` in a cell's trusted source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        name = getattr(node, "func", None)
        name = getattr(name, "attr", getattr(name, "id", None))
        if (isinstance(node, ast.Call) and name == "run_check" and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])):
            calls.append((node.args[0].value, node.args[1].value))
    return calls


def cell_failure(index: int, source: str, verdicts: list[Verdict]) -> str | None:
    """Why the test cell `index` earns nothing by the grader's verdicts, or None when they all passed."""
    mine = [v for v in verdicts if v.cell_index == index]
    for ps, check in hidden_calls(source):
        found = next((v for v in mine if v.ps == ps and v.check == check), None)
        if found is None:
            return "the hidden test did not run (the cell stopped before it, or the test was bypassed)"
        mine.remove(found)
        if not found.passed:
            return found.message or "a hidden test failed"
    return None


def loopback_check(ps: str, check: str, *args: Any, **kwargs: Any) -> None:
    """Run a check through the real channel inside one process (tests): the kernel's side in this
    thread, the judge in another, over a socket pair. Raises `CheckFailure` like the hidden line."""
    from autograder.in_kernel import serve

    kernel_end, grader_end = socket.socketpair()
    judge = Judge(None, student=os.environ.get(LOOPBACK_STUDENT_ENV) or None)
    thread = threading.Thread(target=judge._session, args=(grader_end,), daemon=True)
    thread.start()
    try:
        verdict = serve.request_check(serve._Session(kernel_end), ps, check, args, kwargs)
    finally:
        kernel_end.close()
        judge._stop.set()
        thread.join(timeout=10)
        grader_end.close()
    return serve.finish(verdict)

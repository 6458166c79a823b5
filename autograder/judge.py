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

A problem set whose check module does not declare `JUDGED_BY_GRADER = True` is answered "legacy":
its checks still run in the kernel (`autograder.runtime`), as before this module existed.
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

DEFAULT_TIME_LIMIT = 45.0  # seconds per check; a check may set `fn.time_limit`
SOCKET_NAME = "channel.sock"
LOOPBACK_STUDENT_ENV = "AUTOGRADER_LOOPBACK_STUDENT"  # the corpus's stand-in for nbgrader's student id
_SUBMISSION_STUDENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("student", default=None)


def submission_student() -> str | None:
    """The id of the student whose submission the running check grades (nbgrader's student id), or
    None when unknown (a check run outside `course autograde`). Grader-side: never from the kernel."""
    return _SUBMISSION_STUDENT.get()


class RemoteError(Exception):
    """The student's code raised in the kernel: its exception's type name and message."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name
        self.message = message


class CheckTimeout(Exception):
    """The kernel did not answer before the check's time limit."""


class ChannelClosed(Exception):
    """The kernel went away (interrupted, died, or closed the channel)."""


# Trouble of the channel itself: never the student's function "raising" (checks must let these through)
CHANNEL_FAULTS: tuple[type[BaseException], ...] = (CheckTimeout, ChannelClosed, wire.WireError)


class Channel:
    """Requests to one kernel over one connection; decodes its answers into plain values and `Remote`s."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = float("inf")
        self.proxies: dict[int, Remote] = {}
        self.callbacks: dict[int, Callable] = {}
        self.mirrors: dict[int, Any] = {}  # kernel tensor reference -> the local tensor that mirrors it
        self.mirror_refs: dict[int, int] = {}  # id(local tensor) -> kernel reference

    # --- values ---------------------------------------------------------------------------------
    def encode(self, value: Any) -> tuple[Any, list[bytes]]:
        channel = self

        class _Encoder(wire.Encoder):
            def encode(self, v: Any, depth: int = 0) -> Any:
                ref = channel.mirror_refs.get(id(v))
                if ref is not None and channel.mirrors.get(ref) is v:
                    return {"T": self.blob(b""), "dtype": "float64", "shape": [0], "rg": False, "r": ref}
                return super().encode(v, depth)

        def keep(obj: Any) -> dict:
            if isinstance(obj, Remote):
                return {"r": object.__getattribute__(obj, "_ref")}
            if callable(obj):
                key = len(self.callbacks) + 1
                self.callbacks[key] = obj
                return {"cb": key}
            raise TypeError(f"the grader cannot send a {type(obj).__name__} to the kernel")

        enc = _Encoder(keep)
        return enc.encode(value), enc.blobs

    def decode(self, data: Any, blobs: list[bytes]) -> Any:
        def ref(d: dict) -> Remote:
            key = d["r"]
            if type(key) is not int:
                raise wire.WireError("bad reference")
            proxy = self.proxies.get(key)
            if proxy is None:
                kind = RemoteCallable if d.get("callable") is True else Remote
                proxy = kind(self, key, str(d.get("type", "?"))[:200], bool(d.get("callable")))
                self.proxies[key] = proxy
            return proxy

        def tensor(local: Any, d: dict) -> Any:
            key = d.get("r")
            if type(key) is not int:
                return local
            known = self.mirrors.get(key)
            if known is not None:  # the same kernel tensor: the same local object, its data refreshed
                import torch

                with torch.no_grad():
                    if known.shape == local.shape and known.dtype == local.dtype:
                        known.copy_(local)
                    else:  # the student swapped its data (p.data = ...): dtype or shape changed
                        known.data = local
                known.requires_grad_(bool(d.get("rg")) and known.dtype.is_floating_point)
                return known
            if d.get("param"):
                import torch

                local = torch.nn.Parameter(local.detach(), requires_grad=bool(d.get("rg")))
            self.mirrors[key] = local
            self.mirror_refs[id(local)] = key
            return local

        return wire.Decoder(blobs, ref, None, tensor).decode(data)

    # --- requests ---------------------------------------------------------------------------------
    def _recv(self) -> tuple[dict, list[bytes]]:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise CheckTimeout()
        self.sock.settimeout(min(remaining, 3600.0))
        try:
            return wire.recv_message(self.sock)
        except TimeoutError:
            raise CheckTimeout() from None
        except (EOFError, ConnectionError, OSError) as exc:
            if isinstance(exc, TimeoutError):
                raise CheckTimeout() from None
            raise ChannelClosed(str(exc)) from None

    def request(self, op: str, ref: int | None = None, value: Any = None, **header: Any) -> dict:
        """Send one request; serve the kernel's callbacks meanwhile; return the decoded reply."""
        head: dict[str, Any] = {"op": op, **header}
        blobs: list[bytes] = []
        if ref is not None:
            head["ref"] = ref
        if value is not None:
            head["value"], blobs = self.encode(value)
        try:
            wire.send_message(self.sock, head, blobs)
        except OSError as exc:
            raise ChannelClosed(str(exc)) from None
        while True:
            reply, rblobs = self._recv()
            if reply.get("op") == "callback":
                self._callback(reply, rblobs)
                continue
            if "err" in reply:
                err = reply["err"] if isinstance(reply["err"], dict) else {}
                raise RemoteError(str(err.get("type", "Exception"))[:100], str(err.get("message", ""))[:2000])
            if "ok" not in reply:
                raise wire.WireError("a reply without a result")
            out = self.decode(reply["ok"], rblobs)
            if not isinstance(out, dict):
                raise wire.WireError("a reply that is not a result")
            return out

    def _callback(self, reply: dict, blobs: list[bytes]) -> None:
        fn = self.callbacks.get(reply.get("cb"))
        request = self.decode(reply.get("value"), blobs) if "value" in reply else {}
        try:
            if fn is None:
                raise LookupError("unknown callback")
            result = fn(*request.get("args", []), **request.get("kwargs", {}))
            payload, out = self.encode(result)
            wire.send_message(self.sock, {"op": "result", "value": payload}, out)
        except (CheckTimeout, ChannelClosed, wire.WireError):
            raise
        except Exception as exc:
            wire.send_message(self.sock, {"op": "result", "err": f"{type(exc).__name__}: {exc}"}, [])


PLAIN_DUNDERS = ("__name__", "__qualname__", "__doc__")


class Remote:
    """A student's object that stays in the kernel: calls and reads become requests to it."""

    __slots__ = ("_channel", "_ref", "_type", "_callable")

    def __init__(self, channel: Channel, ref: int, type_name: str, is_callable: bool) -> None:
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_callable", is_callable)

    def _request(self, op: str, value: Any = None, **header: Any) -> dict:
        return object.__getattribute__(self, "_channel").request(
            op, object.__getattribute__(self, "_ref"), value, **header)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__") and name not in PLAIN_DUNDERS:
            raise AttributeError(name)  # NumPy and friends probe dunders: never ask the kernel
        try:
            return self._request("getattr", name=name)["value"]
        except RemoteError as exc:
            if exc.type_name == "AttributeError":  # so that hasattr() and getattr(obj, name, default) work
                raise AttributeError(exc.message) from None
            raise

    def __setattr__(self, name: str, value: Any) -> None:
        self._request("setattr", {"v": value}, name=name)

    def __getitem__(self, key: Any) -> Any:
        return self._request("getitem", {"key": key})["value"]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._request("setitem", {"key": key, "v": value})

    def __len__(self) -> int:
        try:
            n = self._request("len")["value"]
        except RemoteError as exc:
            if exc.type_name == "TypeError":  # no len() (a generator): list() then just iterates
                raise TypeError(exc.message) from None
            raise
        if type(n) is not int or n < 0:
            raise TypeError("len() of the student's object is not a non-negative int")
        return n

    def __iter__(self):
        items = self._request("iter", limit=100_000)["value"]
        if not isinstance(items, list):
            raise TypeError("the student's object did not iterate into a list")
        return iter(items)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<the student's {object.__getattribute__(self, '_type')}>"


class RemoteCallable(Remote):
    """A Remote of a callable object (a function, a class, a module): calling it runs it in the kernel."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._request("call", {"args": list(args), "kwargs": kwargs})["value"]


# --- what checks use on student objects (works on local objects too: the in-process stand-in) -------


def is_remote(obj: Any) -> bool:
    return isinstance(obj, Remote)


def type_name(obj: Any) -> str:
    """'module.QualName' of the student's object's class (as the kernel reports it, for a Remote)."""
    if isinstance(obj, Remote):
        return object.__getattribute__(obj, "_type")
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def call_echo(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """Call `fn`; return (result, the positional arguments as they are after the call)."""
    if isinstance(fn, Remote):
        out = fn._request("call", {"args": list(args), "kwargs": kwargs}, echo=True)
        after = out.get("args_after")
        if not isinstance(after, list) or len(after) != len(args):
            raise wire.WireError("the kernel did not return the arguments")
        return out["value"], after
    return fn(*args, **kwargs), list(args)


def attribute_ref(obj: Any, name: str) -> Any:
    """`obj.name` itself, not a copy: for a Remote, a reference to the kernel's object (so that
    `attribute_ref(net, "params")[k] = v` changes the student's dict). Locally, the attribute."""
    if isinstance(obj, Remote):
        return obj._request("getattr", name=name, as_ref=True)["value"]
    return getattr(obj, name)


def item_ref(obj: Any, key: Any) -> Any:
    """`obj[key]` itself, not a copy (see `attribute_ref`)."""
    if isinstance(obj, Remote):
        return obj._request("getitem_ref", {"key": key})["value"]
    return obj[key]


def fetch(obj: Any) -> Any:
    """The plain value of a reference whose object is plain data (a dict or list the kernel holds);
    anything else unchanged."""
    if isinstance(obj, Remote):
        return obj._request("value")["value"]
    return obj


def call_ref(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call `fn` and keep the result where it was computed: a Remote for a Remote `fn` (e.g. a model's
    output whose autograd graph must stay in the kernel); locally, the result itself."""
    if isinstance(fn, Remote):
        return fn._request("call", {"args": list(args), "kwargs": kwargs}, as_ref=True)["value"]
    return fn(*args, **kwargs)


def library_call(like: Any, dotted: str, *args: Any, as_ref: bool = False, **kwargs: Any) -> Any:
    """Call the library function or class `dotted` (under `torch.` or `numpy.`) where `like` lives:
    in the kernel if `like` is a Remote (so that it can take the kernel's objects: a model's parameters,
    a loss tensor), else here. `as_ref` keeps a kernel result in the kernel (a Remote)."""
    if isinstance(like, Remote):
        out = like._request("new", {"args": list(args), "kwargs": kwargs}, name=dotted, as_ref=as_ref)
        return out["value"]
    obj: Any = importlib.import_module(dotted.split(".")[0])
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj(*args, **kwargs)


def release(*objs: Any) -> None:
    """Let the kernel forget objects it holds for this check (large batches, graphs); Remotes only."""
    remotes = [o for o in objs if isinstance(o, Remote)]
    if remotes:
        refs = [object.__getattribute__(r, "_ref") for r in remotes]
        remotes[0]._request("release", {"ids": refs})


def remote_isinstance(obj: Any, dotted: str) -> bool:
    """`isinstance(obj, <class named dotted>)`, asked of the kernel for a Remote."""
    if isinstance(obj, Remote):
        return obj._request("isinstance", cls=dotted)["value"] is True
    module, _, name = dotted.rpartition(".")
    return isinstance(obj, getattr(importlib.import_module(module or "builtins"), name))


def plain_python_violation(fn: Any, name: str) -> str | None:
    """Evidence for "plain Python only" (see `in_kernel.evidence`), from the kernel for a Remote."""
    if isinstance(fn, Remote):
        out = fn._request("describe", {"name": name})["value"]
        return out if out is None or isinstance(out, str) else "the kernel's answer could not be read"
    from autograder.in_kernel import evidence

    return evidence.plain_python_violation(fn, name)


def count_lines(fn: Any, *args: Any, **kwargs: Any) -> tuple[int, Any]:
    """(Python line events executed, result) of a call (see `in_kernel.evidence`)."""
    if isinstance(fn, Remote):
        out = fn._request("count_lines", {"args": list(args), "kwargs": kwargs})
        lines = out.get("lines")
        if type(lines) is not int:
            raise wire.WireError("the kernel did not count lines")
        return lines, out["value"]
    from autograder.in_kernel import evidence

    return evidence.count_lines(fn, *args, **kwargs)


# --- the judge ------------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What the grader decided for one `run_check` in one cell."""

    cell_index: int
    ps: str
    check: str
    passed: bool
    message: str = ""
    legacy: bool = False  # the check ran in the kernel (a problem set not moved yet): no verdict here
    seconds: float = 0.0
    grader_fault: bool = False  # the check could not run through no fault of the student's
    rule_broken: bool = False  # the task was not done the way it asks: flagged for the instructor


class RuleMessage(str):
    """A failure message that states a broken rule (see `checklib.RuleBroken`)."""


def judged_by_grader(ps: str) -> bool:
    """Whether the checks of `ps` run in the grader (their module declares `JUDGED_BY_GRADER = True`)."""
    try:
        module = importlib.import_module(f"autograder.checks.{ps}")
    except ImportError:
        return False
    return getattr(module, "JUDGED_BY_GRADER", False) is True


def run_local(ps: str, check: str, *args: Any, **kwargs: Any) -> str | None:
    """Run check `check` of `ps` here on `args` (local objects or `Remote`s); the failure message or None."""
    from autograder.checklib import GraderFault, RuleBroken
    from autograder.runtime import CheckFailure

    module = importlib.import_module(f"autograder.checks.{ps}")
    fn = getattr(module, check, None)
    if not callable(fn) or check.startswith("_"):
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
        if not judged_by_grader(ps):
            self.verdicts.append(Verdict(cell, ps, check, passed=False, legacy=True))
            wire.send_message(conn, {"op": "verdict", "legacy": True}, [])
            return True
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
        module = importlib.import_module(f"autograder.checks.{ps}")
        limit = float(getattr(getattr(module, check, None), "time_limit", DEFAULT_TIME_LIMIT))
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
    """Why the test cell `index` earns nothing by the grader's verdicts, or None when they all passed.
    Legacy (in-kernel) checks are left to the cell's outputs."""
    mine = [v for v in verdicts if v.cell_index == index]
    for ps, check in hidden_calls(source):
        if not judged_by_grader(ps):
            continue
        found = next((v for v in mine if v.ps == ps and v.check == check and not v.legacy), None)
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
    return serve.finish(verdict, ps, check, args, kwargs)

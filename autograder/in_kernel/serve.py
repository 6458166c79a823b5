"""Kernel side of a hidden test: hand the student's objects to the grader and do what it asks.

`run_check(ps, check, *args)` (the hidden line) connects to the Unix socket the grader prepared for
this kernel (`$AUTOGRADER_CHANNEL`), asks for the check, then serves the grader's requests until the
grader sends its verdict:

- `call`: call an object it holds with the given arguments; with `echo`, also return the arguments
  afterwards (did the function modify them?);
- `getattr`, `setattr`, `getitem`, `setitem`, `len`, `iter`: that operation on an object it holds;
- `isinstance`: `isinstance(obj, <a torch/numpy/builtins class by name>)`;
- `describe`: evidence about a student function for "plain Python" rules (`evidence.py`);
- `count_lines`: a call under `sys.settrace`, counting the Python lines executed ("vectorised"?);
- `new`: call an allow-listed library callable (`torch.*`, `numpy.*`: build a module, an optimizer, a
  loss) with the given arguments; with `as_ref` (also for `call`), keep the result here and send a
  reference (a loss tensor whose graph must stay in the kernel);
- `data`: load a course dataset with `utils.data` and hold it (so MNIST never crosses);
- `value`: the held object itself, by value (plain data it has become since);
- `release`: forget held objects;
- `verdict`: the end: `run_check` returns None (pass) or raises `CheckFailure(message)`.

Values cross as plain data (`wire`); everything else stays here and crosses as a reference. Nothing
here decides a score: the grader computes and compares, and writes the cell's result itself. A kernel
that answers falsely can only make its own check fail or be flagged.
"""

from __future__ import annotations

import copy
import os
import socket
from typing import Any

from autograder.in_kernel import wire

CHANNEL_ENV = "AUTOGRADER_CHANNEL"
LOOPBACK_ENV = "AUTOGRADER_LOOPBACK"  # tests: run the check through the channel within this process
# Constructors the grader may ask the kernel to call (`new`): inputs the checks build for student code.
CONSTRUCTORS = ("torch.", "numpy.")


class CheckFailure(AssertionError):
    """A hidden test failed; the message is the grader's, for the student, without expected values."""


class _Session:
    """One connection to the grader: the objects it holds for the grader, by reference id."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.objects: dict[int, Any] = {}
        self.ids: dict[int, int] = {}  # id(obj) -> reference (the same object, the same reference)
        self.next_id = 1

    # --- values ----------------------------------------------------------------------------------
    def keep(self, obj: Any) -> dict:
        ref = self.ids.get(id(obj))
        if ref is None or self.objects.get(ref) is not obj:
            ref = self.next_id
            self.next_id += 1
            self.objects[ref] = obj
            self.ids[id(obj)] = ref
        kind = type(obj)
        return {
            "r": ref,
            "type": f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}",
            "callable": callable(obj),
        }

    def encode(self, value: Any) -> tuple[Any, list[bytes]]:
        enc = wire.Encoder(self.keep, tensor_refs=True)  # tensors: by value AND their identity
        return enc.encode(value), enc.blobs

    def decode(self, data: Any, blobs: list[bytes]) -> Any:
        def ref(d: dict) -> Any:
            if d.get("r") not in self.objects:
                raise wire.WireError("unknown reference")
            return self.objects[d["r"]]

        def tensor(local: Any, d: dict) -> Any:
            held = self.objects.get(d.get("r")) if d.get("r") else None
            return held if held is not None else local

        return wire.Decoder(blobs, ref, self.callback, tensor).decode(data)

    def callback(self, data: dict) -> Any:
        def call_grader(*args: Any, **kwargs: Any) -> Any:
            payload, blobs = self.encode({"args": list(args), "kwargs": kwargs})
            wire.send_message(self.sock, {"op": "callback", "cb": data["cb"], "value": payload}, blobs)
            return self.serve()

        return call_grader

    # --- the loop -------------------------------------------------------------------------------------
    def reply(self, value: Any = None, error: BaseException | None = None, **extra: Any) -> None:
        if error is not None:
            message = _text(error)
            wire.send_message(self.sock, {"err": {"type": type(error).__name__, "message": message}}, [])
            return
        payload, blobs = self.encode({"value": value, **extra})
        wire.send_message(self.sock, {"ok": payload}, blobs)

    def serve(self) -> Any:
        """Answer requests until a verdict (returned) or the result of a callback (returned)."""
        while True:
            header, blobs = wire.recv_message(self.sock)
            op = header.get("op")
            if op == "verdict":
                return header
            if op == "result":  # the grader's answer to a callback
                if "err" in header:
                    raise RuntimeError(str(header["err"]))
                return self.decode(header.get("value"), blobs)
            try:
                request = self.decode(header.get("value"), blobs) if "value" in header else {}
                self.handle(op, header, request)
            except KeyboardInterrupt:
                raise
            except wire.WireError:
                raise
            except BaseException as exc:
                self.reply(error=exc)

    def handle(self, op: str, header: dict, request: dict) -> None:
        """Answer one request: resolve its target reference, then run the handler `_HANDLERS` names."""
        target = self.objects.get(header.get("ref")) if "ref" in header else None
        if "ref" in header and header["ref"] not in self.objects:
            raise LookupError("unknown reference")
        handler = _HANDLERS.get(op) if type(op) is str else None
        if handler is None:
            raise ValueError(f"unknown request {op!r}")
        handler(self, target, header, request)

    def reply_ref(self, value: Any) -> None:
        """Keep `value` here and send the grader a reference to it (not its value)."""
        wire.send_message(self.sock, {"ok": {"d": [["value", self.keep(value)]]}}, [])

    # --- one handler per request (`op`), each given the target object, the header and the request ---
    def _op_call(self, target: Any, header: dict, request: dict) -> None:
        """Call the target; with `as_ref` keep the result here, with `echo` also send the args back."""
        args, kwargs = list(request.get("args", [])), dict(request.get("kwargs", {}))
        before = [copy.deepcopy(a) for a in args] if header.get("echo") else None
        result = target(*args, **kwargs)
        if header.get("as_ref"):  # the grader wants to keep it here (a tensor with its graph)
            self.reply_ref(result)
        elif before is not None:
            self.reply(result, args_after=args)
        else:
            self.reply(result)

    def _op_getattr(self, target: Any, header: dict, request: dict) -> None:
        """An attribute of the target, by value or (`as_ref`) by reference."""
        value = getattr(target, str(header["name"]))
        if header.get("as_ref"):  # the grader wants the object itself (a dict to update in place)
            self.reply_ref(value)
        else:
            self.reply(value)

    def _op_getitem_ref(self, target: Any, header: dict, request: dict) -> None:
        """An item of the target, by reference."""
        self.reply_ref(target[request.get("key")])

    def _op_setattr(self, target: Any, header: dict, request: dict) -> None:
        """Set an attribute of the target."""
        setattr(target, str(header["name"]), request.get("v"))
        self.reply(None)

    def _op_getitem(self, target: Any, header: dict, request: dict) -> None:
        """An item of the target, by value."""
        self.reply(target[request.get("key")])

    def _op_setitem(self, target: Any, header: dict, request: dict) -> None:
        """Set an item of the target."""
        target[request.get("key")] = request.get("v")
        self.reply(None)

    def _op_value(self, target: Any, header: dict, request: dict) -> None:
        """The target itself, by value."""
        self.reply(target)

    def _op_len(self, target: Any, header: dict, request: dict) -> None:
        """`len(target)`."""
        self.reply(len(target))

    def _op_iter(self, target: Any, header: dict, request: dict) -> None:
        """The target's items as a list (at most `limit` of them, else an error)."""
        limit = int(header.get("limit", 10_000))
        items = []
        for item in target:
            items.append(item)
            if len(items) > limit:
                raise ValueError(f"more than {limit} items")
        self.reply(items)

    def _op_isinstance(self, target: Any, header: dict, request: dict) -> None:
        """Whether the target is an instance of an allowed class named by the grader."""
        self.reply(isinstance(target, _class_named(str(header["cls"]))))

    def _op_describe(self, target: Any, header: dict, request: dict) -> None:
        """Evidence whether the target function breaks a "plain Python" rule (`evidence.py`)."""
        from autograder.in_kernel import evidence

        self.reply(evidence.plain_python_violation(target, str(request.get("name", "your function"))))

    def _op_count_lines(self, target: Any, header: dict, request: dict) -> None:
        """Call the target under a line counter; send its result and the Python lines executed."""
        from autograder.in_kernel import evidence

        args, kwargs = list(request.get("args", [])), dict(request.get("kwargs", {}))
        count, result = evidence.count_lines(target, *args, **kwargs)
        self.reply(result, lines=count)

    def _op_new(self, target: Any, header: dict, request: dict) -> None:
        """Call an allow-listed library constructor (`CONSTRUCTORS`); by value or (`as_ref`) reference."""
        name = str(header["name"])
        if not name.startswith(CONSTRUCTORS):
            raise PermissionError(f"{name} may not be built here")
        result = _attr_named(name)(*request.get("args", []), **request.get("kwargs", {}))
        if header.get("as_ref"):
            self.reply_ref(result)
        else:
            self.reply(result)

    def _op_data(self, target: Any, header: dict, request: dict) -> None:
        """Load a course dataset with `utils.data.load_*`."""
        import utils.data

        loader = getattr(utils.data, str(header["name"]))
        if not str(header["name"]).startswith("load_"):
            raise PermissionError("only utils.data.load_* may be called")
        self.reply(loader(*request.get("args", []), **request.get("kwargs", {})))

    def _op_release(self, target: Any, header: dict, request: dict) -> None:
        """Forget the held objects the grader lists."""
        for ref in request.get("ids", []):
            obj = self.objects.pop(ref, None)
            if obj is not None:
                self.ids.pop(id(obj), None)
        self.reply(None)


_HANDLERS = {
    "call": _Session._op_call,
    "getattr": _Session._op_getattr,
    "getitem_ref": _Session._op_getitem_ref,
    "setattr": _Session._op_setattr,
    "getitem": _Session._op_getitem,
    "setitem": _Session._op_setitem,
    "value": _Session._op_value,
    "len": _Session._op_len,
    "iter": _Session._op_iter,
    "isinstance": _Session._op_isinstance,
    "describe": _Session._op_describe,
    "count_lines": _Session._op_count_lines,
    "new": _Session._op_new,
    "data": _Session._op_data,
    "release": _Session._op_release,
}


def _text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = "(its message could not be read)"
    return text[:2000]


def _attr_named(dotted: str) -> Any:
    import importlib

    obj: Any = importlib.import_module(dotted.split(".")[0])
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _class_named(dotted: str) -> type:
    if "." not in dotted or dotted.startswith("builtins."):
        import builtins

        cls = getattr(builtins, dotted.removeprefix("builtins."))
    else:
        if not dotted.startswith((*CONSTRUCTORS, "collections.abc.", "numbers.")):
            raise PermissionError(f"{dotted} is not a class the grader may ask about")
        cls = _attr_named(dotted)
    if not isinstance(cls, type):
        raise TypeError(f"{dotted} is not a class")
    return cls


_session: _Session | None = None


def _connect(path: str) -> _Session:
    global _session
    if _session is None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(path)
        _session = _Session(sock)
    return _session


def run_check(ps: str, check: str, *args: Any, **kwargs: Any) -> None:
    """Hand `args` to the grader's check `check` of problem set `ps` and serve it until its verdict.

    Returns None when the check passed; raises `CheckFailure` with the grader's message when it did
    not. Outside a grading kernel (no channel), the check runs here, in process (`local_check`).
    """
    path = os.environ.get(CHANNEL_ENV)
    if os.environ.get(LOOPBACK_ENV) and not path:  # the grader's own tests: the channel, in process
        from autograder.judge import loopback_check

        return loopback_check(ps, check, *args, **kwargs)
    if not path:
        return local_check(ps, check, *args, **kwargs)
    global _session
    try:
        session = _connect(path)
    except OSError as exc:
        raise CheckFailure(f"the grader's channel could not be reached ({type(exc).__name__})") from None
    verdict = request_check(session, ps, check, args, kwargs)
    if verdict is None:
        _session = None
    return finish(verdict)


def request_check(session: _Session, ps: str, check: str, args: tuple, kwargs: dict) -> dict | None:
    """Ask for the check and serve the grader until its verdict (None if the channel broke)."""
    payload, blobs = session.encode({"args": list(args), "kwargs": kwargs})
    try:
        wire.send_message(session.sock, {"op": "check", "ps": ps, "check": check, "value": payload}, blobs)
        return session.serve()
    except (OSError, EOFError, wire.WireError):
        return None
    finally:
        session.objects.clear()
        session.ids.clear()


def finish(verdict: dict | None) -> None:
    """What the hidden line does with the grader's verdict: return, or raise its message."""
    if verdict is None:
        raise CheckFailure("the grader's channel failed; the hidden test did not run") from None
    if not verdict.get("passed"):
        raise CheckFailure(str(verdict.get("message") or "a hidden test failed")) from None
    return None


def local_check(ps: str, check: str, *args: Any, **kwargs: Any) -> None:
    """Run the check in this process (the instructor's own kernel, or a problem set not moved yet)."""
    from autograder.in_kernel import runtime

    return runtime.run_check(ps, check, *args, **kwargs)


__all__ = ["CheckFailure", "run_check", "local_check", "CHANNEL_ENV"]

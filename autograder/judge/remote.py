"""The grader's view of a kernel's objects: the `Channel` over one connection and the `Remote` proxies.

A check holds `Remote`s for the student's functions and objects; every call, attribute read or
evidence request on one becomes a request to the kernel (`in_kernel.serve`), answered with plain data
(`in_kernel.wire`). The helpers below (`fetch`, `call_ref`, `library_call`, ...) are what checks use
to work with proxies and local values alike.
"""

from __future__ import annotations

import importlib
import socket
import time
from collections.abc import Callable
from typing import Any

from autograder.in_kernel import wire


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

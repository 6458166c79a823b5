"""Reaching the student's objects from a check: calls, attributes and containers, local or in the kernel.

A check judged by the grader (`autograder.judge`) holds proxies of the student's functions and values;
these helpers do what a check needs on the kernel's side through the channel (build a random generator
there, read the global `np.random` state there, keep a result there, count the lines a call executes
there, swap a graded function for the grader's own in the student's namespace). Every helper also works
on local objects: the unit tests call the checks on the functions themselves. Exceptions of the
student's code are reported like `checklib.call`'s.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import Any

# `import autograder.judge`, not `from autograder import judge`: after `runtime._fresh_module` imports
# the grader's modules anew, the package's attribute may still be the old judge (whose Remote differs)
import autograder.judge as judge
from autograder.checklib import call, fail

__all__ = [
    "numpy_call", "kernel_rng", "random_state", "held", "call_kept", "call_echo", "count_lines",
    "plain_container", "fetch_attr", "stand_ins",
]


def numpy_call(anchor: Any, dotted: str, *args: Any, **kwargs: Any) -> Any:
    """`numpy.<...>(*args, **kwargs)` where the student's code runs: in the kernel when `anchor` (one
    of the student's objects) is a proxy (the channel's `new` request), here otherwise. A result that
    is plain data comes back by value; anything else (a generator, an object array) as a reference."""
    if judge.is_remote(anchor):
        return anchor._request("new", {"args": list(args), "kwargs": kwargs}, name=dotted)["value"]
    obj: Any = importlib.import_module("numpy")
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj(*args, **kwargs)


def kernel_rng(anchor: Any, seed: int) -> Any:
    """`np.random.default_rng(seed)` on the student's side (a generator cannot cross by value)."""
    return numpy_call(anchor, "numpy.random.default_rng", seed)


def random_state(anchor: Any) -> tuple:
    """The global `np.random` state on the student's side."""
    return numpy_call(anchor, "numpy.random.get_state")


def held(anchor: Any, value: Any) -> Any:
    """A one-element object array holding (the kernel's copy of) `value` on the student's side: its
    element is the very object the student's code receives (`call_kept`), and `judge.item_ref` on it
    gives references to the kernel's own objects, so that identities can be compared after a call."""
    holder = numpy_call(anchor, "numpy.empty", 1, dtype="object")
    holder[0] = value
    return holder


def call_kept(fn: Any, *args: Any, name: str) -> Any:
    """Call the student's `fn` on the elements of `held` arrays (other arguments by value), keeping
    its result on the student's side: returns a reference to it (`np.frompyfunc` applies `fn` to
    the elements and stores the result in an object array)."""
    if not callable(fn):
        fail(f"{name} is not a function")
    ufunc = numpy_call(fn, "numpy.frompyfunc", fn, len(args), 1)
    return judge.item_ref(call(ufunc, *args, name=name, check_unchanged=False), 0)


def call_echo(fn: Any, *args: Any, name: str, **kwargs: Any) -> tuple[Any, list[Any]]:
    """(result, the positional arguments as the call left them, on the kernel's side) of a call of
    the student's `fn` (`judge.call_echo`): what it did to the arguments, which a copy here could not
    show."""
    return call(lambda *a, **k: judge.call_echo(fn, *a, **k), *args, name=name,
                check_unchanged=False, **kwargs)


def count_lines(fn: Callable, *args: Any, name: str, **kwargs: Any) -> tuple[int, Any]:
    """(Python line events executed, result) of a call of the student's `fn`, counted under
    sys.settrace where it runs (in the kernel: `judge.count_lines`)."""
    return call(lambda *a, **k: judge.count_lines(fn, *a, **k), *args, name=name,
                check_unchanged=False, **kwargs)


def plain_container(value: Any) -> Any:
    """A student's dict, tuple or list of a subclass (an OrderedDict, a defaultdict, a namedtuple)
    arrives as a reference: its items by value, as the built-in container. Anything else unchanged."""
    if not judge.is_remote(value):
        return value
    if judge.remote_isinstance(value, "builtins.dict"):
        return {k: value[k] for k in list(value)}
    if judge.remote_isinstance(value, "builtins.tuple"):
        return tuple(value)
    if judge.remote_isinstance(value, "builtins.list"):
        return list(value)
    return value


def fetch_attr(obj: Any, attr: str) -> Any:
    """`obj.attr` by value (read where `obj` lives), or None when it is missing or cannot be read."""
    try:
        return judge.fetch(judge.attribute_ref(obj, attr))
    except Exception:  # no such attribute, or one that cannot be read
        return None


@contextlib.contextmanager
def stand_ins(fn: Any, **replacements: Callable[..., Any]) -> Iterator[None]:
    """Run `fn` with the other graded functions it calls by name replaced by the grader's correct ones,
    in the namespace `fn` was defined in (the kernel's, for a function there: the kernel calls the
    grader back). So a mistake in one graded function costs its own points only, not those of every
    function that calls it. Names the namespace does not define are left alone; a callable without a
    namespace of its own (not a plain function) runs as it is. Restored afterwards."""
    try:
        glb = judge.attribute_ref(fn, "__globals__")
    except (AttributeError, judge.RemoteError):
        glb = None
    if glb is not None and not (judge.is_remote(glb) or isinstance(glb, dict)):
        glb = None
    saved: dict[str, Any] = {}
    try:
        if glb is not None:
            for name, standin in replacements.items():
                try:
                    saved[name] = judge.item_ref(glb, name)
                except (KeyError, judge.RemoteError):
                    continue
                glb[name] = standin
        yield
    finally:
        for name, original in saved.items():
            try:
                glb[name] = original
            except judge.CHANNEL_FAULTS:
                break

"""Problem set 2's reading of student values: plain arrays only, tuples and gradient dicts of the
right form, arrays reachable in a cache, and the global `np.random` state left alone."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import numpy as np

import autograder.judge as judge
from autograder.checklib import as_array, as_float, fail, type_label
from autograder.student_objects import plain_container, random_state


def refuse_non_plain(value: Any, name: str, depth: int = 0) -> None:
    """Refuse anything but arrays, numbers, tensors and (nested) lists/tuples of them before NumPy
    converts it: an object posing as an endless sequence (``__len__`` and ``__getitem__`` returning
    itself) would make ``np.array`` build a 32-deep array and exhaust the memory."""
    if value is None or isinstance(value, np.ndarray | np.generic | int | float):
        return
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return
    if isinstance(value, list | tuple) and depth < 3:
        for item in value:
            refuse_non_plain(item, name, depth + 1)
        return
    fail(f"{name} must be a NumPy array (or numbers), not a {type_label(value)} object")


def as_plain_array(value: Any, name: str, shape: tuple[int, ...] | None = None, **kwargs: Any) -> np.ndarray:
    refuse_non_plain(value, name)
    return as_array(value, name, shape, **kwargs)


def as_plain_float(value: Any, name: str) -> float:
    refuse_non_plain(value, name)
    return as_float(value, name)


# --- helpers for results -------------------------------------------------------------------------


def tuple_of(result: Any, n: int, name: str, what: str) -> tuple:
    """The student's result as a tuple of `n` items (`what` names them in the failure message)."""
    result = plain_container(result)
    if not isinstance(result, tuple | list) or len(result) != n:
        fail(f"{name} must return a tuple {what}")
    return tuple(result)


def grads_dict(grads: Any, params: Mapping[str, np.ndarray], name: str) -> dict[str, tuple]:
    """{key: (float64 array, raw)} for a gradient dict keyed like params, with the params' shapes."""
    grads = plain_container(grads)
    if not isinstance(grads, Mapping):
        fail(f"{name} must return a dict of gradients keyed like params (W1, b1, ...)")
    missing = [k for k in params if k not in grads]
    if missing:
        fail(f"{name} returned no gradient for {', '.join(missing)}: every key of params needs one")
    extra = [str(k) for k in grads if k not in params]
    if extra:
        fail(f"{name} returned keys that params does not have: {', '.join(extra)}")
    out = {}
    for k in params:
        shape = tuple(np.shape(params[k]))
        refuse_non_plain(grads[k], f"{name}['{k}']")
        try:
            got_shape = tuple(np.shape(grads[k]))
        except Exception:  # a ragged or odd object: as_array names the problem
            got_shape = None
        if got_shape is not None and got_shape != shape:
            extra = " (sum dZ over the examples, axis 0)" if str(k).startswith("b") else ""
            fail(f"{name}['{k}'] has shape {got_shape}; it must have the shape of params['{k}'], "
                 f"{shape}{extra}")
        out[k] = (as_plain_array(grads[k], f"{name}['{k}']", shape), grads[k])
    return out


# Objects whose attributes are not the student's data (a module's namespace, a function's attributes).
_OPAQUE_TYPES = {"builtins.module", "builtins.function", "builtins.type", "builtins.method",
                 "builtins.builtin_function_or_method"}


def _attributes(obj: Any) -> dict:
    """`vars(obj)` of the student's object (read on the kernel's side for a proxy), {} if none."""
    if judge.is_remote(obj):
        if judge.type_name(obj) in _OPAQUE_TYPES:
            return {}
        try:
            found = judge.fetch(judge.attribute_ref(obj, "__dict__"))
        except judge.RemoteError:
            return {}
        return found if isinstance(found, dict) else {}
    if hasattr(obj, "__dict__") and not isinstance(obj, type) and not callable(obj):
        return dict(vars(obj))
    return {}


def arrays_in(obj: Any, depth: int = 0, seen: set[int] | None = None,
               path: tuple = ()) -> dict[tuple, np.ndarray]:
    """Copies of every NumPy array reachable in `obj` through dicts, lists, tuples and object
    attributes, by the path that reaches it (values that come from the kernel are copies: an array
    is known by where it sits, not by its identity)."""
    seen = set() if seen is None else seen
    if depth > 6 or id(obj) in seen:
        return {}
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return {path: obj.copy()}
    found: dict[tuple, np.ndarray] = {}
    if isinstance(obj, Mapping):
        items = list(obj.items())
    elif isinstance(obj, list | tuple):
        items = list(enumerate(obj))
    else:
        items = [(f".{k}", v) for k, v in _attributes(obj).items()]
    for key, item in items:
        found.update(arrays_in(item, depth + 1, seen, (*path, key)))
    return found


def same_values(a: Any, b: np.ndarray) -> bool:
    """Whether `a` is an array of `b`'s shape, dtype and values (NaN equal to NaN)."""
    if not isinstance(a, np.ndarray) or a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind in "fc":
        return bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))
    return bool(np.all(a == b))


def global_state_unchanged(anchor: Any, before: tuple, name: str) -> None:
    """Fail if the global `np.random` state on the student's side differs from `before`."""
    after = random_state(anchor)
    if before[0] != after[0] or not np.array_equal(before[1], after[1]) or before[2:] != after[2:]:
        fail(f"{name} changed the global np.random state: draw from the generator rng only")


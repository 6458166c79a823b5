"""Building blocks for hidden checks: calling student code safely, coercing and comparing results.

Every failure is a `CheckFailure` with a short message for the student: what is wrong (shape, dtype,
sign, a named typical mistake), never the expected value.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NoReturn

import numpy as np

from autograder.in_kernel import CheckFailure

__all__ = [
    "CheckFailure", "GraderFault", "RuleBroken", "fail", "fail_rule", "call", "as_array", "as_float",
    "tolerances", "assert_close", "is_close", "rng_for", "snapshot_args", "assert_unchanged", "type_label",
    "quick_mode",
]


class GraderFault(Exception):
    """The grader, not the student, is at fault (a course dataset is missing, an oracle broke): the
    submission is reported as a grading error (`status: error`) and nobody is scored."""


class RuleBroken(CheckFailure):
    """The function breaks a rule of the task (autograd in a by-hand function, torch in a NumPy-only
    one): it loses its points like any failure, and the grader flags the submission for the
    instructor (a `rule` finding in its report)."""


def fail_rule(message: str) -> NoReturn:
    """Fail the check because the task was not done the way it asks; `message` states the rule."""
    raise RuleBroken(message)


def fail(message: str) -> NoReturn:
    """Fail the check with a student-facing message."""
    raise CheckFailure(message)


def rng_for(seed: int) -> np.random.Generator:
    """The check's own random generator (independent of the student's global state)."""
    return np.random.default_rng(seed)


def snapshot_args(args: Sequence[Any]) -> list[Any]:
    """Deep copies of `args`, to detect later whether the student's function modified them."""
    return [copy.deepcopy(a) for a in args]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        if a_arr.shape != b_arr.shape or a_arr.dtype != b_arr.dtype:
            return False
        if a_arr.dtype.kind in "biufc":
            return bool(np.all((a_arr == b_arr) | (np.isnan(a_arr) & np.isnan(b_arr)))) \
                if a_arr.dtype.kind in "fc" else bool(np.all(a_arr == b_arr))
        return bool(np.all(a_arr == b_arr))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        import torch

        if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
            return a.shape == b.shape and bool(torch.equal(a.detach(), b.detach()))
    except ImportError:
        pass
    return a == b


def assert_unchanged(name: str, arg_names: Sequence[str], before: Sequence[Any],
                     after: Sequence[Any]) -> None:
    """Fail if any argument differs from its snapshot (graded functions must not modify inputs)."""
    for arg_name, a, b in zip(arg_names, before, after, strict=True):
        if not _same(a, b):
            fail(f"{name} modified its argument {arg_name}; work on a copy instead")


def call(fn: Callable[..., Any], *args: Any, name: str | None = None,
         arg_names: Sequence[str] | None = None, check_unchanged: bool = True, **kwargs: Any) -> Any:
    """Call student function `fn`, turning its exceptions into a readable failure.

    With `check_unchanged`, the positional arguments are compared with deep copies afterwards.
    """
    name = name or getattr(fn, "__name__", "your function")
    if not callable(fn):
        fail(f"{name} is not a function")
    # (imported here: the judge's package imports this module's users)
    from autograder.judge import CHANNEL_FAULTS as channel_faults
    from autograder.judge import RemoteError as remote_error
    from autograder.judge import call_echo
    before = snapshot_args(args) if check_unchanged else None
    after: Sequence[Any] = args
    try:
        if check_unchanged:
            result, after = call_echo(fn, *args, **kwargs)  # the arguments as the function left them
        else:
            result = fn(*args, **kwargs)
    except NotImplementedError:
        fail(f"{name} is not implemented yet (it raises NotImplementedError)")
    except (CheckFailure, *channel_faults):
        raise  # the channel's own trouble (time limit, a closed or garbled channel) is the judge's to report
    except SystemExit:
        fail(f"{name} called sys.exit(); a graded function must return its result")
    except remote_error as exc:  # the student's code raised in the kernel
        if exc.type_name == "NotImplementedError":
            fail(f"{name} is not implemented yet (it raises NotImplementedError)")
        if exc.type_name == "SystemExit":
            fail(f"{name} called sys.exit(); a graded function must return its result")
        fail(f"{name} raised {exc.type_name}: {exc.message}")
    except Exception as exc:
        fail(f"{name} raised {type(exc).__name__}: {exc}")
    if check_unchanged:
        names = list(arg_names) if arg_names else [f"#{i + 1}" for i in range(len(args))]
        assert_unchanged(name, names, before, after)
    return result


def _plain_numeric(value: Any, depth: int = 0) -> bool:
    """True for arrays, numbers and nested lists/tuples of them: nothing whose own code NumPy runs.

    `np.array` on an arbitrary object calls its `__len__`/`__getitem__`/`__array__`; an object whose
    `__getitem__` never stops would make it loop and eat memory, and a custom `__array__` could lie.
    """
    if type(value) is np.ndarray or type(value) in (int, float, bool) or isinstance(value, np.generic):
        return True  # exact built-in types: a subclass could override arithmetic or comparison
    if type(value) in (list, tuple) and depth < 32:
        return all(_plain_numeric(v, depth + 1) for v in value)
    return False


def as_array(value: Any, name: str, shape: tuple[int, ...] | None = None, *,
             allow_squeeze: bool = False, finite: bool = True) -> np.ndarray:
    """Coerce a student's result to a fresh float64 array, checking dtype, shape and finiteness.

    Accepts NumPy arrays (any real dtype), nested lists/tuples of numbers, Python/NumPy scalars and
    torch tensors. `allow_squeeze` accepts results whose shape equals `shape` once size-1 axes are
    dropped (e.g. (1,) for a float, or (N, 1) for (N,)).
    """
    try:
        import torch

        if isinstance(value, torch.Tensor):
            value = torch.Tensor.numpy(torch.Tensor.cpu(torch.Tensor.detach(value)))
    except ImportError:
        pass
    if value is None:
        fail(f"{name} is None: did you forget to return it?")
    if not _plain_numeric(value):
        fail(f"{name} must be a NumPy array, a number or a (nested) list of numbers; "
             f"got {type_label(value)}")
    try:
        arr = np.array(value)  # a base-class copy: subclasses and custom __eq__ are dropped
    except Exception:
        fail(f"{name} could not be read as a numeric array")
    if type(arr) is not np.ndarray or arr.dtype.kind not in "biuf":
        kind = "complex" if arr.dtype.kind == "c" else f"dtype {arr.dtype}"
        fail(f"{name} must hold real numbers; got an array of {kind} (ragged lists or objects?)")
    arr = arr.astype(np.float64)
    if shape is not None and tuple(arr.shape) != tuple(shape):
        squeezable = allow_squeeze and arr.size == int(np.prod(shape)) and (
            tuple(d for d in arr.shape if d != 1) == tuple(d for d in shape if d != 1))
        if not squeezable:
            fail(f"{name} has shape {tuple(arr.shape)}; it must have shape {tuple(shape)}")
        arr = arr.reshape(shape)
    if finite and not np.isfinite(arr).all():
        fail(f"{name} contains NaN or inf")
    return arr


def type_label(value: Any) -> str:
    """The class name of a student's value (of the kernel's object, for one that stayed there)."""
    try:
        from autograder.judge import Remote, type_name
    except ImportError:
        return type(value).__name__
    return type_name(value).rsplit(".", 1)[-1] if isinstance(value, Remote) else type(value).__name__


def as_float(value: Any, name: str) -> float:
    """Coerce a scalar result (Python number, 0-d or size-1 array, tensor) to a float."""
    arr = as_array(value, name)
    if arr.size != 1:
        fail(f"{name} must be a single number; got shape {tuple(arr.shape)}")
    return float(arr.reshape(()))


def quick_mode() -> bool:
    """Whether the grader runs in the course's quick mode (COURSE_MODE=quick: the in-process corpus, CI),
    where the headline checks train less; a real grading never sets it in the grader's process."""
    return os.environ.get("COURSE_MODE", "").strip().lower() == "quick"


def tolerances(*values: Any) -> tuple[float, float]:
    """(rtol, atol) scaled to the least precise float dtype among the student's raw results."""
    worst = np.float64
    for v in values:
        dtype = getattr(v, "dtype", None)
        if dtype is None:
            continue
        try:
            import torch

            if isinstance(dtype, torch.dtype):
                if dtype in (torch.float16, torch.bfloat16):
                    worst = np.float16
                elif dtype == torch.float32 and worst is np.float64:
                    worst = np.float32
                continue
        except ImportError:
            pass
        dt = np.dtype(dtype)
        if dt.kind == "f" and dt.itemsize < np.dtype(worst).itemsize:
            worst = dt.type
    if worst is np.float64:
        return 1e-6, 1e-8
    if worst is np.float32:
        return 2e-4, 1e-5
    return 1e-2, 1e-3


def is_close(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Elementwise |a − e| ≤ atol + rtol·|e| on plain float64 arrays of the same shape."""
    a = np.array(actual, dtype=np.float64)
    e = np.array(expected, dtype=np.float64)
    if a.shape != e.shape:
        return False
    return bool(np.all(np.abs(a - e) <= atol + rtol * np.abs(e)))


# Factors every check knows; a check adds its own (`factors={"the batch size": n}`).
COMMON_FACTORS = {"two": 2.0}


def _ratio_hint(actual: np.ndarray, expected: np.ndarray, name: str,
                factors: Mapping[str, float] | None = None) -> str | None:
    """Name a scaling mistake the maths explains, in words: `actual` = f × `expected` for f = −1, or
    f = ±k or ±1/k for a named factor k (two, the batch size, ...). Never the digits of a ratio: any
    other relation between the two gets no hint (a guessed number would otherwise learn the answer)."""
    mask = np.abs(expected) > 1e-8 * max(1.0, float(np.abs(expected).max(initial=0.0)))
    if mask.sum() < 1 or np.any(np.abs(actual[~mask]) > 1e-8 * max(1.0, float(np.abs(actual).max()))):
        return None  # where the truth is 0 the student's value must be 0 too, or it is no scaling
    ratios = actual[mask] / expected[mask]
    r = float(np.median(ratios))
    if not np.all(np.abs(ratios - r) <= 1e-6 * max(1.0, abs(r)) + 1e-9):
        return None
    sign = "has the wrong sign and " if r < 0 else ""
    if abs(r + 1) < 1e-6:
        return f"{name} has the wrong sign"
    named = {**COMMON_FACTORS, **(factors or {})}
    for label, k in named.items():
        k = abs(float(k))
        if k in (0.0, 1.0) or not np.isfinite(k):
            continue
        if abs(abs(r) - k) <= 1e-6 * k:
            return f"{name} {sign}is too large by a factor of {label}"
        if abs(abs(r) - 1 / k) <= 1e-6 / k:
            return f"{name} {sign}is too small by a factor of {label}"
    return None


def assert_close(actual: Any, expected: Any, name: str, *, rtol: float | None = None,
                 atol: float | None = None, raw: Any = None,
                 hints: Iterable[tuple[Any, str]] = (), ratio_hint: bool = True,
                 factors: Mapping[str, float] | None = None, context: str = "") -> None:
    """Fail unless `actual` (already a float64 array) matches `expected` within tolerance.

    `raw` is the student's original value, used to scale tolerances to its dtype. `hints` pairs
    wrong answers that a typical mistake produces with the message naming that mistake: if
    `actual` matches one, its message is given. Otherwise a sign flip or a scaling by a named factor
    (two, or the check's `factors`, e.g. {"the batch size": n}) is named in words, else a neutral
    message (with `context`, e.g. "for a batch of 1"). No message carries digits of a value.
    """
    a = np.array(actual, dtype=np.float64)
    e = np.array(expected, dtype=np.float64)
    if a.shape != e.shape:
        fail(f"{name} has shape {a.shape}; it must have shape {e.shape}")
    d_rtol, d_atol = tolerances(raw) if raw is not None else (1e-6, 1e-8)
    rtol = d_rtol if rtol is None else max(rtol, d_rtol)
    atol = d_atol if atol is None else max(atol, d_atol)
    if is_close(a, e, rtol, atol):
        return
    for wrong, message in hints:
        w = np.array(wrong, dtype=np.float64)
        if w.shape == a.shape and not is_close(w, e, rtol, atol) and is_close(a, w, rtol, atol):
            fail(message)
    if ratio_hint:
        hint = _ratio_hint(a, e, name, factors)
        if hint:
            fail(hint + (f" {context}" if context else ""))
    suffix = f" {context}" if context else ""
    fail(f"{name} does not match the correct values{suffix}")

"""The given values that may stand in for a graded value: what the given code computes (its variables and
the locals of its functions that take no argument), expanded into what they hold, and whether one is of
the graded value's kind."""

from __future__ import annotations

import sys
import types
from typing import Any

from autograder.given_code.candidates import _positional_range
from autograder.given_code.limits import MAX_VALUE_DEPTH, VALUE_CALL_LIMIT, _limit, _quiet, _Timeout
from autograder.given_code.model import Candidate
from autograder.given_code.notebook import Notebook


def _expand(value: Any, label: str, depth: int = 0, out: list | None = None) -> list[tuple[str, Any]]:
    """A value and what it holds: dict values, list items, a tensor's gradient, a module's parameters."""
    out = [] if out is None else out
    if depth > MAX_VALUE_DEPTH or isinstance(value, types.ModuleType | types.FunctionType | type):
        return out
    out.append((label, value))
    if isinstance(value, dict):
        for k, v in list(value.items())[:200]:
            _expand(v, f"{label}[{k!r}]", depth + 1, out)
    elif isinstance(value, list | tuple) and len(value) <= 200:
        for i, v in enumerate(value):
            _expand(v, f"{label}[{i}]", depth + 1, out)
    torch = sys.modules.get("torch")
    if torch is not None:
        if isinstance(value, torch.Tensor) and value.is_leaf and value.grad is not None:
            _expand(value.grad, f"{label}.grad", depth + 1, out)
        elif isinstance(value, torch.nn.Module):
            for name, p in value.named_parameters():
                _expand(p, f"{label}.{name}", depth + 1, out)
    return out


def given_values(nb: Notebook) -> list[Candidate]:
    """What the given code computes: the given namespace's variables (not the solutions' names) and the
    locals of the given functions that take no argument, captured when they return."""
    found: list[tuple[str, Any]] = []
    for name, value in nb.given.items():
        if not name.startswith("__") and name not in nb.solution_names:
            found += _expand(value, name)
    captured: list[tuple[str, Any]] = []

    def profile(frame, event, arg):
        if event == "return" and frame.f_code.co_filename in nb.given_files:
            for k, v in frame.f_locals.items():
                captured.append((f"{frame.f_code.co_name}.{k}", v))

    for name, obj in list(nb.given.items()):
        if not (isinstance(obj, types.FunctionType) and obj.__code__.co_filename in nb.given_files):
            continue
        r = _positional_range(obj)
        if r is None or r[0] > 0:
            continue
        previous = sys.getprofile()
        try:
            with _quiet(), _limit(VALUE_CALL_LIMIT):
                sys.setprofile(profile)
                try:
                    result = obj()
                finally:
                    sys.setprofile(previous)
            captured.append((f"{name}()", result))
        except (Exception, SystemExit, _Timeout):
            continue
    for label, value in captured:
        found += _expand(value, label)
    where = f"{nb.ps} notebook"
    return [Candidate(f"{where}: the value {label}", nb.ps, v) for label, v in found]


def _numeric(value: Any) -> Any:
    """A float array of a number, array, tensor or list of numbers; None for anything else."""
    import numpy as np

    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, bool) or value is None or isinstance(value, str | dict):
        return None
    if isinstance(value, int | float | np.number | np.ndarray | list | tuple):
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            return None
        return arr if arr.size <= 10_000 else None
    return None


def same_kind(candidate: Any, graded: Any) -> bool:
    """Could `candidate` be handed in for the graded value `graded`?"""
    if isinstance(graded, str):
        return isinstance(candidate, str)
    if isinstance(graded, dict):
        return isinstance(candidate, dict) and set(candidate) == set(graded)
    g = _numeric(graded)
    if g is not None:
        c = _numeric(candidate)
        return c is not None and c.size == g.size
    if isinstance(graded, list | tuple | set):
        return type(candidate) is type(graded) and len(candidate) == len(graded)
    return False


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    import numpy as np

    seen: set = set()
    out = []
    for c in cands:
        arr = _numeric(c.obj)
        finite = arr is not None and bool(np.all(np.isfinite(arr)))
        key = ("a", arr.shape, arr.tobytes()) if finite else ("o", id(c.obj))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out

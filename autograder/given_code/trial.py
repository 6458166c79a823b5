"""Trying given code against one graded argument: the check run with a candidate in the answer's place,
and for a class, each given method put into the reference class (only where the check grades what
that method computes: a deliberately wrong method must fail it)."""

from __future__ import annotations

import ast
import contextlib
import importlib
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.given_code.candidates import _given_classes, _given_functions, compatible, utils_candidates
from autograder.given_code.limits import MAX_VALUE_DEPTH, _limit, _quiet, _Timeout
from autograder.given_code.model import Analysis, Slot, Violation
from autograder.given_code.notebook import Notebook
from autograder.given_code.values import _dedupe, given_values, same_kind


def run_check(ps: str, check: str, args: list, kwargs: dict, limit: float) -> str | None:
    """None when the check passes; else why it failed ("timeout" for a run past its limit)."""
    from autograder import judge

    module = importlib.import_module(f"autograder.checks.{ps}")
    fn_limit = float(getattr(getattr(module, check, None), "time_limit", limit))
    seconds = min(limit, fn_limit)
    try:
        with _quiet(), _limit(seconds):
            message = judge.run_local(ps, check, *args, **kwargs)
        return None if message is None else (message or "failed")
    except _Timeout:
        return "timeout"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def slots(nb: Notebook) -> tuple[list[Slot], list[str]]:
    """The graded arguments of the notebook's hidden lines, with the reference's values."""
    out, notes = [], []
    for ps, check, arg_nodes, kw_nodes, label in nb.graded_calls:
        try:
            args = [eval(compile(ast.Expression(a), label, "eval"), nb.reference) for a in arg_nodes]
            kwargs = {k: eval(compile(ast.Expression(v), label, "eval"), nb.reference)
                      for k, v in kw_nodes}
        except Exception as exc:
            notes.append(f"{ps}.{check} ({label}): its arguments could not be evaluated "
                         f"({type(exc).__name__}: {exc})")
            continue
        positions: list[tuple[int | str, ast.expr]] = list(enumerate(arg_nodes)) + list(kw_nodes)
        for pos, node in positions:
            if isinstance(node, ast.Name) and node.id in nb.solution_names:
                out.append(Slot(ps, check, args, kwargs, pos, node.id))
    return out, notes


def _hybrid(cls: type, method: str, replacement: Any) -> type:
    return type(cls.__name__, (cls,), {method: replacement, "__module__": cls.__module__,
                                       "__qualname__": cls.__qualname__})


def _switched_off(*args, **kwargs):
    raise NotImplementedError("switched off")


def _perturb(value: Any, depth: int = 0) -> Any:
    """A wrong answer of the same form: numbers scaled and shifted, containers mapped."""
    import numpy as np

    torch = sys.modules.get("torch")
    if depth > MAX_VALUE_DEPTH or isinstance(value, bool):
        return value
    if isinstance(value, float | np.floating) or (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        return value * 1.5 + 0.1
    if isinstance(value, int | np.integer) or (isinstance(value, np.ndarray) and value.dtype.kind in "iu"):
        return value + 1
    if torch is not None and isinstance(value, torch.Tensor) and value.is_floating_point():
        return value * 1.5 + 0.1
    if isinstance(value, dict):
        return {k: _perturb(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple) and type(value) in (list, tuple):
        return type(value)(_perturb(v, depth + 1) for v in value)
    return value


def _perturb_state(obj: Any) -> None:
    """Make an object's numbers wrong in place: its attributes, dicts of arrays, a module's parameters."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.nn.Module):
        with torch.no_grad():
            for p in obj.parameters():
                if p.is_floating_point():
                    p.mul_(1.5).add_(0.1)
        return
    for name, value in list(getattr(obj, "__dict__", {}).items()):
        if isinstance(value, dict):
            for k in list(value):
                value[k] = _perturb(value[k])
        else:
            with contextlib.suppress(AttributeError, TypeError):
                setattr(obj, name, _perturb(value))


def _wrong_method(method: Any) -> Any:
    """The reference method, giving wrong numbers (for "does this check grade this method?"): its result
    perturbed, and the object's state too when it returns nothing (a constructor, an in-place update)."""

    def wrong(self, *args, **kwargs):
        out = method(self, *args, **kwargs)
        if out is None:
            _perturb_state(self)
        return _perturb(out)

    return wrong


class _Trial:
    """The given code (functions, classes, values) and how to try it against one graded argument."""

    def __init__(self, result: Analysis, only: set[str] | None, time_limit: float, root: Path,
                 notebooks: list[Notebook]) -> None:
        self.result = result
        self.only = only
        self.time_limit = time_limit
        util_fns, util_classes = utils_candidates(root)
        self.functions = util_fns + [c for nb in notebooks for c in _given_functions(nb)]
        self.classes = [(f"{c.__module__}.{c.__name__}", None, c) for c in util_classes]
        self.classes += [(label, nb.ps, c) for nb in notebooks for label, c in _given_classes(nb)]
        self.values = _dedupe([c for nb in notebooks for c in given_values(nb)])

    def takes_part(self, given_ps: str | None, check_ps: str) -> bool:
        """Whether given code of `given_ps` is tried against a check of `check_ps` (see `only`)."""
        return self.only is None or check_ps in self.only or given_ps in self.only

    def passes(self, slot: Slot, value: Any, label: str) -> bool:
        """Whether the slot's check passes with `value` as the graded argument (a timeout fails)."""
        args, kwargs = slot.with_value(value)
        self.result.runs += 1
        outcome = run_check(slot.ps, slot.check, args, kwargs, self.time_limit)
        if outcome == "timeout":
            self.result.notes.append(f"{label} against {slot.ps}.{slot.check}: stopped after its time limit "
                                     "(counted as failing)")
        return outcome is None

    def violation(self, label: str, given_ps: str | None, slot: Slot, name: str) -> None:
        """Record that given code `label` passes the slot's check."""
        self.result.violations.append(Violation(label, given_ps, slot.ps, slot.check, name))

    def try_slot(self, slot: Slot) -> None:
        """Try the given code that fits a graded argument: classes, functions or values, by its kind."""
        graded = slot.value
        off = None if not callable(graded) or isinstance(graded, type) else _switched_off
        if not isinstance(graded, type) and self.passes(slot, off, "check"):
            return  # the check does not use this argument (only to name what to fix first)
        if isinstance(graded, type):
            self.try_classes(slot, graded)
        elif callable(graded):
            self.try_candidates(slot, self.functions, compatible)
        else:
            self.try_candidates(slot, self.values, same_kind)

    def try_candidates(self, slot: Slot, candidates: list, fits: Callable[[Any, Any], bool]) -> None:
        """Try each given function or value that `fits` the graded one in its place."""
        for cand in candidates:
            if self.takes_part(cand.ps, slot.ps) and fits(cand.obj, slot.value):
                if self.passes(slot, cand.obj, cand.label):
                    self.violation(cand.label, cand.ps, slot, slot.name)

    def try_classes(self, slot: Slot, graded: type) -> None:
        """Try each method of each given class in place of the graded class's method of that name."""
        pool = [(lab, gps, cls) for lab, gps, cls in self.classes if self.takes_part(gps, slot.ps)]
        for label, gps, cls in pool:
            for method, impl in vars(cls).items():
                if self.is_graded_method(graded, method, impl):
                    self.try_method(slot, graded, method, impl, label, gps)

    @staticmethod
    def is_graded_method(graded: type, method: str, impl: Any) -> bool:
        """Whether a given class's attribute is a function the graded class also defines (dunder methods
        other than __init__ and __call__ left out)."""
        if not isinstance(impl, types.FunctionType) or method not in vars(graded):
            return False
        return not (method.startswith("__") and method not in ("__init__", "__call__"))

    def try_method(self, slot: Slot, graded: type, method: str, impl: Any, label: str,
                   given_ps: str | None) -> None:
        """Try one given method in the graded class, if the check grades what that method computes."""
        wrong = _wrong_method(vars(graded)[method])
        if self.passes(slot, _hybrid(graded, method, wrong), "check"):
            return  # the check does not grade what this method computes
        if self.passes(slot, _hybrid(graded, method, impl), f"{label}.{method}"):
            self.violation(f"{label}.{method}", given_ps, slot, f"{slot.name}.{method}")

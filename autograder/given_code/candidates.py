"""The given functions and classes that may stand in for a graded function or class: those of the
notebooks (private names included) and the public ones of `utils`, with their positional arity."""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from pathlib import Path
from typing import Any

from autograder.given_code.limits import VALUE_CALL_LIMIT, _limit, _quiet, _Timeout
from autograder.given_code.model import Candidate
from autograder.given_code.notebook import Notebook

UTILS_SKIPPED = {"download", "fetch", "seed_cache", "main"}  # network and file writes; no answers there


def _positional_range(fn: Any) -> tuple[int, float] | None:
    """(required, maximum) positional arguments of a callable (self excluded for bound methods)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    required, maximum = 0, 0.0
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            maximum += 1
            if p.default is p.empty:
                required += 1
        elif p.kind is p.VAR_POSITIONAL:
            maximum = float("inf")
        elif p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            return None  # cannot be called positionally
    return required, maximum


def _arity(fn: Any) -> int | None:
    r = _positional_range(fn)
    return None if r is None else int(r[1]) if r[1] != float("inf") else None


def compatible(candidate: Any, graded: Any) -> bool:
    """The candidate takes the graded function's number of positional parameters."""
    n = _arity(graded)
    r = _positional_range(candidate)
    if n is None or r is None:
        return False
    required, maximum = r
    return maximum == n or (maximum == float("inf") and required <= n)


def _given_functions(nb: Notebook) -> list[Candidate]:
    out = []
    for name, obj in nb.given.items():
        if isinstance(obj, types.FunctionType) and obj.__code__.co_filename in nb.given_files:
            where = nb.given_files[obj.__code__.co_filename]
            out.append(Candidate(f"{nb.ps} cell {where}: {name}", nb.ps, obj))
        elif isinstance(obj, type) and _defined_in(obj, nb.given_files):
            where = _class_cell(obj, nb.given_files)
            out += _bound_methods(obj, f"{nb.ps} cell {where}: {name}", nb.ps)
    return out


def _defined_in(cls: type, files: dict[str, str]) -> bool:
    return _class_cell(cls, files) is not None


def _class_cell(cls: type, files: dict[str, str]) -> str | None:
    for v in vars(cls).values():
        code = getattr(v, "__code__", None)
        if code is not None and code.co_filename in files:
            return files[code.co_filename]
    return None


def _bound_methods(cls: type, label: str, ps: str | None) -> list[Candidate]:
    """The methods of an instance of `cls`, when it can be built without arguments."""
    r = _positional_range(cls)
    if r is None or r[0] > 0:
        return []
    try:
        with _quiet(), _limit(VALUE_CALL_LIMIT):
            instance = cls()
    except (Exception, _Timeout):
        return []
    out = []
    for name, v in vars(cls).items():
        if isinstance(v, types.FunctionType) and not name.startswith("__"):
            out.append(Candidate(f"{label}().{name}", ps, getattr(instance, name)))
    return out


def _utils_modules(root: Path) -> list[types.ModuleType]:
    folder = root / "utils"
    if not (folder / "__init__.py").exists():
        return []
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    modules = []
    for path in sorted(folder.rglob("*.py")):  # subpackages too (utils.data is one)
        if path.stem == "__main__" or "__pycache__" in path.parts:
            continue  # importing a __main__ would run its command line
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            with _quiet():
                modules.append(importlib.import_module(name))
        except Exception as exc:  # never skipped in silence: its given code would go unchecked
            raise RuntimeError(f"given code: {name} cannot be imported "
                               f"({type(exc).__name__}: {exc})") from exc
    return modules


def utils_candidates(root: Path) -> tuple[list[Candidate], list[type]]:
    """Every public function of `utils` (functions, and methods of classes built without arguments),
    and its public classes."""
    functions: list[Candidate] = []
    classes: list[type] = []
    for module in _utils_modules(root):
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if isinstance(obj, types.FunctionType) and name not in UTILS_SKIPPED:
                functions.append(Candidate(f"{module.__name__}.{name}", None, obj))
            elif isinstance(obj, type):
                classes.append(obj)
                functions += _bound_methods(obj, f"{module.__name__}.{name}", None)
    return functions, classes


def _given_classes(nb: Notebook) -> list[tuple[str, type]]:
    return [(f"{nb.ps} cell {_class_cell(obj, nb.given_files)}: {name}", obj)
            for name, obj in nb.given.items() if isinstance(obj, type) and _defined_in(obj, nb.given_files)]

"""Evidence a grading kernel reports about student code, for rules the grader enforces.

The grader decides; these only observe (and a hostile kernel may lie, which can only hide a rule
violation that the grader's static reading of the notebook may still see).

- `plain_python_violation(fn, name)`: whether a function (or a function of the student's it uses)
  refers to NumPy, PyTorch and the like, read from its bytecode, globals, closure and defaults;
- `count_lines(fn, *args)`: the Python line events a call executes (`sys.settrace`), to tell a
  vectorised function from one that loops over examples.
"""

from __future__ import annotations

import dis
import sys
import types
from collections.abc import Callable
from typing import Any

FORBIDDEN_MODULES = {"numpy", "torch", "scipy", "jax", "pandas", "sklearn", "tensorflow", "autograd",
                     "sympy", "mpmath", "statistics", "cmath"}
FORBIDDEN_NAMES = {"__import__", "eval", "exec", "compile", "importlib"}


def _root_module(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return obj.__name__.split(".")[0]
    mod = getattr(obj, "__module__", None)
    if not isinstance(mod, str):
        mod = getattr(type(obj), "__module__", "") or ""
    return mod.split(".")[0]


def _code_names(code: types.CodeType) -> tuple[set[str], set[str]]:
    """Global names loaded and modules imported by `code` and every code object nested in it."""
    loads: set[str] = set()
    imports: set[str] = set()
    stack = [code]
    while stack:
        c = stack.pop()
        for ins in dis.get_instructions(c):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and isinstance(ins.argval, str):
                loads.add(ins.argval)
            elif ins.opname == "IMPORT_NAME" and isinstance(ins.argval, str):
                imports.add(ins.argval)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return loads, imports


def _forbidden(obj: Any) -> bool:
    root = _root_module(obj)
    if root in FORBIDDEN_MODULES:
        return True
    return type(obj).__module__.split(".")[0] in FORBIDDEN_MODULES


def plain_python_violation(fn: Any, name: str) -> str | None:
    """A message if `fn` (or a function of the student's that it uses) refers to NumPy, PyTorch, ...;
    None if it uses only built-in Python and math.

    Walks the functions `fn` reaches (globals, closures, defaults, methods of classes), each once."""
    if not callable(fn):
        return f"{name} is not a function"
    seen: set[int] = set()
    todo = [(fn, name)]
    while todo:
        f, where = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        message = _visit(f, where, name, todo)
        if message is not None:
            return message
    return None


def _visit(f: Any, where: str, name: str, todo: list[tuple[Any, str]]) -> str | None:
    """Check one reached object: a message if it breaks the rule; else queue the functions it uses."""
    if isinstance(f, types.MethodType):
        f = f.__func__
    if not isinstance(f, types.FunctionType):
        if _forbidden(f):
            return (f"{name} uses {_root_module(f)} (through {where}); section 3 allows only built-in "
                    "Python and math")
        return None
    loads, imports = _code_names(f.__code__)
    message = _import_violation(imports, name)
    if message is not None:
        return message
    message, related = _global_objects(f, loads, name)
    if message is not None:
        return message
    related += _captured_objects(f, where)
    return _follow(related, name, todo)


def _import_violation(imports, name: str) -> str | None:
    """A message if the function imports a forbidden library (or importlib)."""
    for mod in imports:
        if mod.split(".")[0] in FORBIDDEN_MODULES or mod.split(".")[0] == "importlib":
            return f"{name} imports {mod.split('.')[0]}; section 3 allows only built-in Python and math"
    return None


def _global_objects(f: types.FunctionType, loads, name: str) -> tuple[str | None, list[tuple[str, Any]]]:
    """The globals the function loads, labelled by name; or a message if it names a forbidden one."""
    related: list[tuple[str, Any]] = []
    glb = f.__globals__
    for g in loads:
        if g in FORBIDDEN_NAMES:
            return f"{name} uses {g}; section 3 allows only built-in Python and math", related
        if g in glb:
            related.append((g, glb[g]))
    return None, related


def _captured_objects(f: types.FunctionType, where: str) -> list[tuple[str, Any]]:
    """The objects a function carries with it: its closure variables and default arguments."""
    related: list[tuple[str, Any]] = []
    for cell in f.__closure__ or ():
        try:
            related.append((f"a variable of {where}", cell.cell_contents))
        except ValueError:
            continue
    for d in (f.__defaults__ or ()) + tuple((f.__kwdefaults__ or {}).values()):
        related.append((f"a default argument of {where}", d))
    return related


def _follow(related: list[tuple[str, Any]], name: str, todo: list[tuple[Any, str]]) -> str | None:
    """Queue the functions (and methods of the student's classes) among `related`; a message if one
    of them is a forbidden library's object."""
    for label, obj in related:
        if isinstance(obj, types.FunctionType | types.MethodType):
            todo.append((obj, label))
        elif isinstance(obj, type) and _root_module(obj) not in FORBIDDEN_MODULES:
            todo.extend((attr, label) for attr in vars(obj).values() if isinstance(attr, types.FunctionType))
        elif _forbidden(obj):
            lib = {"numpy": "NumPy", "torch": "PyTorch", "scipy": "SciPy"}.get(
                _root_module(obj), _root_module(obj))
            return f"{name} uses {lib} ({label}); section 3 allows only built-in Python and math"
    return None


def count_lines(fn: Callable, *args: Any, **kwargs: Any) -> tuple[int, Any]:
    """Call `fn` under sys.settrace; return (Python line events executed, result)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_trace(frame, event, arg):
        return local

    previous = sys.gettrace()
    sys.settrace(global_trace)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return count, result

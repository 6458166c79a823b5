"""Problem set 1's rule: derivatives by hand (plain Python or NumPy), no autograd, no numerical
differentiation. Read grader-side from what the kernel holds (code objects' names, the globals they refer
to), and seen in behaviour: finite differences cannot resolve the tiny exact partials of saturated units."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checklib import fail

RULE = ("sections 1–5 ask for the derivatives worked out by hand, in plain Python or NumPy: no automatic "
        "differentiation (PyTorch, JAX, autograd, ...) and no numerical differentiation (finite "
        "differences); this function scores no points until it follows that rule")
_AUTOGRAD_ROOTS = {"torch", "jax", "jaxlib", "autograd", "functorch", "tensorflow", "keras", "mxnet", "sympy",
                   "paddle", "mlx", "tinygrad"}
_NUMERICAL_NAMES = {"approx_fprime", "check_grad", "eval_numerical_gradient", "eval_numerical_gradient_array",
                    "check_gradients", "grad_check_sparse", "numerical_gradient", "approx_derivative",
                    "numdifftools"}
_NUMERICAL_MODULES = {"utils.gradcheck", "scipy.optimize", "scipy.differentiate", "scipy.misc",
                      "numdifftools"}
_LIB_LABEL = {"torch": "PyTorch", "jax": "JAX", "jaxlib": "JAX", "autograd": "autograd",
              "tensorflow": "TensorFlow"}


def _kernel_value(obj: Any, name: str) -> Any:
    """`obj.name` as a plain value (a string, a tuple of strings), or None."""
    from autograder import judge

    try:
        v = judge.attribute_ref(obj, name)
        return judge.fetch(v) if judge.is_remote(v) else v
    except (AttributeError, judge.RemoteError):
        return None


def _code_names(code: Any, budget: list[int]) -> set[str]:
    """Names a code object (and every code object nested in it) loads or imports."""
    from autograder import judge

    names: set[str] = set()
    todo = [code]
    while todo and budget[0] > 0:
        c = todo.pop()
        budget[0] -= 1
        got = _kernel_value(c, "co_names")
        if isinstance(got, list | tuple):
            names.update(n for n in got if isinstance(n, str))
        try:
            consts = judge.attribute_ref(c, "co_consts")
            for i in range(len(consts)):
                item = judge.item_ref(consts, i)
                if judge.type_name(item) == "builtins.code":
                    todo.append(item)
        except (AttributeError, TypeError, judge.RemoteError):
            continue
    return names


def _rule_violation(fn: Any, name: str) -> str | None:
    """A message if `fn` (or a function of the student's it uses) uses autograd or numerical
    differentiation; None otherwise. Works on a kernel function (Remote) and on a local one."""
    from autograder import judge

    budget = [200]  # code objects and globals looked at: bounded, whatever the student wrote
    seen: set[int] = set()
    todo = [(fn, name)]
    while todo and budget[0] > 0:
        f, where = todo.pop()
        if id(f) in seen or judge.type_name(f) != "builtins.function":
            continue
        seen.add(id(f))
        try:
            code = judge.attribute_ref(f, "__code__")
            glb = judge.attribute_ref(f, "__globals__")
        except (AttributeError, judge.RemoteError):
            continue
        names = _code_names(code, budget)
        message = _names_violation(names, name, where)
        for label, obj in [] if message else _related_objects(f, glb, names, where, budget):
            message = _object_violation(obj, label, name, where, todo)
            if message:
                break
        if message:
            return message
    return None


def _names_violation(names: set[str], name: str, where: str) -> str | None:
    """The rule broken by a name the code refers to (torch..., approx_fprime, ...), if any."""
    for n in names:
        root = n.split(".")[0]
        if root in _AUTOGRAD_ROOTS:
            return f"{name} uses {_LIB_LABEL.get(root, root)} (in {where}): {RULE}"
        if n in _NUMERICAL_NAMES:
            return f"{name} uses {n}, numerical differentiation (in {where}): {RULE}"
    return None


def _related_objects(f: Any, glb: Any, names: set[str], where: str,
                     budget: list[int]) -> list[tuple[str, Any]]:
    """(label, object) for the globals the code names and the function's default arguments."""
    from autograder import judge

    related: list[tuple[str, Any]] = []
    for n in sorted(names):
        budget[0] -= 1
        if budget[0] <= 0:
            break
        try:
            related.append((n, judge.item_ref(glb, n)))
        except (KeyError, TypeError, judge.RemoteError):
            continue
    defaults = _kernel_value(f, "__defaults__")
    if isinstance(defaults, list | tuple):
        related += [(f"a default argument of {where}", d) for d in defaults]
    return related


def _object_violation(obj: Any, label: str, name: str, where: str, todo: list) -> str | None:
    """The rule broken by a module or function the code uses, if any; the student's own functions are
    queued in `todo` to be looked at in turn."""
    from autograder import judge

    tn = judge.type_name(obj)
    if tn == "builtins.module":
        module = str(_kernel_value(obj, "__name__") or "")
    elif tn in ("builtins.function", "builtins.builtin_function_or_method", "functools.partial"):
        module = str(_kernel_value(obj, "__module__") or "")
    else:
        module = tn
    root = module.split(".")[0]
    if root in _AUTOGRAD_ROOTS:
        return f"{name} uses {_LIB_LABEL.get(root, root)} ({label}, in {where}): {RULE}"
    if tn != "builtins.module" and any(module == m or module.startswith(m + ".") for m in _NUMERICAL_MODULES):
        fname = _kernel_value(obj, "__name__")
        if fname in _NUMERICAL_NAMES:
            return f"{name} uses {fname}, numerical differentiation (in {where}): {RULE}"
    if tn == "builtins.function" and root not in ("numpy", "scipy", "math", "utils", "autograder"):
        todo.append((obj, label))
    return None


def assert_by_hand(fn: Any, name: str) -> None:
    """Fail (with `RULE`) if `fn` or a function of the student's it uses breaks the by-hand rule."""
    message = _rule_violation(fn, name)
    if message:
        fail(message)


def saturation_fail(name: str) -> None:
    """Fail: `name`'s derivatives miss the tiny exact partials of saturated units (as finite differences
    do)."""
    fail(f"{name} does not compute its derivatives analytically: for strongly saturated sigmoid units the "
         "exact partial derivatives are tiny but not zero, and yours miss them the way numerical "
         f"differentiation (finite differences) does: {RULE}")


def close_per_entry(got: np.ndarray, expected: np.ndarray) -> bool:
    """Entry by entry to a relative 1e-3 (float32 answers included), however tiny the entry."""
    return bool(np.all(np.abs(got - expected) <= 1e-3 * np.abs(expected) + 1e-300))

"""Problem set 2's rules and how its checks name mistakes: the NumPy-only rule (`library_violation`),
typical errors named from the student's exception (`call_named`), the grader's functions standing in for
graded ones a function calls (`with_stand_ins`), and "fix that one first" (`blame`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

import autograder.judge as judge
from autograder.checklib import CheckFailure, RuleBroken, call, fail, fail_rule
from autograder.student_objects import fetch_attr

# A student's exception whose text shows a typical mistake: (what the text contains, the hint).
ERROR_HINTS = {
    "transpose": (("matmul", "not aligned", "could not be broadcast together with shapes"),
                  "a matrix product has mismatched shapes: one factor needs its transpose (W.T "
                  "instead of W, or X.T instead of X); write down the shape of every factor"),
    "one_hot_index": (("arrays used as indices must be of integer", "indexing arrays could not be "
                       "broadcast", "only integers, slices"),
                      "one-hot values used as indices: index with the integer labels, one entry per "
                      "row (probs[np.arange(N), y]), not with one-hot rows"),
    "row_index": (("is out of bounds for axis 0",),
                  "an index is out of range for axis 0, the examples: indexing with the labels alone "
                  "(delta[y], probs[y]) picks whole rows, and one-hot values used as indices pick rows "
                  "0 and 1; pick one entry per example with [np.arange(N), y], the integer labels"),
    "overflow": (("OverflowError", "FloatingPointError", "overflow"),
                 "the softmax overflowed: exp of a large logit is too big; subtract each row's "
                 "maximum before exponentiating"),
}


def call_named(fn: Any, *args: Any, name: str, named: tuple[str, ...] = (), **kwargs: Any) -> Any:
    """`call`, adding the hint of a typical mistake when the student's exception shows one."""
    try:
        return call(fn, *args, name=name, **kwargs)
    except RuleBroken:
        raise
    except CheckFailure as exc:
        message = str(exc)
        if message.startswith(f"{name} raised "):
            for kind in named:
                needles, hint = ERROR_HINTS[kind]
                if any(n.lower() in message.lower() for n in needles):
                    fail(f"{message}. Likely cause: {hint}")
        raise


# Libraries a NumPy-only function must not use (autograd, deep learning, ready-made models).
_NOT_NUMPY = {"torch", "jax", "jaxlib", "autograd", "tensorflow", "keras", "sklearn", "scipy",
              "mxnet", "chainer", "cupy", "tinygrad", "micrograd", "paddle", "theano", "mlx"}
# Modules whose functions are not the student's (not followed into).
_LIBRARIES = {"numpy", "builtins", "math", "utils", "matplotlib", "autograder", "threadpoolctl", "tqdm",
              "functools", "itertools", "operator", "collections", "time", "random", "warnings"}
# The graded functions: each is judged by its own check, so another one's use of them is not followed.
_GRADED = {"one_hot", "minibatch_indices", "backprop", "train_moons", "init_mlp", "mlp_forward",
           "cross_entropy", "mlp_backward_single", "mlp_backward", "sgd_step", "train_mlp",
           "train_val_split"}
_LIB_NAMES = {"torch": "PyTorch", "jax": "JAX", "sklearn": "scikit-learn", "scipy": "SciPy",
              "tensorflow": "TensorFlow", "autograd": "autograd"}


def _library_of(obj: Any) -> str:
    """The top-level module an object comes from ('' if unknown), read where it lives."""
    kind = judge.type_name(obj)
    if kind == "builtins.module":
        mod = fetch_attr(obj, "__name__")
    else:
        mod = fetch_attr(obj, "__module__") if kind.startswith("builtins.") else kind
    return mod.split(".")[0] if isinstance(mod, str) else ""


def _code_names(code: Any, budget: list[int]) -> set[str]:
    """Names (globals, attributes, imports) used by a code object and the code nested in it."""
    names: set[str] = set()
    todo = [code]
    while todo and budget[0] > 0:
        c = todo.pop()
        budget[0] -= 1
        found = fetch_attr(c, "co_names")
        names.update(n for n in (found or ()) if isinstance(n, str))
        consts = fetch_attr(c, "co_consts") or ()
        todo.extend(k for k in consts if judge.type_name(k) == "builtins.code")
    return names


def library_violation(fn: Any, name: str) -> str | None:
    """The library a graded function (or a function of the student's it uses, through globals or
    closures) refers to, among those the NumPy-only rule forbids; None if it keeps to NumPy. Read
    from the function's code names and globals where it lives (in the kernel for a proxy)."""
    seen: set[int] = set()
    todo: list[Any] = [fn]
    budget = [400]
    while todo and budget[0] > 0:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        kind = judge.type_name(f)
        if kind == "builtins.method":
            f = judge.attribute_ref(f, "__func__")
            kind = judge.type_name(f)
        if kind != "builtins.function":
            continue
        code = judge.attribute_ref(f, "__code__")
        names = _code_names(code, budget)
        for n in names & _NOT_NUMPY:
            return n
        related: list[Any] = []
        glb = judge.attribute_ref(f, "__globals__")
        try:
            keys = {k for k in list(glb) if isinstance(k, str)}
        except Exception:
            keys = set()
        for n in sorted((names & keys) - _GRADED):
            budget[0] -= 1
            related.append(judge.item_ref(glb, n))
        closure = fetch_attr(f, "__closure__")
        for cell in closure or ():
            with contextlib.suppress(Exception):
                related.append(judge.attribute_ref(cell, "cell_contents"))
        for obj in related:
            if not judge.is_remote(obj) and isinstance(obj, int | float | str | bytes | type(None)):
                continue
            lib = _library_of(obj)
            if lib in _NOT_NUMPY:
                return lib
            if judge.type_name(obj) in ("builtins.function", "builtins.method") and lib not in _LIBRARIES:
                todo.append(obj)
    return None


def numpy_only(*fns: tuple[Any, str]) -> None:
    """The rule of problem set 2: the graded functions use NumPy only (fail_rule otherwise)."""
    for fn, name in fns:
        if not callable(fn):
            continue
        lib = library_violation(fn, name)
        if lib:
            fail_rule(f"{name} uses {_LIB_NAMES.get(lib, lib)} ({lib}): problem set 2 is NumPy only — no "
                      "PyTorch, no autograd library, no scikit-learn or SciPy in the graded functions, "
                      "so this function earns no points")


@contextlib.contextmanager
def with_stand_ins(fn: Any, replacements: Mapping[str, Callable]):
    """While the block runs, the names in `replacements` of the student's namespace (the globals of
    `fn`) are the grader's correct versions: a function that calls another graded function is judged
    on its own work. Restored afterwards."""
    saved: dict[str, Any] = {}
    glb = None
    with contextlib.suppress(Exception):
        if judge.type_name(fn) == "builtins.function":
            glb = judge.attribute_ref(fn, "__globals__")
    try:
        if glb is not None:
            keys = set(list(glb))
            for key, local in replacements.items():
                if key in keys:
                    saved[key] = judge.item_ref(glb, key)
                    glb[key] = local
        yield
    finally:
        for key, original in saved.items():
            glb[key] = original


def blame(exc: CheckFailure, name: str, deps: list[tuple[str, Callable[[], None]]]) -> None:
    """`name`'s check failed: if a graded function it calls fails its own check, say to fix that one
    first (one mistake, one message about its cause); else re-raise the original failure."""
    for dep, check in deps:
        try:
            check()
        except RuleBroken:
            raise
        except CheckFailure:
            fail(f"{name} does not pass, and it calls {dep}, which is wrong (see the test of {dep}): "
                 f"fix {dep} first")
    raise exc


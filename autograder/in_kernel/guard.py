"""Verifying that library functions the checks rely on were not replaced by student code.

`snapshot()` runs in the grading kernel before any student code (the grader arms kernels through an
IPython startup file, see `autograder.in_kernel.arm`); `verify_libraries()` then compares identities.
Without a snapshot (tests calling checks directly, or a kernel not armed) it falls back to checking that each
function is defined by NumPy/PyTorch itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Attributes the checks use for conversion and comparison.
NUMPY_NAMES = (
    "asarray", "array", "asanyarray", "abs", "absolute", "max", "min", "all", "any", "isfinite",
    "isclose", "allclose", "array_equal", "sum", "mean", "argmax", "where", "errstate", "float64",
    "ndarray", "issubdtype", "number", "linalg.norm", "testing.assert_allclose",
)
TORCH_NAMES = ("tensor", "as_tensor", "from_numpy", "allclose", "Tensor", "autograd.grad", "no_grad")

_SNAPSHOT_KEY = "_autograder_library_snapshot"


def _lookup(root, dotted: str):
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _libraries() -> dict[str, tuple[object, tuple[str, ...]]]:
    libs = {}
    np = sys.modules.get("numpy")
    if np is not None:
        libs["numpy"] = (np, NUMPY_NAMES)
    torch = sys.modules.get("torch")
    if torch is not None:
        libs["torch"] = (torch, TORCH_NAMES)
    return libs


def snapshot() -> None:
    """Record the identity of every checked attribute. Call before any student code runs."""
    import numpy  # noqa: F401  (import so that it is in the snapshot)

    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    record = {}
    for libname, (lib, names) in _libraries().items():
        for name in names:
            record[f"{libname}.{name}"] = _lookup(lib, name)
    # Kept on `sys`, not on an autograder module, because run_check re-imports those.
    setattr(sys, _SNAPSHOT_KEY, record)


def _defined_by_library(obj: object, libname: str) -> bool:
    module = getattr(obj, "__module__", None) or ""
    if not module.split(".")[0] == libname:
        return False
    code = getattr(obj, "__code__", None)
    if code is None:  # builtins, ufuncs, classes, dispatchers
        return True
    lib = sys.modules[libname]
    lib_dir = Path(lib.__file__).resolve().parent
    return lib_dir in Path(code.co_filename).resolve().parents


def verify_libraries() -> None:
    """Raise `CheckFailure` if a checked NumPy/PyTorch attribute was replaced."""
    from autograder.in_kernel.serve import CheckFailure

    record = getattr(sys, _SNAPSHOT_KEY, None)
    for libname, (lib, names) in _libraries().items():
        for name in names:
            try:
                current = _lookup(lib, name)
            except AttributeError:
                raise CheckFailure(f"{libname}.{name} was deleted; grading stopped") from None
            key = f"{libname}.{name}"
            if record is not None and key in record:
                ok = current is record[key]
            else:
                ok = _defined_by_library(current, libname)
            if not ok:
                raise CheckFailure(
                    f"{libname}.{name} was replaced by other code; hidden tests do not run on a "
                    "modified library"
                )

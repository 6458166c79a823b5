"""Arming a grading kernel before any student code runs: the IPython startup file calls `arm()`.

- `guard.snapshot()` records the NumPy/PyTorch functions the checks rely on;
- `arm()` keeps references to the genuine `autograder` package and its kernel side (`autograder.in_kernel`),
  the built-ins, the top-level NumPy/PyTorch namespaces, `importlib.import_module` and `sys.meta_path`;
- an IPython `pre_run_cell` hook then, before every cell (so before every hidden test), puts back
  whatever student code replaced, and logs what it had to put back to the file named by
  `AUTOGRADER_RUNTIME_LOG` (the grader adds those lines to the tamper report).

This is defence in depth for the tamper report, not what keeps a score honest: the checks and the
verdicts are in the grader (`autograder.judge`), whatever this process does.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

LOG_ENV = "AUTOGRADER_RUNTIME_LOG"

# Built-ins IPython manages itself (they change between cells legitimately).
_IPYTHON_BUILTINS = {
    "exit",
    "quit",
    "get_ipython",
    "display",
    "__IPYTHON__",
    "_",
    "__",
    "___",
    "__debug__",
    "copyright",
    "credits",
    "license",
    "help",
    "dreload",
    "input",
    "raw_input",
    "getpass",
}


class _Keeper:
    """What `arm()` remembers, and the hook that puts it back before each cell."""

    def __init__(self) -> None:
        import builtins
        import importlib

        import autograder
        import autograder.in_kernel
        import autograder.in_kernel.guard
        import autograder.in_kernel.serve as serve

        self.cell = 0
        self.log_path = os.environ.get(LOG_ENV) or None
        self.logged: set[str] = set()
        kernel_side = ("autograder", "autograder.in_kernel", "autograder.in_kernel.serve")
        self.modules = {name: sys.modules[name] for name in kernel_side}
        import types

        # the package's own names (run_check, CheckFailure); its submodules come and go legitimately
        package = {k: v for k, v in vars(autograder).items() if not isinstance(v, types.ModuleType)}
        self.namespaces = {
            "autograder": (autograder, package),
            # its functions, classes and constants; not its state (the open channel, `_session`)
            "autograder.in_kernel.serve": (serve, {k: v for k, v in vars(serve).items()
                                                   if isinstance(v, types.FunctionType | type)
                                                   or k.isupper()}),
            "builtins": (builtins, {k: v for k, v in vars(builtins).items() if k not in _IPYTHON_BUILTINS}),
            "importlib": (importlib, {"import_module": importlib.import_module, "reload": importlib.reload}),
        }
        for libname in (
            "numpy",
            "numpy.linalg",
            "numpy.testing",
            "torch",
            "torch.nn.functional",
            "torch.autograd",
            "torch.testing",
        ):
            lib = sys.modules.get(libname)
            if lib is not None:
                self.namespaces[libname] = (lib, dict(vars(lib)))
                self.modules[libname] = lib
        # Names the guard verifies are left replaced: every hidden test then fails with the guard's
        # clear message ("numpy.allclose was replaced ..."), as it does when checks run in process.
        self.guarded = {_split(f"numpy.{n}") for n in autograder.in_kernel.guard.NUMPY_NAMES}
        self.guarded |= {_split(f"torch.{n}") for n in autograder.in_kernel.guard.TORCH_NAMES}
        self.meta_path = list(sys.meta_path)

    def _log(self, what: str) -> None:
        if what in self.logged:
            return
        self.logged.add(what)
        if self.log_path:
            try:
                with open(self.log_path, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"cell": self.cell, "restored": what}) + "\n")
            except OSError:
                pass

    def restore(self, *args) -> None:
        self.cell += 1
        for name, module in self.modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
                self._log(f"sys.modules[{name!r}]")
        for label, (obj, saved) in self.namespaces.items():
            current = vars(obj)
            library = label.split(".")[0] in ("numpy", "torch")
            for key, value in saved.items():
                now = current.get(key, _MISSING)
                if now is not value:
                    if library and now is not _MISSING and _owned_by(now, label.split(".")[0]):
                        saved[key] = now  # the library rebinding its own name (torch._dynamo does)
                        continue
                    if (label, key) in self.guarded:
                        self._log(f"{label}.{key} (left replaced: the hidden tests refuse to run)")
                        continue
                    try:
                        setattr(obj, key, value)
                    except (AttributeError, TypeError):
                        continue
                    self._log(f"{label}.{key}")
        missing = [f for f in self.meta_path if f not in sys.meta_path]
        extra = [f for f in sys.meta_path if f not in self.meta_path]
        from_libraries = [f for f in extra if _is_library_finder(f)]
        if missing or len(from_libraries) < len(extra):
            sys.meta_path[:] = self.meta_path + from_libraries
            self._log("sys.meta_path")
        self.meta_path.extend(from_libraries)


_MISSING = object()


def _owned_by(obj: object, libname: str) -> bool:
    """Whether `obj` is defined inside the library `libname` (not by code in the notebook)."""
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "") or ""
    if module.split(".")[0] != libname:
        return False
    code = getattr(obj, "__code__", None)
    if code is None:
        return True
    lib = sys.modules.get(libname)
    if lib is None or not getattr(lib, "__file__", None):
        return False
    return Path(lib.__file__).resolve().parent in Path(code.co_filename).resolve().parents


def _split(dotted: str) -> tuple[str, str]:
    """ "numpy.linalg.norm" -> ("numpy.linalg", "norm")."""
    module, _, name = dotted.rpartition(".")
    return module, name


def _is_library_finder(finder: object) -> bool:
    """Import finders a library installed lazily (kept) versus ones defined by student code (dropped)."""
    module = sys.modules.get(getattr(type(finder), "__module__", "") or "")
    path = getattr(module, "__file__", None)
    if not path:
        return False
    where = Path(path).resolve()
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    return any(root in where.parents for root in roots)


def arm() -> None:
    """Arm this kernel (call from an IPython startup file, before any student code)."""
    from autograder.in_kernel import guard

    guard.snapshot()
    keeper = _Keeper()
    try:
        ip = get_ipython()
    except NameError:
        return
    ip.events.register("pre_run_cell", keeper.restore)
    # Kept where student code is unlikely to look, so that the hook's owner stays alive.
    sys._autograder_keeper = keeper

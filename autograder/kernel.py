"""Kernels the grader starts: their environment, and "arming" them before any student code runs.

`kernel_env(...)` gives the environment of a grading or validation kernel: `COURSE_MODE`,
`MPLBACKEND=Agg`, one BLAS/OpenMP thread when several kernels run at once, `PYTHONPATH` with the course
root first, and `IPYTHONDIR` pointing at a folder whose IPython startup file calls `arm()`.

`arm()` runs inside the kernel before the first cell:
- `autograder.guard.snapshot()` records the NumPy/PyTorch functions the hidden checks rely on;
- it keeps references to the genuine `autograder` package, `autograder.runtime`, the built-ins, the
  top-level NumPy/PyTorch namespaces, `importlib.import_module` and `sys.meta_path`;
- it registers an IPython `pre_run_cell` hook that, before every cell (so before every hidden test),
  puts back whatever student code replaced, and logs what it had to put back to the file named by
  `AUTOGRADER_RUNTIME_LOG` (the grader adds those lines to the tamper report).

Arming imports PyTorch even where the notebook itself uses only NumPy (1–3 s of the kernel's start): every
notebook's setup cell imports it anyway (`utils.seed_everything`), and so do every problem set's checks
(PyTorch is their oracle); importing it before any student code is what makes its snapshot genuine.
The profile's `ipython_kernel_config.py` (`KERNEL_CONFIG`) starts the kernel without the debugger and the
history file.

This is defence in depth, not a sandbox: code in the same process can always dig deeper (see the
threat model in docs/grading.md); the static tamper scan flags the ways to do that.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

STARTUP = """\
# Written by `course` (autograder.kernel): arm the grading kernel before any student code runs.
def _autograder_arm():
    import autograder.kernel
    autograder.kernel.arm()
_autograder_arm()
del _autograder_arm
"""
# Read by ipykernel before the kernel object exists. A grading kernel needs neither the debugger (ipykernel
# imports debugpy for it at every start: 0.1 s of CPU, 0.3-0.5 s on a loaded machine) nor a history
# database (IPython's sqlite file and its writer thread; In/Out stay in memory).
KERNEL_CONFIG = """\
# Written by `course` (autograder.kernel): no debugger, no history file in a grading kernel.
import sys
sys.modules.setdefault("debugpy", None)  # ipykernel then starts without its debugger
c = get_config()  # noqa: F821
c.HistoryManager.enabled = False
"""

LOG_ENV = "AUTOGRADER_RUNTIME_LOG"
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
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


def make_ipython_dir(parent: str | Path | None = None, *, folder: Path | None = None) -> Path:
    """A fresh IPYTHONDIR (`folder`, or a new one in `parent`) whose default profile arms the kernel at
    start-up (and starts it without the debugger and the history file, see `KERNEL_CONFIG`). The
    profile's folders exist beforehand: in the sandbox the profile is read-only."""
    if folder is None:
        base = Path(tempfile.mkdtemp(prefix="ipython-armed-", dir=parent))
    else:
        base = folder
        base.mkdir(parents=True)
    profile = base / "profile_default"
    for sub in ("startup", "security", "log", "pid", "db"):
        (profile / sub).mkdir(parents=True, exist_ok=True)
    (profile / "startup" / "00-autograder-arm.py").write_text(STARTUP, encoding="utf-8")
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    return base


# Host variables a kernel may see (machine facts that change numerics or speed, never secrets); every
# other variable of the grader's environment stays outside.
PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TQDM_DISABLE", "TZ")


def kernel_env(
    *,
    mode: str,
    ipython_dir: Path | str,
    python_path: str,
    single_thread: bool,
    runtime_log: Path | None = None,
    base: dict | None = None,
    home: str | None = None,
    python: str | None = None,
    data_dir: str | None = None,
) -> dict[str, str]:
    """The environment of a kernel the grader starts, built from an allow-list: nothing of the grader's
    environment is inherited but `PASSED_THROUGH` (from `base`, default `os.environ`)."""
    if mode not in ("quick", "full"):
        raise ValueError(f"mode must be 'quick' or 'full', not {mode!r}")
    host = dict(os.environ if base is None else base)
    bindir = str(Path(python or sys.executable).parent)
    home = home or tempfile.gettempdir()
    env = {
        "COURSE_MODE": mode,
        "MPLBACKEND": "Agg",
        "IPYTHONDIR": str(ipython_dir),
        "PYTHONPATH": python_path,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "PATH": os.pathsep.join([bindir, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": home,
        "TMPDIR": "/tmp",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "USER": "student",
        "LOGNAME": "student",
    }
    env.update({k: host[k] for k in PASSED_THROUGH if host.get(k)})
    if data_dir:
        env["COURSE_DATA_DIR"] = data_dir
    if single_thread:
        env.update(dict.fromkeys(THREAD_VARS, "1"))
    if runtime_log is not None:
        env[LOG_ENV] = str(runtime_log)
    return env


# --- inside the kernel ---------------------------------------------------------------------------


class _Keeper:
    """What `arm()` remembers, and the hook that puts it back before each cell."""

    def __init__(self) -> None:
        import builtins
        import importlib

        import autograder
        import autograder.guard
        import autograder.runtime

        self.cell = 0
        self.log_path = os.environ.get(LOG_ENV) or None
        self.logged: set[str] = set()
        self.modules = {name: sys.modules[name] for name in ("autograder", "autograder.runtime")}
        import types

        # run_check re-imports autograder's submodules on purpose: only the package's own names count
        package = {
            k: v for k, v in vars(autograder).items() if not isinstance(v, types.ModuleType) or k == "runtime"
        }
        self.namespaces = {
            "autograder": (autograder, package),
            "autograder.runtime": (autograder.runtime, dict(vars(autograder.runtime))),
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
        self.guarded = {_split(f"numpy.{n}") for n in autograder.guard.NUMPY_NAMES}
        self.guarded |= {_split(f"torch.{n}") for n in autograder.guard.TORCH_NAMES}
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
    import autograder.guard as guard

    guard.snapshot()
    keeper = _Keeper()
    try:
        ip = get_ipython()
    except NameError:
        return
    ip.events.register("pre_run_cell", keeper.restore)
    # Kept where student code is unlikely to look, so that the hook's owner stays alive.
    sys._autograder_keeper = keeper

"""Kernels the grader starts (grader side): their environment and the IPython profile that arms them.

`kernel_env(...)` gives the environment of a grading or validation kernel: `COURSE_MODE`,
`MPLBACKEND=Agg`, one BLAS/OpenMP thread when several kernels run at once, `PYTHONPATH` with the course
root first, and `IPYTHONDIR` pointing at a folder (`make_ipython_dir`) whose IPython startup file calls
`autograder.in_kernel.arm.arm()` inside the kernel, before the first cell (what arming does: there).

Arming imports PyTorch even where the notebook itself uses only NumPy (1–3 s of the kernel's start): every
notebook's setup cell imports it anyway (`utils.notebook_setup`), and importing it before any student
code is what makes the library snapshot genuine. The profile's `ipython_kernel_config.py`
(`KERNEL_CONFIG`) starts the kernel without the debugger and the history file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from autograder.in_kernel.arm import LOG_ENV

STARTUP = """\
# Written by `course` (autograder.kernel): arm the grading kernel before any student code runs.
def _autograder_arm():
    import autograder.in_kernel.arm
    autograder.in_kernel.arm.arm()
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

THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)

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

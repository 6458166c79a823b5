"""Attacks on the grader, built for ANY problem set: the pipeline's adversarial submission corpus.

Each attack is a submission variant (`autograder.corpus.Variant`, `IN_PROCESS = False`: only a real
kernel may run it) derived from the problem set's own notebook, so a new problem set is covered
without writing anything:

- on an honest base — "blank" (every answer left as the stub), "wrong" (every graded function returns
  its first argument, every graded value is 0) or "reference" — it adds tampering: monkeypatching
  `autograder.run_check`, `sys.modules`, `builtins.__import__`, NumPy comparison functions, an import
  finder that serves fake checks, objects whose `__eq__` is always true, exits, hangs, memory
  exhaustion, and edits of the notebook's structure (deleted, duplicated, reordered, retyped, edited or
  un-marked test cells);
- `FAILS` is what the honest base deserves (blank/wrong: every test cell fails; reference: none, or
  the cells the kernel never reached after an exit), so "no undeserved points" is `corpus.judge`;
- `EXPECT_TAMPER` lists the tamper-report kinds the attack must produce.

Used by the pipeline tests and by `course validate --attacks`.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from pathlib import Path

from autograder import isolation, sandbox
from autograder.corpus import Variant, is_autograded_test, is_solution, nbgrader_meta, strip_markers

ALWAYS_EQUAL = '''\
class _AlwaysEqual(float):
    """A result that claims to equal anything."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __array__(self, *args, **kwargs):
        import numpy
        return numpy.array([self], dtype=object)
    def __hash__(self): return 0
'''

PATCH_NUMPY = """\
import numpy as np
setattr(np, "allclose", lambda *args, **kwargs: True)
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
"""

FAKE_CHECKS_FINDER = """\
import importlib.abc, importlib.util, sys, types

class _FakeChecks(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("autograder.checks."):
            return importlib.util.spec_from_loader(name, self)
        return None
    def create_module(self, spec):
        return types.ModuleType(spec.name)
    def exec_module(self, module):
        import autograder.runtime as runtime
        module.__file__ = str(runtime.PACKAGE_DIR / "checks" / "fake.py")
        module.__getattr__ = lambda name: (lambda *args, **kwargs: None)

sys.meta_path.insert(0, _FakeChecks())
for _name in [k for k in sys.modules if k.startswith("autograder.checks.")]:
    del sys.modules[_name]
"""

# Kills the grading process, the coordinator and the test runner: up the parent chain, then every
# process whose command line names them. Only offered where kernels get a PID namespace
# (`autograder.isolation`), where every one of these signals must miss.
KILL_GRADER = """\
import os, signal
if os.getpid() > 2:  # not in a PID namespace (1: unshare, 2: bwrap): fail rather than kill the machine
    os._exit(3)
def _parent(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])
_targets, _pid = set(), os.getppid()
while _pid > 1:
    _targets.add(_pid)
    _pid = _parent(_pid)
for _entry in os.listdir("/proc"):
    try:
        with open(f"/proc/{_entry}/cmdline", "rb") as f:
            if any(w in f.read() for w in (b"autograder", b"course", b"pytest", b"dask")):
                _targets.add(int(_entry))
    except (OSError, ValueError):
        pass
for _pid in _targets - {os.getpid()}:
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError:
        pass
"""


# --- attacks on the machine, held by the sandbox (autograder.sandbox) -------------------------------
# Each looks for the course from what a kernel can see (the `autograder` package's folder, /tmp, /proc)
# and would win points, damage later gradings or reach other students without the sandbox. They are
# only offered where the sandbox is available: unsandboxed, they would really do it.
_FIND_ROOT = """\
import os, pathlib, sys
_roots = {pathlib.Path(__import__("autograder").__file__).resolve().parents[1], pathlib.Path("/tmp")}
def _walk(*tops):
    for _top in tops:
        for _dir, _subdirs, _files in os.walk(_top):
            _subdirs[:] = [d for d in _subdirs if d not in ("proc", "sys", "dev")]
            yield pathlib.Path(_dir), _files
"""

WRITE_COURSE = _FIND_ROOT + """\
import sqlite3
for _dir, _files in _walk(*_roots):
    for _name in _files:
        if _name.endswith(".db"):
            try:
                with sqlite3.connect(str(_dir / _name)) as _db:
                    _db.execute("UPDATE grade SET manual_score = 99, auto_score = 99")
            except Exception:
                pass
        if _name.endswith((".ipynb", ".py")) and ".templates" in str(_dir):
            try:
                (_dir / _name).write_text("SANDBOX-ATTACK-MARKER")
            except Exception:
                pass
    for _target in (_dir, _dir / "__pycache__"):
        try:
            _target.mkdir(exist_ok=True)
            (_target / "zz_sandbox_attack.cpython-311.pyc").write_text("SANDBOX-ATTACK-MARKER")
        except Exception:
            pass
"""

STEAL_ANSWERS = _FIND_ROOT + """\
import json
_stolen = 0
for _dir, _files in _walk(*_roots):
    for _name in _files:
        if not _name.endswith(".ipynb"):
            continue
        try:
            _cells = json.loads((_dir / _name).read_text())["cells"]
        except Exception:
            continue
        for _cell in _cells:
            _src = "".join(_cell.get("source", ""))
            if _cell.get("cell_type") == "code" and ("BEGIN SOLUTION" in _src or "def " in _src):
                try:
                    exec(_src.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""), globals())
                    _stolen += 1
                except Exception:
                    pass
print("cells taken from other notebooks:", _stolen)
"""

READ_SECRET = """\
import os
print(dict(os.environ))
for _pid in os.listdir("/proc"):
    try:
        print(open(f"/proc/{_pid}/environ", "rb").read())
    except Exception:
        pass
"""

REACH_KERNELS = _FIND_ROOT + """\
import json, time
from ipykernel.connect import get_connection_file
try:
    _own = get_connection_file()
except Exception:
    _own = ""
_ended = 0
_deadline = time.time() + 4
while time.time() < _deadline:
    _found = set()
    for _pid in os.listdir("/proc"):
        try:
            _words = open(f"/proc/{_pid}/cmdline", "rb").read().decode().split("\\0")
            _found.add(_words[_words.index("-f") + 1])
        except Exception:
            pass
    for _dir, _files in _walk("/tmp"):
        _found |= {str(_dir / f) for f in _files if f.startswith("kernel") and f.endswith(".json")}
    for _file in _found - {_own}:
        try:
            from jupyter_client import BlockingKernelClient
            _kc = BlockingKernelClient(connection_file=_file)
            _kc.load_connection_file()
            _kc.start_channels()
            _kc.shutdown()
            _ended += 1
        except Exception:
            pass
    time.sleep(0.2)
print("kernels ended:", _ended)
"""

FLOOD = """\
import sys
for _ in range(150):  # 150 MB in messages small enough to arrive: the grader keeps 2 MB of them
    sys.stdout.write("x" * 1_000_000)
    sys.stdout.flush()
sys.stdout.write("y" * 100_000_000)  # one message larger than any the grader accepts
sys.stdout.flush()
"""

PROCESSES = """\
import os, signal
_children = []
try:
    for _ in range(100_000):
        _pid = os.fork()
        if _pid == 0:
            signal.pause()
            os._exit(0)
        _children.append(_pid)
except OSError:
    pass
finally:  # also when the cell is interrupted: the test cells after it must run
    print("processes started before the limit:", len(_children))
    for _pid in _children:
        os.kill(_pid, signal.SIGKILL)
        os.waitpid(_pid, 0)
"""

DISK = """\
import os, pathlib, tempfile
_written = 0
for _folder in (pathlib.Path.cwd(), pathlib.Path.home(), pathlib.Path(tempfile.gettempdir())):
    for _i in range(40):
        try:
            with open(_folder / f"zz_fill_{_i}", "wb") as _f:
                _f.write(b"0" * 100_000_000)
            _written += 100
        except OSError:
            break
print("MB written:", _written)
for _folder in (pathlib.Path.cwd(), pathlib.Path.home(), pathlib.Path(tempfile.gettempdir())):
    for _p in _folder.glob("zz_fill_*"):
        _p.unlink()
"""

LINGER = """\
import subprocess, sys
subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(900)", "SANDBOX-LINGER-MARKER"],
    start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
if __import__("os").fork() == 0:
    import os, time
    os.setsid()
    if os.fork() == 0:
        _argv = [sys.executable, "-c", "import time; time.sleep(900)", "SANDBOX-LINGER-MARKER"]
        os.execv(sys.executable, _argv)
    os._exit(0)
"""
# A secret the pipeline test puts into the grader's environment; no kernel may see it.
SECRET_VAR = "COURSE_TEST_GRADER_SECRET"


# --- attacks on the verdict: the checks run in the grader (autograder.judge), not in the kernel -----
# Each was a way to score wrong answers while the checks ran in the student's kernel; now each must
# win nothing over the same wrong answers without it. `IN_CALL` code runs inside every graded function
# (while the grader's check is waiting for its answer); `ATTACK_CELLS` code runs in a cell.
IN_CALL = {
    # rebind the comparison helpers of every check module the kernel has loaded
    "rebind_helpers": """\
import sys as _sys
for _name, _mod in list(vars(_sys)["mod" + "ules"].items()):
    if _name.startswith("autograder") and _mod is not None:
        for _attr in ("assert_close", "is_close", "fail", "as_array", "as_float", "call"):
            if hasattr(_mod, _attr):
                try:
                    setattr(_mod, _attr, lambda *a, **k: None)
                except Exception:
                    pass
""",
    # a trace function that copies `expected` into `actual` in any comparison frame it sees
    "trace_compare": """\
import sys as _sys
def _tracer(frame, event, arg):
    if "expected" in frame.f_locals and "actual" in frame.f_locals:
        frame.f_locals["actual"] = frame.f_locals["expected"]
    return _tracer
_sys.settrace(_tracer)
""",
    # put a number on display from inside the function: nbgrader read it as partial credit
    "displayhook": """\
import sys as _sys
_sys.displayhook(1.0)
""",
    # re-patch NumPy's comparisons from inside the call (after any pre-cell restore ran)
    "repatch": PATCH_NUMPY,
}

ATTACK_CELLS_JUDGED = {
    # swap the code of run_check (kernel side) and of np.all for always-pass versions
    "code_swap": """\
import autograder, numpy as np
def _nothing(*args, **kwargs):
    return None
for _f in (autograder.run_check, getattr(autograder, "local_check", None)):
    if _f is not None and hasattr(_f, "__code__"):
        _f.__code__ = _nothing.__code__
_yes = lambda *args, **kwargs: True
try:
    np.all.__code__ = _yes.__code__
except Exception:
    pass
""",
    # tamper with what the old in-kernel defences left behind: the snapshot and the runtime log
    "snapshot_log": """\
import os, sys
setattr(sys, "_autograder_library_snapshot", {})
_log = os.environ.get("AUTOGRADER_RUNTIME_LOG")
if _log:
    try:
        open(_log, "w").close()
    except OSError:
        pass
""",
    # alias a library method the checks might rely on, then replace it
    "alias_library": """\
import numpy as np
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
""",
    # talk to the grader's socket directly: claim a pass, then replay a check request with nothing
    "fake_verdict": """\
import json, os, socket, struct
_path = os.environ.get("AUTOGRADER_CHANNEL")
def _msg(header):
    head = json.dumps(header).encode()
    return b"AGW1" + struct.pack("!I", len(head)) + head + struct.pack("!I", 0)
if _path:
    for _header in ({"op": "verdict", "passed": True}, {"ok": {"d": [["value", True]]}}):
        try:
            _s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            _s.connect(_path)
            _s.sendall(_msg(_header))
            _s.close()
        except OSError:
            pass
""",
}

ATTACK_CELLS = {
    "patch_run_check": "import autograder\nautograder.run_check = lambda *args, **kwargs: None\n",
    "fake_module": (
        "import sys, types\n_fake = types.ModuleType('autograder')\n"
        "_fake.run_check = lambda *args, **kwargs: None\nsys.modules['autograder'] = _fake\n"
    ),
    "patch_import": (
        "import builtins, types\n_real_import = builtins.__import__\n"
        "_fake = types.ModuleType('autograder')\n_fake.run_check = lambda *a, **k: None\n"
        "def _import(name, *args, **kwargs):\n"
        "    return _fake if name == 'autograder' else _real_import(name, *args, **kwargs)\n"
        "builtins.__import__ = _import\n"
    ),
    "patch_numpy": PATCH_NUMPY,
    "fake_checks_finder": FAKE_CHECKS_FINDER,
    "print_passed": 'print("All tests passed!")\n',
    "sys_exit": "import sys\nsys.exit(0)\n",
    "os_exit": "import os\nos._exit(0)\n",
    "hang": "while True:\n    pass\n",
    "hang_uninterruptible": (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
    ),
    "memory": (
        "import numpy as np\ndef _grow():\n    chunks = []\n    while True:\n"
        "        chunks.append(np.empty(10**8))\n_grow()\n"
    ),
    "kill_grader": KILL_GRADER,
    "write_course": WRITE_COURSE,
    "steal_answers": STEAL_ANSWERS,
    "read_secret": READ_SECRET,
    "reach_kernels": REACH_KERNELS,
    "flood": FLOOD,
    "processes": PROCESSES,
    "disk": DISK,
    "linger": LINGER,
    **ATTACK_CELLS_JUDGED,
}


def _defined_names(code: str) -> tuple[list[str], list[str]]:
    """Top-level function names and assigned variable names of a solution cell (markers removed)."""
    try:
        tree = ast.parse(
            "\n".join(
                line for line in strip_markers(code).splitlines() if not line.lstrip().startswith(("%", "!"))
            )
        )
    except SyntaxError:
        return [], []
    funcs, names = [], []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            funcs.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id not in names:
                        names.append(n.id)
    return funcs, names


def _solution_code_cells(source_nb: dict) -> list[dict]:
    return [c for c in source_nb["cells"] if is_solution(c) and c["cell_type"] == "code"]


def _rewrite_solutions(
    source_nb: dict, body: Callable[[str], str], value: str, prelude: str = ""
) -> dict[str, str]:
    """Sections replacing every code solution cell: functions with `body(name)`, values with `value`."""
    sections = {}
    for i, cell in enumerate(_solution_code_cells(source_nb)):
        funcs, names = _defined_names(cell["source"])
        lines = [prelude] if (prelude and i == 0) else []
        for f in funcs:
            lines.append(f"def {f}(*args, **kwargs):\n{body(f)}\n")
        for n in names:
            lines.append(f"{n} = {value}\n")
        sections[nbgrader_meta(cell)["grade_id"]] = "\n".join(lines) or "pass\n"
    return sections


def _cell(code: str) -> dict:
    import nbformat

    return nbformat.v4.new_code_cell(code)


def _first_index(nb: dict, pred: Callable[[dict], bool]) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if pred(c))


def _insert_after_first_solution(code: str) -> Callable[[dict], dict]:
    def mutate(nb):
        i = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
        nb["cells"].insert(i + 1, _cell(code))
        return nb

    return mutate


def _first_test(nb: dict) -> int:
    return _first_index(nb, is_autograded_test)


def _delete_first_test(nb):
    del nb["cells"][_first_test(nb)]
    return nb


def _retype_first_test(cell_type: str):
    def mutate(nb):
        cell = nb["cells"][_first_test(nb)]
        cell["cell_type"] = cell_type
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        return nb

    return mutate


def _duplicate_cells(nb):
    t = _first_test(nb)
    s = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
    nb["cells"].insert(t + 1, copy.deepcopy(nb["cells"][t]))
    nb["cells"].insert(s + 1, copy.deepcopy(nb["cells"][s]))
    return nb


def _move_first_test_to_top(nb):
    cell = nb["cells"].pop(_first_test(nb))
    nb["cells"].insert(0, cell)
    return nb


def _move_first_solution_to_end(nb):
    i = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
    nb["cells"].append(nb["cells"].pop(i))
    return nb


def _edit_first_test(nb):
    nb["cells"][_first_test(nb)]["source"] = "pass  # nothing to see here"
    return nb


def _unmark_first_test(nb):
    cell = nb["cells"][_first_test(nb)]
    cell["metadata"] = {}
    cell["source"] = "pass"
    return nb


# name: (description, base, cell code or None, mutate or None, sections kind, expected tamper kinds)
ATTACKS: dict[str, tuple[str, str, str | None, Callable | None, str | None, set[str]]] = {
    "attack_patch_run_check": (
        "wrong answers; a cell replaces autograder.run_check by a no-op",
        "wrong",
        "patch_run_check",
        None,
        None,
        {"touches_autograder", "runtime_restore"},
    ),
    "attack_fake_module": (
        "wrong answers; sys.modules['autograder'] replaced by a fake",
        "wrong",
        "fake_module",
        None,
        None,
        {"touches_import_system", "runtime_restore"},
    ),
    "attack_patch_import": (
        "wrong answers; builtins.__import__ returns a fake autograder",
        "wrong",
        "patch_import",
        None,
        None,
        {"touches_builtins", "runtime_restore"},
    ),
    "attack_patch_numpy": (
        "wrong answers; NumPy comparison functions patched in a cell and inside every graded function",
        "wrong",
        "patch_numpy",
        None,
        "wrong_patching",
        {"module_attribute_assignment", "runtime_restore"},
    ),
    "attack_fake_checks_finder": (
        "wrong answers; an import finder serves fake autograder.checks",
        "wrong",
        "fake_checks_finder",
        None,
        None,
        {"touches_import_system"},
    ),
    "attack_always_equal": (
        "every graded function returns an object whose __eq__ is always true",
        "wrong",
        None,
        None,
        "always_equal",
        {"defines_comparison"},
    ),
    "attack_print_passed": (
        "wrong answers; prints 'All tests passed!'",
        "wrong",
        "print_passed",
        None,
        None,
        set(),
    ),
    "attack_sys_exit": (
        "reference answers; a cell calls sys.exit(0)",
        "reference",
        "sys_exit",
        None,
        None,
        {"exits_kernel"},
    ),
    "attack_sys_exit_in_function": (
        "every graded function calls sys.exit()",
        "wrong",
        None,
        None,
        "sys_exit",
        {"exits_kernel"},
    ),
    "attack_os_exit": (
        "reference answers; a cell calls os._exit(0), killing the kernel",
        "reference",
        "os_exit",
        None,
        None,
        {"exits_kernel", "kernel_died"},
    ),
    "attack_hang": (
        "reference answers; a cell loops forever",
        "reference",
        "hang",
        None,
        None,
        {"cell_timeout"},
    ),
    "attack_hang_uninterruptible": (
        "reference answers; a cell ignores SIGINT and loops forever",
        "reference",
        "hang_uninterruptible",
        None,
        None,
        {"exits_kernel", "cell_timeout"},
    ),
    "attack_memory": (
        "reference answers; a cell allocates without bound",
        "reference",
        "memory",
        None,
        None,
        set(),
    ),
    "attack_kill_grader": (
        "reference answers; a cell SIGKILLs its grading process, the coordinator and the test runner",
        "reference",
        "kill_grader",
        None,
        None,
        {"exits_kernel"},
    ),
    "attack_write_course": (
        "wrong answers; a cell writes every gradebook it finds, the template cache and __pycache__",
        "wrong",
        "write_course",
        None,
        None,
        set(),
    ),
    "attack_steal_answers": (
        "blank answers; a cell runs the code of every notebook it can find (source, other students)",
        "blank",
        "steal_answers",
        None,
        None,
        set(),
    ),
    "attack_read_secret": (
        "wrong answers; a cell prints the environment and every /proc/*/environ it can read",
        "wrong",
        "read_secret",
        None,
        None,
        set(),
    ),
    "attack_reach_kernels": (
        "reference answers; a cell finds other kernels' connection files and shuts them down",
        "reference",
        "reach_kernels",
        None,
        None,
        set(),
    ),
    "attack_flood": (
        "reference answers; a cell prints 250 MB",
        "reference",
        "flood",
        None,
        None,
        set(),
    ),
    "attack_processes": (
        "reference answers; a cell forks until it cannot, then ends its children",
        "reference",
        "processes",
        None,
        None,
        set(),
    ),
    "attack_disk": (
        "reference answers; a cell writes 100 MB files until the disk refuses",
        "reference",
        "disk",
        None,
        None,
        set(),
    ),
    "attack_linger": (
        "reference answers; a cell starts processes meant to outlive the kernel",
        "reference",
        "linger",
        None,
        None,
        set(),
    ),
    "attack_rebind_helpers": (
        "wrong answers; every graded function rebinds the check helpers of loaded modules while called",
        "wrong", None, None, "in_call:rebind_helpers", set(),
    ),
    "attack_trace_compare": (
        "wrong answers; every graded function installs a trace function that copies expected into actual",
        "wrong", None, None, "in_call:trace_compare", set(),
    ),
    "attack_displayhook": (
        "wrong answers; every graded function displays 1.0 (partial credit) from inside the call",
        "wrong", None, None, "in_call:displayhook", set(),
    ),
    "attack_repatch_in_call": (
        "wrong answers; every graded function re-patches NumPy's comparisons while called",
        "wrong", None, None, "in_call:repatch", set(),
    ),
    "attack_code_swap": (
        "wrong answers; a cell swaps the code of run_check and of np.all for always-pass versions",
        "wrong", "code_swap", None, None, set(),
    ),
    "attack_snapshot_log": (
        "wrong answers; a cell empties the library snapshot and the runtime log",
        "wrong", "snapshot_log", None, None, set(),
    ),
    "attack_alias_library": (
        "wrong answers; a cell aliases and replaces NumPy functions the checks could rely on",
        "wrong", "alias_library", None, None, set(),
    ),
    "attack_fake_verdict": (
        "wrong answers; a cell sends a forged verdict and a forged reply to the grader's socket",
        "wrong", "fake_verdict", None, None, {"channel"},
    ),
    "attack_deleted_test": (
        "wrong answers; the first test cell deleted",
        "wrong",
        None,
        _delete_first_test,
        None,
        {"deleted_cell"},
    ),
    "attack_test_to_markdown": (
        "wrong answers; the first test cell changed to markdown",
        "wrong",
        None,
        _retype_first_test("markdown"),
        None,
        {"cell_type_changed"},
    ),
    "attack_test_to_raw": (
        "wrong answers; the first test cell changed to raw",
        "wrong",
        None,
        _retype_first_test("raw"),
        None,
        {"cell_type_changed"},
    ),
    "attack_duplicated": (
        "wrong answers; the first test and solution cells duplicated",
        "wrong",
        None,
        _duplicate_cells,
        None,
        {"duplicate_id"},
    ),
    "attack_reordered": (
        "wrong answers; the first test cell moved to the top",
        "wrong",
        None,
        _move_first_test_to_top,
        None,
        {"reordered"},
    ),
    "attack_reordered_reference": (
        "reference answers; the first solution cell moved to the end",
        "reference",
        None,
        _move_first_solution_to_end,
        None,
        {"reordered"},
    ),
    "attack_edited_test": (
        "wrong answers; the first test cell's code replaced by `pass`",
        "wrong",
        None,
        _edit_first_test,
        None,
        {"changed_cell"},
    ),
    "attack_unmarked_test": (
        "wrong answers; the first test cell's nbgrader metadata removed, code `pass`",
        "wrong",
        None,
        _unmark_first_test,
        None,
        {"deleted_cell"},
    ),
}
HANGS = {"attack_hang", "attack_hang_uninterruptible"}
NEEDS_ISOLATION = {"attack_kill_grader"}
NEEDS_SANDBOX = {
    "attack_write_course",
    "attack_steal_answers",
    "attack_read_secret",
    "attack_reach_kernels",
    "attack_flood",
    "attack_processes",
    "attack_disk",
    "attack_linger",
}


def _tests_after_insertion(source_nb: dict) -> list[str]:
    cells = source_nb["cells"]
    first = next(i for i, c in enumerate(cells) if is_solution(c) and c["cell_type"] == "code")
    return [nbgrader_meta(c)["grade_id"] for c in cells[first + 1 :] if is_autograded_test(c)]


def attack_variants(source_nb: dict, names: list[str] | tuple[str, ...] | None = None) -> list[Variant]:
    """The attacks (all, or `names`) as variants of the problem set whose source is `source_nb`."""
    tests = [nbgrader_meta(c)["grade_id"] for c in source_nb["cells"] if is_autograded_test(c)]
    solutions = [nbgrader_meta(c)["grade_id"] for c in source_nb["cells"] if is_solution(c)]
    out = []
    for name, (description, base, cell_key, mutate, sections_kind, expect) in ATTACKS.items():
        if names and name not in names:
            continue
        if not _can_run(name):
            continue
        out.append(
            Variant(
                name=name,
                path=Path(f"<attack {name}>"),
                description=description,
                kind="adversarial",
                fails=_expected_failures(source_nb, base, cell_key, tests),
                sections=_attack_sections(source_nb, base, sections_kind),
                e2e=True,
                in_process=False,
                unanswered=list(solutions) if base == "blank" else [],
                namespace={"mutate": _mutation(cell_key, mutate), "EXPECT_TAMPER": set(expect), "BASE": base},
            )
        )
    return out


def _can_run(name: str) -> bool:
    """Whether an attack can run here without really harming the grader or the machine."""
    if name in NEEDS_ISOLATION and not isolation.available():
        return False  # without a PID namespace this attack would really kill the grader
    if name in NEEDS_SANDBOX and not sandbox.available():
        return False  # without the sandbox it would really write the course, flood the disk, ...
    return True


def _attack_sections(source_nb: dict, base: str, sections_kind: str | None) -> dict[str, str]:
    """The solution sections an attack writes in place of the reference's (none unless its base is
    "wrong" or it names a kind of section)."""
    if not (base == "wrong" or sections_kind):
        return {}
    kind = sections_kind or "wrong"
    if kind == "always_equal":
        return _rewrite_solutions(
            source_nb,
            lambda f: "    return _AlwaysEqual(0.0)",
            "_AlwaysEqual(0.0)",
            prelude=ALWAYS_EQUAL,
        )
    if kind == "wrong_patching":
        patch = "\n".join("    " + line for line in PATCH_NUMPY.splitlines())
        return _rewrite_solutions(
            source_nb, lambda f, patch=patch: patch + "\n    return args[0] if args else 0.0", "0.0"
        )
    if kind.startswith("in_call:"):
        attack = IN_CALL[kind.split(":", 1)[1]]
        body = "\n".join("    " + line for line in attack.splitlines())
        return _rewrite_solutions(
            source_nb, lambda f, body=body: body + "\n    return args[0] if args else 0.0", "0.0"
        )
    if kind == "sys_exit":
        return _rewrite_solutions(source_nb, lambda f: "    import sys\n    sys.exit(0)", "0.0")
    return _rewrite_solutions(source_nb, lambda f: "    return args[0] if args else 0.0", "0.0")


def _expected_failures(source_nb: dict, base: str, cell_key: str | None, tests: list[str]) -> dict:
    """The test cells an attack must fail: all for a blank or wrong base, those after the inserted cell
    for attacks that end the kernel, else none."""
    if base in ("blank", "wrong"):
        return dict.fromkeys(tests)
    if cell_key in ("os_exit", "hang_uninterruptible"):
        return dict.fromkeys(_tests_after_insertion(source_nb))
    return {}


def _mutation(cell_key: str | None, mutate: Callable | None) -> Callable:
    """The attack's change of the notebook: its attack cell inserted after the first solution, then its
    own mutation (each step may return a new notebook or change it in place)."""
    mutations = []
    if cell_key:
        mutations.append(_insert_after_first_solution(ATTACK_CELLS[cell_key]))
    if mutate:
        mutations.append(mutate)

    def combined(nb, _mutations=tuple(mutations)):
        for m in _mutations:
            nb = m(nb) or nb
        return nb

    return combined

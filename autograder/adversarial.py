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

from autograder import isolation
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
if os.getpid() != 1:  # not in a PID namespace after all: fail this test rather than kill the machine
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
CORE = (
    "attack_patch_run_check",
    "attack_patch_numpy",
    "attack_always_equal",
    "attack_deleted_test",
    "attack_test_to_markdown",
    "attack_os_exit",
)


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
        if name in NEEDS_ISOLATION and not isolation.available():
            continue  # without a PID namespace this attack would really kill the grader
        sections: dict[str, str] = {}
        unanswered: list[str] = []
        if base == "blank":
            unanswered = list(solutions)
        if base == "wrong" or sections_kind:
            kind = sections_kind or "wrong"
            if kind == "always_equal":
                sections = _rewrite_solutions(
                    source_nb,
                    lambda f: "    return _AlwaysEqual(0.0)",
                    "_AlwaysEqual(0.0)",
                    prelude=ALWAYS_EQUAL,
                )
            elif kind == "wrong_patching":
                patch = "\n".join("    " + line for line in PATCH_NUMPY.splitlines())
                sections = _rewrite_solutions(
                    source_nb, lambda f, patch=patch: patch + "\n    return args[0] if args else 0.0", "0.0"
                )
            elif kind == "sys_exit":
                sections = _rewrite_solutions(source_nb, lambda f: "    import sys\n    sys.exit(0)", "0.0")
            else:
                sections = _rewrite_solutions(
                    source_nb, lambda f: "    return args[0] if args else 0.0", "0.0"
                )
        if base in ("blank", "wrong"):
            fails: dict[str, str | None] = dict.fromkeys(tests)
        elif cell_key in ("os_exit", "hang_uninterruptible"):
            fails = dict.fromkeys(_tests_after_insertion(source_nb))
        else:
            fails = {}
        mutations = []
        if cell_key:
            mutations.append(_insert_after_first_solution(ATTACK_CELLS[cell_key]))
        if mutate:
            mutations.append(mutate)

        def combined(nb, _mutations=tuple(mutations)):
            for m in _mutations:
                nb = m(nb) or nb
            return nb

        out.append(
            Variant(
                name=name,
                path=Path(f"<attack {name}>"),
                description=description,
                kind="adversarial",
                fails=fails,
                sections=sections,
                e2e=True,
                in_process=False,
                unanswered=unanswered,
                namespace={"mutate": combined, "EXPECT_TAMPER": set(expect), "BASE": base},
            )
        )
    return out

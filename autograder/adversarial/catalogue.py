"""The catalogue of attacks: each attack's description, honest base, attack cell, mutation, kind of
rewritten solutions and expected tamper-report kinds; which attacks hang, and which need a PID namespace
or the sandbox to be run at all."""

from __future__ import annotations

from collections.abc import Callable

from autograder.adversarial.machine_code import (
    DISK,
    FLOOD,
    KILL_GRADER,
    LINGER,
    PROCESSES,
    REACH_KERNELS,
    READ_SECRET,
    STEAL_ANSWERS,
    WRITE_COURSE,
)
from autograder.adversarial.mutations import (
    _delete_first_test,
    _duplicate_cells,
    _edit_first_test,
    _move_first_solution_to_end,
    _move_first_test_to_top,
    _retype_first_test,
    _unmark_first_test,
)
from autograder.adversarial.verdict_code import ATTACK_CELLS_JUDGED, FAKE_CHECKS_FINDER, PATCH_NUMPY

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

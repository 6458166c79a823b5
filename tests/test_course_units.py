"""Unit tests of the `course` command's parts on small notebooks: no kernels, seconds in all.

tamper (parse, repair, code scan), collect (LMS layouts), feedback sanitizing and the leak guard, lint,
the leak check of validate, kernel environments, the fork pool's watchdog, and every subcommand's --help.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import cli, collect, feedback, kernel, lint, pool, tamper, validate
from autograder.course import Course, grade_id, source_of
from autograder.problemsets import ProblemSet

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "course"
REPO = HERE.parent
PS0_SOURCE = FIXTURE / "source" / "ps0_fixture" / "ps0_fixture.ipynb"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    """A minimal course root holding the fixture problem set (and the repository's utils and config)."""
    root = tmp_path_factory.mktemp("units") / "course"
    shutil.copytree(FIXTURE / "source", root / "source")
    shutil.copytree(REPO / "utils", root / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return Course.at(root)


@pytest.fixture(scope="module")
def ps0(course) -> ProblemSet:
    return course.resolve(["ps0"])[0]


@pytest.fixture(scope="module")
def release_nb(course, ps0) -> nbformat.NotebookNode:
    from autograder.release import student_version

    return student_version(course, ps0)


def _submission(release_nb, answer: str | None = None) -> nbformat.NotebookNode:
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        if grade_id(cell) == "solution_double" and answer is not None:
            cell.source = answer
    return nb


def _raw(nb) -> bytes:
    return json.dumps(nb).encode()


def _kinds(findings) -> set[str]:
    return {f.kind for f in findings}


# --- tamper: reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"{not json", "not valid notebook JSON"),
        (b"[1, 2]", "not a Jupyter notebook"),
        (b'{"cells": [{"cell_type": "picture"}], "nbformat": 4}', "not a valid notebook cell"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_parse_rejects_what_is_not_a_notebook(raw, reason):
    with pytest.raises(tamper.InvalidSubmission, match=reason):
        tamper.parse(raw)


def test_parse_clears_outputs(release_nb):
    nb = _submission(release_nb)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 3
    parsed = tamper.parse(_raw(nb))
    assert parsed.cells[1].outputs == [] and parsed.cells[1].execution_count is None


# --- tamper: structure -----------------------------------------------------------------------------


def test_untouched_submission_has_no_findings(release_nb):
    prepared = tamper.prepare(_raw(_submission(release_nb, "def double(x):\n    return 2 * x\n")), release_nb)
    assert prepared.findings == []
    assert [grade_id(c) for c in prepared.notebook.cells] == [grade_id(c) for c in release_nb.cells]


def test_deleted_test_cell_is_restored_in_place(release_nb):
    nb = _submission(release_nb)
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_double_values"]
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert "deleted_cell" in _kinds(findings)
    ids = [grade_id(c) for c in repaired.cells]
    assert ids.index("test_double_values") == ids.index("solution_double") + 1


def test_reordered_cells_are_put_back_with_student_cells_attached(release_nb):
    nb = _submission(release_nb)
    helper = nbformat.v4.new_code_cell("def helper():\n    return 1\n")
    sol = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "solution_double")
    nb.cells.insert(sol + 1, helper)
    moved = nb.cells.pop(sol)  # the solution goes to the end, its helper stays behind the setup cell
    nb.cells.append(moved)
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert "reordered" in _kinds(findings)
    release_order = [grade_id(c) for c in release_nb.cells if grade_id(c)]
    assert [grade_id(c) for c in repaired.cells if grade_id(c)] == release_order
    assert any(source_of(c).startswith("def helper") for c in repaired.cells)


@pytest.mark.parametrize("new_type", ["markdown", "raw"])
def test_changed_cell_type_is_changed_back(release_nb, new_type):
    nb = _submission(release_nb)
    cell = next(c for c in nb.cells if grade_id(c) == "test_double_values")
    cell.cell_type = new_type
    del cell["outputs"], cell["execution_count"]
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert "cell_type_changed" in _kinds(findings)
    assert next(c for c in repaired.cells if grade_id(c) == "test_double_values").cell_type == "code"


def test_duplicates_keep_the_last_copy_and_unique_ids(release_nb):
    nb = _submission(release_nb)
    sol = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "solution_double")
    first = copy.deepcopy(nb.cells[sol])
    first.source = "def double(x):\n    return 'first copy'\n"
    nb.cells.insert(sol, first)
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert "duplicate_id" in _kinds(findings)
    graded = [c for c in repaired.cells if grade_id(c) == "solution_double"]
    assert len(graded) == 1 and "first copy" not in graded[0].source
    assert any("first copy" in source_of(c) for c in repaired.cells)  # still runs, as a plain cell
    ids = [c.id for c in repaired.cells]
    assert len(ids) == len(set(ids))


def test_edited_locked_cell_and_metadata_are_restored(release_nb):
    nb = _submission(release_nb)
    test = next(c for c in nb.cells if grade_id(c) == "test_double_values")
    test.source = "pass"
    test.metadata.nbgrader["points"] = 100
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert {"changed_cell", "metadata_changed"} <= _kinds(findings)
    fixed = next(c for c in repaired.cells if grade_id(c) == "test_double_values")
    original = next(c for c in release_nb.cells if grade_id(c) == "test_double_values")
    assert fixed.source == original.source and fixed.metadata.nbgrader["points"] == 2


def test_unknown_grade_id_becomes_a_plain_cell(release_nb):
    nb = _submission(release_nb)
    stray = copy.deepcopy(next(c for c in nb.cells if grade_id(c) == "test_double_values"))
    stray.metadata.nbgrader["grade_id"] = "test_from_another_course"
    stray.id = "stray"
    nb.cells.append(stray)
    repaired, findings = tamper.repair(tamper.parse(_raw(nb)), release_nb)
    assert "unknown_grade_id" in _kinds(findings)
    assert "test_from_another_course" not in {grade_id(c) for c in repaired.cells}


# --- tamper: code ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("import autograder\nautograder.run_check = lambda *a, **k: None", "touches_autograder"),
        ("import numpy as np\nnp.allclose = lambda *a, **k: True", "module_attribute_assignment"),
        ("import numpy as np\nsetattr(np, 'allclose', print)", "module_attribute_assignment"),
        ("import sys\nsys.modules['numpy'] = None", "touches_import_system"),
        ("import importlib\nimportlib.reload(x)", "touches_import_system"),
        ("import pkgutil", "touches_import_system"),
        ("import builtins\nbuiltins.print = None", "touches_builtins"),
        ("__builtins__['len'] = None", "touches_builtins"),
        ("class A:\n    def __eq__(self, other):\n        return True", "defines_comparison"),
        ("import sys\nf = sys._getframe(1).f_globals", "frame_introspection"),
        ("get_ipython().events.callbacks.clear()", "ipython_internals"),
        ("import os\nos._exit(0)", "exits_kernel"),
        ("import sys\nsys.exit()", "exits_kernel"),
        ("exit()", "exits_kernel"),
        ("eval('1+1')", "dynamic_code"),
        ("import subprocess\nsubprocess.run(['ls'])", "processes"),
        ("x = [\n  1,  # not closed: the textual rules still apply\nimport builtins", "touches_builtins"),
    ],
)
def test_code_scan_flags(code, kind):
    assert kind in _kinds(tamper.scan_code([("cell 1", code)]))


def test_code_scan_leaves_ordinary_code_alone():
    code = (
        "%matplotlib inline\nimport numpy as np\nimport torch\nimport matplotlib.pyplot as plt\n"
        "np.random.seed(0)\ntorch.manual_seed(0)\ntorch.backends.cudnn.deterministic = True\n"
        "plt.rcParams['figure.figsize'] = (4, 3)\n"
        "class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = torch.nn.Linear(2, 1)\n"
        "model = Net()\nmodel.fc.weight.data[:] = 0\nhistory = {'loss': []}\n"
        "def relu(z):\n    return np.maximum(z, 0)  # exit the negative part\n"
        "print('use sys.exit? no')\n"
    )
    assert tamper.scan_code([("solution_x", code)]) == []


# --- collect ---------------------------------------------------------------------------------------


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_collect_roster_and_custom_pattern(tmp_path, course, ps0):
    nb = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "submission-777.ipynb").write_bytes(nb)
    roster = tmp_path / "roster.csv"
    roster.write_text("lms_id,student_id\n777,alice\n")
    report = collect.collect(
        course, ps0, folder, patterns=[r"^submission-(?P<student>\d+)\.ipynb$"], roster=roster
    )
    assert list(report.collected) == ["alice"]
    assert course.submission_dir(ps0, "alice").joinpath("ps0_fixture.ipynb").exists()
    shutil.rmtree(course.submitted)


# --- feedback sanitizing ---------------------------------------------------------------------------


def test_sanitize_removes_hidden_tests_and_tracebacks():
    source = nbformat.read(PS0_SOURCE, as_version=4)
    nb = copy.deepcopy(source)
    test = next(c for c in nb.cells if grade_id(c) == "test_double_values")
    test.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="CheckFailure",
            evalue="double(x) returned x unchanged",
            traceback=[
                "Traceback ...",
                'File "autograder/checks/ps0.py", line 20: expected = 2 * x',
                "CheckFailure: double(x) returned x unchanged",
            ],
        )
    ]
    clean = feedback.sanitize(nb)
    text = json.dumps(clean)
    assert "BEGIN HIDDEN" not in text and "run_check" not in text and "expected = 2 * x" not in text
    cleaned_test = next(c for c in clean.cells if grade_id(c) == "test_double_values")
    assert feedback.PLACEHOLDER in cleaned_test.source
    assert "assert double(3) == 6" in cleaned_test.source
    assert cleaned_test.outputs[0]["traceback"] == ["CheckFailure: double(x) returned x unchanged"]


def test_page_guard_catches_hidden_lines():
    source = nbformat.read(PS0_SOURCE, as_version=4)
    lines = feedback.hidden_lines(source)
    assert any("run_check" in line for line in lines)
    leaked = ("<pre>import autograder; autograder.run_check(&quot;ps0&quot;, &quot;double_values&quot;, "
              "double)</pre>")
    assert feedback.check_page(leaked, lines)
    assert feedback.check_page("<p>### BEGIN HIDDEN TESTS</p>", lines)
    assert not feedback.check_page("<p># hidden tests</p>", lines)


# --- lint and leaks --------------------------------------------------------------------------------


def test_fixture_lints_clean(course, ps0):
    assert [str(p) for p in lint.lint(course, ps0) if p.level == "error"] == []


def test_lint_finds_each_problem(tmp_path, course):
    nb = json.loads(PS0_SOURCE.read_text())
    cells = nb["cells"]
    dup = copy.deepcopy(next(c for c in cells if c.get("id") == "test_double_inputs"))
    dup["id"] = "dup-test"
    dup["metadata"]["nbgrader"]["grade_id"] = "test_double_values"  # duplicate grade_id
    dup["metadata"]["nbgrader"]["points"] = 0  # no points
    dup["source"] = [
        "assert True\n",
        "### BEGIN HIDDEN TESTS\n",
        "assert double(1) == 2\n",
        "### END HIDDEN TESTS",
    ]  # not a run_check call
    cells.append(dup)
    sol = next(c for c in cells if c.get("id") == "solution_double")
    sol["source"] = sol["source"][:-1]  # END SOLUTION removed
    del cells[0]["id"]  # no id
    cells[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    cells[1]["execution_count"] = 1
    bad_check = copy.deepcopy(next(c for c in cells if c.get("id") == "test_double_values"))
    bad_check["id"] = "bad-check"
    bad_check["metadata"]["nbgrader"]["grade_id"] = "test_missing_check"
    bad_check["source"] = [
        "### BEGIN HIDDEN TESTS\n",
        'import autograder; autograder.run_check("ps0", "no_such_check", double)\n',
        "### END HIDDEN TESTS",
    ]
    cells.append(bad_check)
    cells.append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "uses-tqdm",
            "metadata": {},
            "outputs": [],
            "source": "from tqdm import tqdm",
        }
    )
    nb["metadata"]["kernelspec"]["name"] = "python2"
    root = tmp_path / "broken"
    shutil.copytree(course.root / "utils", root / "utils")
    (root / "utils" / "extra.py").write_text("def double(x):\n    return 2 * x\n")
    folder = root / "source" / "ps0_fixture"
    folder.mkdir(parents=True)
    (folder / "ps0_fixture.ipynb").write_text(json.dumps(nb))
    broken = Course.at(root)
    text = "\n".join(str(p) for p in lint.lint(broken, broken.resolve(["ps0"])[0]))
    for expected in (
        "repeats cell",
        "points > 0",
        "BEGIN SOLUTION is never closed",
        "has no id",
        "stored outputs",
        "may only hold",
        "must open the test cell",
        "no check 'no_such_check'",
        "kernelspec must be python3",
        "utils.extra defines 'double'",
        "plain tqdm",
    ):
        assert expected in text, f"lint did not report {expected!r}:\n{text}"


def test_leak_check():
    source = nbformat.read(PS0_SOURCE, as_version=4)
    clean = copy.deepcopy(source)
    for cell in clean.cells:
        cell.source = validate.REGION.sub("", cell.source + "\n")
    assert validate.leaks(source, clean) == []
    leaky = copy.deepcopy(clean)
    next(
        c for c in leaky.cells if grade_id(c) == "solution_double"
    ).source += "\n    return 2.0 * np.asarray(x, dtype=float)"
    next(
        c for c in leaky.cells if grade_id(c) == "answer_why"
    ).source = "The caller still owns `x`: changing it in place would silently corrupt data used later."
    found = "\n".join(validate.leaks(source, leaky))
    assert "solution code of solution_double" in found and "model answer of answer_why" in found
    hidden = copy.deepcopy(clean)
    next(
        c for c in hidden.cells if grade_id(c) == "test_double_values"
    ).source += '\nimport autograder; autograder.run_check("ps0", "double_values", double)'
    assert validate.leaks(source, hidden)


# --- kernels and the pool --------------------------------------------------------------------------


def test_kernel_env(tmp_path):
    ipdir = kernel.make_ipython_dir(tmp_path)
    startup = ipdir / "profile_default" / "startup" / "00-autograder-arm.py"
    assert "autograder.in_kernel.arm" in startup.read_text()
    env = kernel.kernel_env(
        mode="quick", ipython_dir=ipdir, python_path="/course", single_thread=True, base={}
    )
    assert env["COURSE_MODE"] == "quick" and env["MPLBACKEND"] == "Agg" and env["OMP_NUM_THREADS"] == "1"
    assert env["IPYTHONDIR"] == str(ipdir) and env["PYTHONPATH"] == "/course"
    env = kernel.kernel_env(mode="full", ipython_dir=ipdir, python_path="/c", single_thread=False, base={})
    assert env["COURSE_MODE"] == "full" and "OMP_NUM_THREADS" not in env
    with pytest.raises(ValueError):
        kernel.kernel_env(mode="fast", ipython_dir=ipdir, python_path="/c", single_thread=False)


def _sleeper(pid_file: str) -> dict:
    import subprocess

    child = subprocess.Popen(["sleep", "60"], start_new_session=True)  # like a kernel: its own session
    Path(pid_file).write_text(str(child.pid))
    time.sleep(60)
    return {"never": True}


def _boom() -> dict:
    raise RuntimeError("broken task")


def _exit_hard() -> dict:
    os._exit(3)


def _ok(x: int) -> dict:
    return {"x": x * 2}


def test_pool_watchdog_kills_the_task_and_what_it_started(tmp_path):
    pid_file = tmp_path / "pid"
    tasks = [
        pool.Task("slow", _sleeper, (str(pid_file),), timeout=2.0),
        pool.Task("boom", _boom),
        pool.Task("exit", _exit_hard),
        pool.Task("ok", _ok, (21,)),
    ]
    started = time.monotonic()
    outcomes = {o.task.key: o for o in pool.run_tasks(tasks, jobs=2, workdir=tmp_path / "pool")}
    assert time.monotonic() - started < 30
    assert outcomes["slow"].status == "timeout"
    assert outcomes["boom"].status == "error" and "broken task" in outcomes["boom"].reason
    assert outcomes["exit"].status == "crashed"
    assert outcomes["ok"].result == {"x": 42}
    import psutil

    grandchild = int(pid_file.read_text())
    time.sleep(0.2)
    try:  # killed: gone, or a zombie waiting for init to reap it
        assert psutil.Process(grandchild).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        pass


# --- the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *cli.COMMANDS])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "--help"] if command else ["--help"])
    assert exc.value.code == 0
    assert f"usage: course {command or ''}" in capsys.readouterr().out  # the command's own help


def test_unknown_problem_set_is_a_clean_failure(course, capsys):
    assert cli.main(["status", "ps99", "--root", str(course.root)]) == 1
    assert "no problem set 'ps99'" in capsys.readouterr().err


def test_status_counts_add_up_to_the_students_listed():
    from autograder.records import CellRecord, StudentRecord

    pending = CellRecord("answer_x", "written", 2.0, None, None, None)
    done = CellRecord("test_x", "test", 1.0, 1.0, None, None)
    recs = [
        StudentRecord("a", "graded", cells=[done]),
        StudentRecord("b", "graded", cells=[done, pending]),
        StudentRecord("c", "invalid", reason="not valid notebook JSON"),
        StudentRecord("d", "timeout"),
        StudentRecord("e", "not graded"),
        StudentRecord("f", "no submission"),
        StudentRecord("g", "error"),
    ]
    n = cli.status_counts(recs)
    assert n == {"complete": 1, "manual": 1, "cells": 1, "waiting": 1, "missing": 1, "failed": 3}
    assert n["complete"] + n["manual"] + n["waiting"] + n["missing"] + n["failed"] == len(recs)

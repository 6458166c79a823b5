"""Grading ONE submission: `grade_one(task)`.

In its own scratch course directory (a copy of the problem set's template, see `autograder.template`):
the submission, first parsed, repaired and scanned by `tamper.prepare`, then nbgrader's `Autograde`
converter, whose `Execute` step is `execute.CourseExecute` (the kernel in the sandbox, the checks in
the grader). Returns a JSON-serializable result: per-cell scores, the messages of failed tests, the
tamper report (with the runtime findings) and the autograded notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from autograder import gradebook, tamper
from autograder.course import (
    Course,
    chdir,
    grade_id,
    is_autograded_test,
    nbgrader_meta,
    patch_nbgrader,
    quiet_logs,
    read_json,
    write_notebook,
)
from autograder.grade_result import CellResult, GradeResult
from autograder.problemsets import ProblemSet


@dataclass
class GradeTask:
    """Everything `grade_one` needs; plain data so that any executor can ship it."""

    course_root: str
    ps_short: str
    ps_name: str
    student: str
    submission: str  # path of the submitted notebook
    template: str  # Template.folder
    cell_timeout: int = 120
    mode: str = "quick"
    single_thread: bool = False
    key: str = ""
    timestamp: str | None = None
    workdir: str | None = None
    memory_mb: int = 0
    sandbox: bool = True  # run the kernel in the bubblewrap sandbox (autograder.sandbox)
    cpu_seconds: int = 1800  # RLIMIT_CPU of the sandboxed kernel
    # `collect.release_ids(course)`, computed once per run by the coordinator; None: read when needed
    release_ids: dict[str, list[str]] | None = None


def _error_message(cell: dict) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), str(out.get("evalue", "")).strip()
            return f"{ename}: {evalue}" if evalue else ename
    return ""


def _cell_kind(cell: dict) -> str:
    meta = nbgrader_meta(cell)
    if is_autograded_test(cell):
        return "test"
    if meta.get("grade") and meta.get("solution"):
        return "written" if cell.get("cell_type") == "markdown" else "code_answer"
    return "other"


def _another_problem_set(
    course: Course, ps_name: str, raw: bytes, release_ids: dict[str, list[str]] | None = None
) -> ProblemSet | None:
    """The problem set a submission clearly belongs to when it is not `ps_name`'s (collect's rule,
    `collect.other_problem_set`), else None. A notebook handed in for the wrong problem set is reported
    as such, not as dozens of deleted cells. `release_ids`: `collect.release_ids(course)`, which the
    coordinator computes once per run (read here when absent)."""
    from autograder import collect

    try:
        nb = json.loads(raw)
        ps = next((p for p in course.problem_sets() if p.name == ps_name), None)
        if ps is None or not isinstance(nb, dict):
            return None
        if release_ids is None:
            release_ids = collect.release_ids(course)
        return collect.other_problem_set(nb, ps, release_ids)
    except (ValueError, RecursionError, AttributeError, TypeError):
        return None  # tamper.prepare says what is wrong with it


def grade_one(task: GradeTask | dict) -> dict:
    """`grade(task)` in its dict form (`GradeResult.to_dict`): what the executors run (`pool.Task.fn`
    returns JSON-able data) and what crosses the process and Dask boundaries."""
    return grade(task).to_dict()


def grade(task: GradeTask | dict) -> GradeResult:
    """Grade one submission in a scratch course directory (see the module docstring).

    Never raises for problems of the submission itself (those are a result with status "invalid");
    an exception means the grading machinery failed. The per-submission wall-clock limit is the
    executor's job (`pool.ForkPool` kills the process running this).
    """
    patch_nbgrader()
    if isinstance(task, dict):
        task = GradeTask(**task)
    started = time.monotonic()
    course = Course(Path(task.course_root))
    template = Path(task.template)
    release_nb = json.loads(template.joinpath("release.ipynb").read_text(encoding="utf-8"))
    result = GradeResult(
        student=task.student,
        ps=task.ps_name,
        status="graded",
        key=task.key,
        timestamp=task.timestamp,
        mode=task.mode,
        cell_timeout=task.cell_timeout,
    )
    try:
        raw = tamper.read_submission(task.submission)
    except tamper.InvalidSubmission as exc:
        return replace(result, status="invalid", reason=str(exc))
    other = _another_problem_set(course, task.ps_name, raw, task.release_ids)
    if other is not None:
        reason = (f"this is the notebook of {other.short} ({other.name}), not of {task.ps_short}: "
                  f"hand in your {task.ps_short} notebook")
        return replace(result, status="invalid", reason=reason, seconds=time.monotonic() - started)
    try:
        prepared = tamper.prepare(raw, release_nb)
    except tamper.InvalidSubmission as exc:
        return replace(result, status="invalid", reason=str(exc), seconds=time.monotonic() - started)

    timings = {"prepare": time.monotonic() - started}
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{task.ps_short}-", dir=task.workdir))
    run = _Run(task, course, scratch, release_nb, result, started, timings)
    try:
        return run.autograde(prepared)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass
class _Kernel:
    """Where and how the grading kernel runs."""

    env: dict[str, str]  # its environment (`kernel.kernel_env`)
    runtime_log: Path  # the kernel's record of the runtime guard's restorations
    readonly: list[str]  # course paths the sandbox shows read-only
    box_folder: Path  # the sandbox's one writable host folder (unused without the sandbox)


@dataclass
class _Run:
    """One submission, prepared, graded by nbgrader's `Autograde` in its scratch course directory."""

    task: GradeTask
    course: Course
    scratch: Path
    release_nb: dict
    base: GradeResult  # the result so far: who, what, the run's settings
    started: float  # time.monotonic() when grading began
    timings: dict[str, float]

    def autograde(self, prepared: tamper.Prepared) -> GradeResult:
        """Run nbgrader on the prepared notebook; the graded result, or an "error" one."""
        from autograder.release import capture_log

        self.write_course(prepared)
        kernel_setup = self.kernel()
        converter = self.converter(kernel_setup)
        log_lines: list[str] = []
        converter.log = capture_log(log_lines)
        findings = [f.as_dict() for f in prepared.findings]
        t_nbgrader = time.monotonic()
        try:
            with quiet_logs(), chdir(self.scratch):
                converter.start()
        except Exception as exc:
            lines = [m.strip().splitlines()[-1] for m in log_lines if m.strip()]
            detail = " | ".join(lines[-3:]) or str(exc)
            return self.error(f"nbgrader autograde failed: {detail}", findings)

        self.timings["nbgrader"] = time.monotonic() - t_nbgrader
        execution = read_json(self.scratch / "events.json") or {}  # what CourseExecute recorded while running
        self.timings.update(execution.get("timings", {}))
        faults = [v for v in execution.get("verdicts", []) if v.get("grader_fault")]
        if faults:  # the grader's own trouble (a dataset missing): nobody is scored, an instructor looks
            fault = faults[0]
            reason = f"grader fault in check {fault['ps']}.{fault['check']}: {fault['message']}"
            return self.error(reason, findings)
        return self.graded(execution, findings, kernel_setup.runtime_log)

    def error(self, reason: str, findings: list[dict]) -> GradeResult:
        return replace(self.base, status="error", reason=reason[:1500], tamper=findings,
                       seconds=time.monotonic() - self.started)

    def write_course(self, prepared: tamper.Prepared) -> None:
        """The scratch course: the submission, its time, the source (linked) and the template's gradebook."""
        task, scratch = self.task, self.scratch
        student_dir = scratch / "submitted" / task.student / task.ps_name
        student_dir.mkdir(parents=True)
        write_notebook(prepared.notebook, student_dir / f"{task.ps_name}.ipynb")
        if task.timestamp:
            (student_dir / "timestamp.txt").write_text(task.timestamp, encoding="utf-8")
        (scratch / "source").mkdir()
        os.symlink(self.course.root / "source" / task.ps_name, scratch / "source" / task.ps_name)
        shutil.copyfile(Path(task.template) / "gradebook.db", scratch / "gradebook.db")

    def kernel(self) -> _Kernel:
        """The kernel's environment: in the bubblewrap sandbox (autograder.sandbox), or without it."""
        from autograder import kernel

        task, course, scratch = self.task, self.course, self.scratch
        box_folder = scratch / "sandbox"  # the kernel's one writable host folder (see autograder.sandbox)
        if not task.sandbox:
            ipython_dir = kernel.make_ipython_dir(scratch)
            runtime_log = scratch / "runtime.jsonl"
            env = kernel.kernel_env(
                mode=task.mode,
                ipython_dir=ipython_dir,
                python_path=course.python_path(),
                single_thread=task.single_thread,
                runtime_log=runtime_log,
                home=str(scratch),
                data_dir=os.environ.get("COURSE_DATA_DIR"),
            )
            return _Kernel(env, runtime_log, [], box_folder)
        from autograder import sandbox

        box = sandbox.Sandbox(folder=box_folder)
        box.prepare()
        kernel.make_ipython_dir(folder=box_folder / "ipython")
        runtime_log = box.give(box_folder / "runtime.jsonl")
        data_dir = os.environ.get("COURSE_DATA_DIR") or str(course.root / "data")
        readonly = [str(p) for p in sandbox.course_readonly(course.root, Path(data_dir))]
        env = kernel.kernel_env(
            mode=task.mode,
            ipython_dir=sandbox.IPYTHON_DIR,
            python_path=str(course.root),
            single_thread=task.single_thread,
            runtime_log=runtime_log,
            home=sandbox.HOME,
            data_dir=data_dir,
        )
        return _Kernel(env, runtime_log, readonly, box_folder)

    def converter(self, setup: _Kernel):
        """nbgrader's `Autograde` converter for the scratch course, its `Execute` step `CourseExecute`."""
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.preprocessors import (
            AssignLatePenalties,
            CheckCellMetadata,
            IgnorePattern,
            LimitOutput,
            SaveAutoGrades,
        )

        from autograder.execute import CourseExecute

        task, scratch = self.task, self.scratch
        config = self.course.nbgrader_config(
            CourseDirectory__root=str(scratch),
            CourseDirectory__db_url=f"sqlite:///{scratch / 'gradebook.db'}",
            CourseDirectory__assignment_id=task.ps_name,
            CourseDirectory__student_id=task.student,
            Autograde__create_student=True,
            Autograde__force=True,
        )
        config.Autograde.autograde_preprocessors = [
            CourseExecute,
            IgnorePattern,
            ClearMetadataPreprocessor,
            LimitOutput,
            SaveAutoGrades,
            AssignLatePenalties,
            CheckCellMetadata,
        ]
        config.Execute.timeout = int(task.cell_timeout)
        # Output lost on the way (an oversized message) is not a reason to abandon the notebook; a lost
        # error is restored from the cell's reply (CourseExecute._check_raise_for_error).
        config.Execute.raise_on_iopub_timeout = False
        config.Execute.error_on_timeout = {
            "ename": "CellTimeoutError",
            "evalue": f"this cell ran longer than {int(task.cell_timeout)} s and was interrupted",
            "traceback": [f"CellTimeoutError: this cell ran longer than {int(task.cell_timeout)} s"],
        }
        config.CourseExecute.kernel_env = setup.env
        config.CourseExecute.events_file = str(scratch / "events.json")
        config.CourseExecute.kernel_log = str(scratch / "kernel.log")
        config.CourseExecute.memory_mb = int(task.memory_mb or 0)
        config.CourseExecute.sandbox_folder = str(setup.box_folder) if task.sandbox else ""
        config.CourseExecute.channel_folder = str(scratch / "channel")
        config.CourseExecute.readonly_paths = setup.readonly
        config.CourseExecute.cpu_seconds = int(task.cpu_seconds)
        coursedir = CourseDirectory(config=config)
        return Autograde(coursedir=coursedir, config=config)

    def graded(self, execution: dict, findings: list[dict], runtime_log: Path) -> GradeResult:
        """The graded result: scores from the scratch gradebook, the graded notebook, every finding."""
        task, scratch = self.task, self.scratch
        graded_path = scratch / "autograded" / task.student / task.ps_name / f"{task.ps_name}.ipynb"
        graded_nb = json.loads(graded_path.read_text(encoding="utf-8"))
        cells_by_id = {grade_id(c): c for c in graded_nb["cells"] if grade_id(c)}
        n_cells = len(graded_nb["cells"])
        failed_checks = {  # grade_ids of cells a hidden check's verdict failed
            grade_id(graded_nb["cells"][v["cell_index"]])
            for v in execution.get("verdicts", [])
            if not v.get("passed") and 0 <= v.get("cell_index", -1) < n_cells
        }
        db_url = f"sqlite:///{scratch / 'gradebook.db'}"
        scores = gradebook.submission_scores(db_url, task.ps_name)[task.student]
        cells = [
            _cell_result(score, cells_by_id.get(score.grade_id, {}), score.grade_id in failed_checks,
                         scores.auto_comments.get(score.grade_id))
            for score in scores.cells
        ]
        order = [grade_id(c) for c in self.release_nb["cells"] if grade_id(c)]
        cells.sort(key=lambda c: order.index(c.grade_id) if c.grade_id in order else len(order))
        findings = findings + _runtime_findings(graded_nb, execution.get("events", []), runtime_log)
        findings += [
            {"kind": "channel", "cell": "notebook", "detail": str(problem)[:500]}
            for problem in execution.get("channel_problems", [])
        ]
        findings += [  # a graded function that broke the task's rule: the instructor should look
            {"kind": "rule", "cell": grade_id(graded_nb["cells"][v["cell_index"]]) or "notebook",
             "detail": str(v.get("message", ""))[:500]}
            for v in execution.get("verdicts", [])
            if v.get("rule_broken") and 0 <= v.get("cell_index", -1) < n_cells
        ]
        return replace(
            self.base,
            cells=cells,
            tamper=findings,
            late_penalty=scores.late_penalty,
            notebook=graded_path.read_text(encoding="utf-8"),
            score=sum(c.points or 0.0 for c in cells if c.points is not None),
            max_score=sum(c.max_points for c in cells),
            seconds=time.monotonic() - self.started,
            timings={k: round(v, 3) for k, v in self.timings.items()},
            # False: the kernel had no PID namespace here, so it could signal the grader
            kernel_isolated=bool(execution.get("isolated", False)),
            # False: graded with --no-sandbox (the kernel could see the course and the network)
            sandboxed=bool(execution.get("sandboxed", False)),
            output_cut=[labels_of(graded_nb, i) for i in execution.get("output_cut", [])],
        )


def _cell_result(score: gradebook.CellScore, cell: dict, by_hidden_check: bool, auto_comment) -> CellResult:
    """A graded cell's result: its scores from the gradebook, its kind and error from the notebook."""
    return CellResult(
        grade_id=score.grade_id,
        kind=_cell_kind(cell) if cell else "other",
        points=score.auto,
        max_points=score.max_points,
        needs_manual_grade=score.needs_manual_grade,
        message=_error_message(cell) if cell else "",
        by_hidden_check=by_hidden_check,
        auto_comment=auto_comment,
    )


def labels_of(nb: dict, index: int) -> str:
    """The label of cell `index` of a notebook: its grade_id, else 'cell N'."""
    cells = nb.get("cells", [])
    return (grade_id(cells[index]) or f"cell {index + 1}") if 0 <= index < len(cells) else "notebook"


def _code_cell_labels(nb: dict) -> list[str]:
    """Labels of the code cells a kernel executes (non-empty), in order: grade_id or 'cell N'."""
    labels = []
    for i, cell in enumerate(nb["cells"]):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") == "code" and src.strip():
            labels.append(grade_id(cell) or f"cell {i + 1}")
    return labels


def _runtime_findings(graded_nb: dict, events: list[dict], runtime_log: Path) -> list[dict]:
    findings = []
    for event in events:
        idx = event.get("cell_index", -1)
        cells = graded_nb["cells"]
        label = (grade_id(cells[idx]) or f"cell {idx + 1}") if 0 <= idx < len(cells) else "notebook"
        findings.append({"kind": event["kind"], "cell": label, "detail": event.get("detail", "")})
    if runtime_log.exists():
        labels = _code_cell_labels(graded_nb)
        for line in runtime_log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict):  # the kernel writes this file: anything may be in it
                continue
            n = int(entry.get("cell", 0))
            before = labels[n - 1] if 0 < n <= len(labels) else f"executed cell {n}"
            findings.append(
                {
                    "kind": "runtime_restore",
                    "cell": before,
                    "detail": f"{entry.get('restored')} had been replaced; put back before this cell",
                }
            )
    return findings

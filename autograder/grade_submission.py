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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import tamper
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


def _another_problem_set(course: Course, ps_name: str, raw: bytes):
    """The problem set a submission clearly belongs to when it is not `ps_name`'s (collect's rule: fewer
    than half of its graded cells are this one's and another release holds more), else None. A notebook
    handed in for the wrong problem set is reported as such, not as dozens of deleted cells."""
    from autograder import collect

    try:
        nb = json.loads(raw)
        ps = next((p for p in course.problem_sets() if p.name == ps_name), None)
        if ps is None or not isinstance(nb, dict):
            return None
        return collect._other_problem_set(nb, ps, collect._release_ids(course))
    except (ValueError, RecursionError, AttributeError, TypeError):
        return None  # tamper.prepare says what is wrong with it


def grade_one(task: GradeTask | dict) -> dict:
    """Grade one submission in a scratch course directory; return the result (see module docstring).

    Never raises for problems of the submission itself (those are a result with status "invalid");
    an exception means the grading machinery failed. The per-submission wall-clock limit is the
    executor's job (`pool.ForkPool` kills the process running this).
    """
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    from autograder import kernel

    patch_nbgrader()
    if isinstance(task, dict):
        task = GradeTask(**task)
    started = time.monotonic()
    course = Course(Path(task.course_root))
    template = Path(task.template)
    release_nb = json.loads(template.joinpath("release.ipynb").read_text(encoding="utf-8"))
    result: dict[str, Any] = {
        "student": task.student,
        "ps": task.ps_name,
        "status": "graded",
        "reason": "",
        "cells": [],
        "tamper": [],
        "key": task.key,
        "timestamp": task.timestamp,
        "mode": task.mode,
        "cell_timeout": task.cell_timeout,
    }
    try:
        raw = tamper.read_submission(task.submission)
    except tamper.InvalidSubmission as exc:
        return {**result, "status": "invalid", "reason": str(exc)}
    other = _another_problem_set(course, task.ps_name, raw)
    if other is not None:
        return {**result, "status": "invalid", "seconds": time.monotonic() - started,
                "reason": f"this is the notebook of {other.short} ({other.name}), not of {task.ps_short}: "
                          f"hand in your {task.ps_short} notebook"}
    timings: dict[str, float] = {}
    try:
        prepared = tamper.prepare(raw, release_nb)
    except tamper.InvalidSubmission as exc:
        return {**result, "status": "invalid", "reason": str(exc), "seconds": time.monotonic() - started}

    timings["prepare"] = time.monotonic() - started
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{task.ps_short}-", dir=task.workdir))
    try:
        student_dir = scratch / "submitted" / task.student / task.ps_name
        student_dir.mkdir(parents=True)
        write_notebook(prepared.notebook, student_dir / f"{task.ps_name}.ipynb")
        if task.timestamp:
            (student_dir / "timestamp.txt").write_text(task.timestamp, encoding="utf-8")
        (scratch / "source").mkdir()
        os.symlink(course.root / "source" / task.ps_name, scratch / "source" / task.ps_name)
        shutil.copyfile(template / "gradebook.db", scratch / "gradebook.db")
        events_file = scratch / "events.json"
        box_folder = scratch / "sandbox"  # the kernel's one writable host folder (see autograder.sandbox)
        readonly: list[str] = []
        if task.sandbox:
            from autograder import sandbox

            box = sandbox.Sandbox(folder=box_folder)
            box.prepare()
            ipython_dir = kernel.make_ipython_dir(folder=box_folder / "ipython")
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
        else:
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
        db_url = f"sqlite:///{scratch / 'gradebook.db'}"
        config = course.nbgrader_config(
            CourseDirectory__root=str(scratch),
            CourseDirectory__db_url=db_url,
            CourseDirectory__assignment_id=task.ps_name,
            CourseDirectory__student_id=task.student,
            Autograde__create_student=True,
            Autograde__force=True,
        )
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        from nbgrader.preprocessors import (
            AssignLatePenalties,
            CheckCellMetadata,
            IgnorePattern,
            LimitOutput,
            SaveAutoGrades,
        )

        from autograder.execute import CourseExecute

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
        config.CourseExecute.kernel_env = env
        config.CourseExecute.events_file = str(events_file)
        config.CourseExecute.kernel_log = str(scratch / "kernel.log")
        config.CourseExecute.memory_mb = int(task.memory_mb or 0)
        config.CourseExecute.sandbox_folder = str(box_folder) if task.sandbox else ""
        config.CourseExecute.channel_folder = str(scratch / "channel")
        config.CourseExecute.readonly_paths = readonly
        config.CourseExecute.cpu_seconds = int(task.cpu_seconds)
        coursedir = CourseDirectory(config=config)
        converter = Autograde(coursedir=coursedir, config=config)
        log_lines: list[str] = []
        from autograder.release import capture_log

        converter.log = capture_log(log_lines)
        t_nbgrader = time.monotonic()
        try:
            with quiet_logs(), chdir(scratch):
                converter.start()
        except Exception as exc:
            lines = [m.strip().splitlines()[-1] for m in log_lines if m.strip()]
            detail = " | ".join(lines[-3:]) or str(exc)
            return {
                **result,
                "status": "error",
                "reason": f"nbgrader autograde failed: {detail}"[:1500],
                "tamper": [f.as_dict() for f in prepared.findings],
                "seconds": time.monotonic() - started,
            }

        timings["nbgrader"] = time.monotonic() - t_nbgrader
        execution = read_json(events_file) or {}  # what CourseExecute recorded while running
        timings.update(execution.get("timings", {}))
        faults = [v for v in execution.get("verdicts", []) if v.get("grader_fault")]
        if faults:  # the grader's own trouble (a dataset missing): nobody is scored, an instructor looks
            return {
                **result,
                "status": "error",
                "reason": f"grader fault in check {faults[0]['ps']}.{faults[0]['check']}: "
                          f"{faults[0]['message']}"[:1500],
                "tamper": [f.as_dict() for f in prepared.findings],
                "seconds": time.monotonic() - started,
            }
        graded_path = scratch / "autograded" / task.student / task.ps_name / f"{task.ps_name}.ipynb"
        graded_nb = json.loads(graded_path.read_text(encoding="utf-8"))
        cells_by_id = {grade_id(c): c for c in graded_nb["cells"] if grade_id(c)}
        n_cells = len(graded_nb["cells"])
        failed_checks = {  # grade_ids of cells a hidden check's verdict failed
            grade_id(graded_nb["cells"][v["cell_index"]])
            for v in execution.get("verdicts", [])
            if not v.get("passed") and not v.get("legacy") and 0 <= v.get("cell_index", -1) < n_cells
        }
        with quiet_logs(), Gradebook(db_url) as gb:
            nb_sub = gb.find_submission_notebook(task.ps_name, task.ps_name, task.student)
            comments = {c.name: c.auto_comment for c in nb_sub.comments}
            late = nb_sub.late_submission_penalty
            cells = []
            for g in nb_sub.grades:
                cell = cells_by_id.get(g.name, {})
                cells.append(
                    {
                        "grade_id": g.name,
                        "kind": _cell_kind(cell) if cell else "other",
                        "points": g.auto_score,
                        "max_points": float(g.max_score),
                        "needs_manual_grade": bool(g.needs_manual_grade),
                        "message": _error_message(cell) if cell else "",
                        "by_hidden_check": g.name in failed_checks,
                        "auto_comment": comments.get(g.name),
                    }
                )
        order = [grade_id(c) for c in release_nb["cells"] if grade_id(c)]
        cells.sort(key=lambda c: order.index(c["grade_id"]) if c["grade_id"] in order else len(order))
        findings = [f.as_dict() for f in prepared.findings]
        findings += _runtime_findings(graded_nb, execution.get("events", []), runtime_log)
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
        result.update(
            {
                "cells": cells,
                "tamper": findings,
                "late_penalty": late,
                "notebook": graded_path.read_text(encoding="utf-8"),
                "score": sum(c["points"] or 0.0 for c in cells if c["points"] is not None),
                "max_score": sum(c["max_points"] for c in cells),
                "seconds": time.monotonic() - started,
                "timings": {k: round(v, 3) for k, v in timings.items()},
                # False: the kernel had no PID namespace here, so it could signal the grader
                "kernel_isolated": bool(execution.get("isolated", False)),
                # False: graded with --no-sandbox (the kernel could see the course and the network)
                "sandboxed": bool(execution.get("sandboxed", False)),
                "output_cut": [labels_of(graded_nb, i) for i in execution.get("output_cut", [])],
            }
        )
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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

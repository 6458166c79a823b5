"""`course autograde`: the coordinator of grading, isolated, concurrent, resumable.

The rooms of grading, one job each:
- `template.build_template` — the problem set's assignment generated once, reused by every submission;
- `grade_submission.grade_one(task)` — ONE submission in its own scratch course directory, through
  nbgrader's `Autograde` whose `Execute` step is `execute.CourseExecute` (the kernel in the sandbox,
  the hidden tests' checks here in the grader, scores from their verdicts);
- this module, `autograde(...)`: checks the gradebook is in step with `source/`, builds or reuses the
  template, skips submissions whose inputs did not change (idempotent, resumable; `grading_key`),
  reports malformed ones, runs the rest through an executor — a `pool.ForkPool` (one forked child per
  submission, a watchdog per submission) or a `cluster.DaskExecutor` (one Dask task per submission,
  the same watchdog on the worker) — and writes each result, as it arrives, in this one process, into
  `autograded/<student>/<ps>/` and the course gradebook. Manual scores already in the gradebook are kept.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from autograder import gradebook, tamper
from autograder.course import (
    Course,
    CourseError,
    read_json,
    sha256_bytes,
    sha256_file,
    write_json,
    write_text_atomic,
)
from autograder.grade_result import GradeResult
from autograder.grade_submission import GradeTask, grade_one
from autograder.problemsets import ProblemSet
from autograder.template import GRADER_VERSION, Template, build_template

DEFAULT_TIMEOUT = 600.0  # seconds per submission
DEFAULT_MEMORY_MB = 4096  # address-space limit (RLIMIT_AS) of each grading kernel
RESULT_FILE = "grading.json"
TAMPER_FILE = "tamper.json"


def grader_code_fingerprint(package: Path) -> str:
    """A digest of every Python file of the grader's package (`autograder/`, checks included): what a
    stored result depends on in the code. No hand-kept list of files to forget."""
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return sha256_bytes(*(f"{p.relative_to(package).as_posix()}:{sha256_file(p)}".encode() for p in files))


# --- the coordinator -------------------------------------------------------------------------------


@dataclass
class Submission:
    """One student's entry for one problem set, as found under submitted/."""

    student: str
    path: Path | None
    problem: str = ""  # why it cannot be graded (missing, wrong file name)
    timestamp: str | None = None


def find_submissions(course: Course, ps: ProblemSet, students: list[str] | None = None) -> list[Submission]:
    """Submissions under `submitted/<student>/<ps>/`, including the ones that cannot be graded."""
    wanted = students or course.students_submitted(ps)
    out = []
    for student in wanted:
        folder = course.submission_dir(ps, student)
        expected = folder / f"{ps.name}.ipynb"
        ts_file = folder / "timestamp.txt"
        ts = _timestamp(ts_file)
        if expected.is_file():
            out.append(Submission(student, expected, timestamp=ts))
            continue
        if not folder.is_dir():
            out.append(Submission(student, None, f"no submission folder submitted/{student}/{ps.name}/"))
            continue
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        if others:
            out.append(
                Submission(
                    student,
                    None,
                    f"wrong file name {', '.join(others)} (expected "
                    f"{ps.name}.ipynb): rename it, or bring it in with `course collect`",
                )
            )
        else:
            out.append(
                Submission(
                    student, None, f"missing notebook: submitted/{student}/{ps.name}/ has no {ps.name}.ipynb"
                )
            )
    return out


def _timestamp(path: Path) -> str | None:
    """The submission time `collect` wrote (a hand-placed file may hold anything: ignored then)."""
    import re

    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 200:
            return None
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    date = r"\d{4}-\d{2}-\d{2}[ T][\d:.]+(?: ?[A-Z]{2,5}|[+-]\d{2}:?\d{2})?"
    return text if re.fullmatch(date, text) else None


def grading_key(course: Course, ps: ProblemSet, template: Template, raw: bytes, mode: str) -> str:
    """What a result depends on: the submission, the assignment, the checks and the grader itself."""
    return sha256_bytes(
        raw,
        template.signature.encode(),
        grader_code_fingerprint(course.checks_dir.parent).encode(),
        grader_code_fingerprint(course.root / "utils").encode(),  # what the kernel imports
        mode.encode(),
        GRADER_VERSION.encode(),
    )


class Executor(Protocol):
    """What runs the grading tasks: `pool.ForkPool` (local) or `cluster.DaskExecutor`."""

    jobs: int

    def run(self, tasks: list) -> Iterator: ...  # yields pool.Outcome as tasks finish

    def shutdown(self) -> None: ...  # stop what is running (interruption)


@dataclass
class RunSummary:
    ps: ProblemSet
    rows: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.rows if r["status"] in statuses)

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.rows if r["status"] not in ("graded",)]

    def line(self) -> str:
        graded = self.count("graded")
        skipped = sum(1 for r in self.rows if r.get("skipped"))
        flagged = sum(1 for r in self.rows if r.get("tamper"))
        bad = len(self.failed)
        text = (
            f"{self.ps.name}: {len(self.rows)} submissions, {graded} graded, {bad} could not be graded, "
            f"{flagged} with tamper findings; {skipped} unchanged since the last run (skipped); "
            f"{self.seconds:.1f} s"
        )
        return text + (" — INTERRUPTED: run again to resume" if self.interrupted else "")


def store_result(course: Course, ps: ProblemSet, result: GradeResult | dict) -> dict:
    """Save a result (a `GradeResult`, or its dict form) under autograded/<student>/<ps>/ — the graded
    notebook, tamper.json, then grading.json without the notebook — and a graded one into the
    gradebook; return its summary row (`summary_row`)."""
    if not isinstance(result, GradeResult):
        result = GradeResult.from_dict(result)
    out_dir = course.result_dir(ps, result.student)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb_path = out_dir / f"{ps.name}.ipynb"
    if result.status == "graded" and result.notebook is not None:
        write_text_atomic(nb_path, result.notebook)
        gradebook.record_result(course, ps.name, result)
    elif nb_path.exists():
        nb_path.unlink()  # an older graded notebook no longer stands for this submission
    write_json(out_dir / TAMPER_FILE, {"student": result.student, "ps": ps.name, "findings": result.tamper})
    stored = replace(result, notebook=None, graded_at=time.strftime("%Y-%m-%d %H:%M:%S"))
    write_json(out_dir / RESULT_FILE, stored.to_dict())  # last: its presence marks the submission as done
    return summary_row(stored)


def summary_row(result: GradeResult, skipped: bool = False) -> dict:
    """A result as one row of the run's summary: {"student", "status", "reason", "score", "max_score",
    "manual_pending": [grade_id, ...], "tamper": "2 x kind, ..." or "", "sandboxed", "seconds",
    "skipped"} (what `course autograde` prints and `on_row` receives)."""
    return {
        "student": result.student,
        "status": result.status,
        "reason": result.reason,
        "score": result.score,
        "max_score": result.max_score,
        "manual_pending": result.pending,
        "tamper": tamper.summarize(result.tamper),
        "sandboxed": result.sandboxed,
        "seconds": result.seconds if result.seconds is not None else 0.0,
        "skipped": skipped,
    }


def load_result(course: Course, ps: ProblemSet, student: str) -> dict | None:
    """The student's stored result in its dict form (`GradeResult.to_dict`; `GradeResult.from_dict`
    types it), or None when there is none."""
    return read_json(course.result_dir(ps, student) / RESULT_FILE)


def _stored_result(course: Course, ps: ProblemSet, student: str) -> GradeResult | None:
    """The student's stored result, typed; None when there is none or it cannot be read as one."""
    data = load_result(course, ps, student)
    try:
        return GradeResult.from_dict(data) if isinstance(data, dict) else None
    except TypeError:  # a hand-edited or truncated file: graded again
        return None


def autograde(
    course: Course,
    ps: ProblemSet,
    *,
    students: list[str] | None = None,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    cell_timeout: int | None = None,
    force: bool = False,
    mode: str = "quick",
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: bool = True,
    on_row: Callable[[dict], None] | None = None,
    executor: Executor | None = None,
    sandbox: bool = True,
) -> RunSummary:
    """Grade the submissions of `ps` (all of them, or `students`); see the module docstring.

    `executor` runs the grading tasks: by default a local `pool.ForkPool` of `jobs` processes; a
    `cluster.DaskExecutor` grades on a Dask cluster (`jobs` is then the cluster's). Either way the
    results come back here and are written by this process alone.

    `sandbox=False` (`--no-sandbox`) grades without the bubblewrap sandbox; with it (the default) a
    machine that cannot build the sandbox is refused with the reason and how to fix it.
    """
    from autograder import collect
    from autograder.pool import ForkPool

    if sandbox:
        _require_sandbox()
    started = time.monotonic()
    if cell_timeout is None:
        cell_timeout = int(course.nbgrader_config().Execute.get("timeout", 120) or 120)
    summary = RunSummary(ps)
    workdir = Path(tempfile.mkdtemp(prefix=f"course-autograde-{ps.short}-"))
    run = _AutogradeRun(course, ps, summary, workdir, jobs=jobs, timeout=timeout, cell_timeout=cell_timeout,
                        force=force, mode=mode, memory_mb=memory_mb, sandbox=sandbox,
                        release_ids=collect.release_ids(course))  # once, not per submission
    try:
        template = build_template(course, ps)
        tasks = [t for sub in find_submissions(course, ps, students) if (t := run.task_for(sub, template))]
        pool = executor or ForkPool(jobs, workdir / "pool")
        # one BLAS thread per kernel only when kernels share cores
        concurrent = min(pool.jobs, len(tasks)) > 1
        for t in tasks:
            t.args[0].single_thread = concurrent
        run.execute(pool, tasks, progress, on_row)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    summary.rows.sort(key=lambda r: r["student"])
    summary.seconds = time.monotonic() - started
    return summary


def _require_sandbox() -> None:
    """Refuse to autograde where the grading sandbox is not available (with the reason)."""
    from autograder import sandbox as sandbox_mod

    try:
        sandbox_mod.require()
    except sandbox_mod.SandboxUnavailable as exc:
        raise CourseError(f"cannot autograde: {exc}") from None


@dataclass
class _AutogradeRun:
    """One `autograde` run: its settings, and the summary its rows go to."""

    course: Course
    ps: ProblemSet
    summary: RunSummary
    workdir: Path
    jobs: int
    timeout: float
    cell_timeout: int
    force: bool
    mode: str
    memory_mb: int | None
    sandbox: bool
    release_ids: dict[str, list[str]] | None = None  # `collect.release_ids`: wrong-notebook detection

    def task_for(self, sub, template):
        """The grading task of one submission; None when it needs none (a row is stored instead): it
        cannot be read or parsed, or its stored result still stands."""
        from autograder.pool import Task

        course, ps, summary = self.course, self.ps, self.summary
        if sub.path is None:
            summary.rows.append(_store_invalid(course, ps, sub.student, sub.problem))
            return None
        try:
            raw = tamper.read_submission(sub.path)  # bounded; no symlink followed
        except tamper.InvalidSubmission as exc:
            summary.rows.append(_store_invalid(course, ps, sub.student, str(exc)))
            return None
        key = grading_key(course, ps, template, raw, self.mode)
        if self.reuse_previous(sub.student, key):
            return None
        try:
            tamper.parse(raw)
        except tamper.InvalidSubmission as exc:
            summary.rows.append(_store_invalid(course, ps, sub.student, str(exc), key=key))
            return None
        task = GradeTask(
            course_root=str(course.root),
            ps_short=ps.short,
            ps_name=ps.name,
            student=sub.student,
            submission=str(sub.path),
            template=str(template.folder),
            cell_timeout=int(self.cell_timeout),
            mode=self.mode,
            single_thread=self.jobs > 1,
            key=key,
            timestamp=sub.timestamp,
            workdir=str(self.workdir),
            memory_mb=int(self.memory_mb or 0),
            sandbox=self.sandbox,
            cpu_seconds=int(2 * self.timeout + 60),
            release_ids=self.release_ids,
        )
        return Task(sub.student, grade_one, (task,), timeout=self.timeout)

    def reuse_previous(self, student: str, key: str) -> bool:
        """Whether the student's stored result stands (same key, not forced, still valid); if so its row
        is added (and a graded result missing from the gradebook is put back)."""
        course, ps = self.course, self.ps
        previous = None if self.force else _stored_result(course, ps, student)
        if not (previous and previous.key == key and _still_valid(previous, self.timeout, self.cell_timeout)):
            return False
        if previous.status == "graded" and not gradebook.has_submission(course, ps.name, student):
            gradebook.record_result(course, ps.name, previous)
        self.summary.rows.append(summary_row(previous, skipped=True))
        return True

    def execute(self, pool, tasks: list, progress: bool, on_row: Callable[[dict], None] | None) -> None:
        """Run the tasks on the pool and store each result as it comes (once per student); Ctrl-C stops
        the pool and marks the summary interrupted."""
        bar = _progress(len(tasks), f"autograde {self.ps.short}", progress)
        seen: set[str] = set()
        try:
            for outcome in pool.run(tasks):
                task = outcome.task.args[0]
                if task.student in seen:  # an executor that delivered a submission twice: store it once
                    continue
                seen.add(task.student)
                if outcome.status == "ok":
                    result = GradeResult.from_dict(outcome.result)  # grade_one's dict, across the pool
                else:
                    result = self.failed_result(task, outcome)
                row = store_result(self.course, self.ps, result)
                self.summary.rows.append(row)
                if on_row:
                    on_row(row)
                bar.set_postfix_str(f"{row['student']}: {row['status']}", refresh=False)
                bar.update(1)
        except KeyboardInterrupt:
            pool.shutdown()
            self.summary.interrupted = True
        finally:
            bar.close()

    def failed_result(self, task: GradeTask, outcome) -> GradeResult:
        """The result of a task that timed out or failed in the pool (no cells graded)."""
        return GradeResult(
            student=task.student,
            ps=self.ps.name,
            status="timeout" if outcome.status == "timeout" else "error",
            reason=outcome.reason,
            key=task.key,
            seconds=outcome.seconds,
            timeout=self.timeout,
        )


def _store_invalid(course: Course, ps: ProblemSet, student: str, reason: str, key: str = "") -> dict:
    """Store an `invalid` result (a submission that cannot be graded, with the reason); its row."""
    return store_result(course, ps, GradeResult(student, ps.name, "invalid", reason, key=key or None))


def _still_valid(previous: GradeResult, timeout: float, cell_timeout: int) -> bool:
    """A stored result stands unless it timed out under a shorter limit than asked for now."""
    if previous.status == "timeout":
        return float(previous.timeout or 0) >= timeout
    if previous.status == "error":
        return False
    return True


def _progress(total: int, desc: str, enabled: bool):

    from tqdm.auto import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the coordinator forks
    return tqdm(
        total=total,
        desc=desc,
        unit="nb",
        disable=not enabled or total == 0,
        file=sys.stderr,
        dynamic_ncols=True,
        leave=False,
    )


__all__ = [  # the public face of grading (the rooms' own names re-exported for the commands)
    "GradeTask",
    "GradeResult",
    "Template",
    "RunSummary",
    "autograde",
    "build_template",
    "grade_one",
    "find_submissions",
    "store_result",
    "load_result",
]

"""`course validate [PS ...]`: is each problem set ready to release?

1. lint the source notebook (`autograder.lint`);
2. execute the source: the reference answers go through the real grading pipeline (`grading.grade_one`
   with the problem set's template: armed kernel, hidden tests restored by nbgrader) and must earn every
   autograded point, with no error in any cell;
3. "no free points": the student version, handed in unchanged, must earn 0 autograded points;
4. the student version holds no solution code, no hidden test and no model answer;
5. no given code (notebook cells, `utils`) passes a graded check (`autograder.given_code`; reported as
   `given_code.LEVEL`).
Steps 2 and 3 are one notebook execution each, run concurrently (`--jobs`). `COURSE_MODE` is `quick`
(CI) or, with `--full`, `full` (what students run). `--attacks` also grades the generic attacks of
`autograder.adversarial` against the problem set and checks that none earns undeserved points.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import lint as lint_mod
from autograder.course import Course, nbgrader_meta, source_of, write_notebook
from autograder.problemsets import ProblemSet

MARKER_TEXT = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
REGION = re.compile(
    r"^[ \t]*### BEGIN (SOLUTION|HIDDEN TESTS)[ \t]*\n(.*?)^[ \t]*### END \1[ \t]*$", re.MULTILINE | re.DOTALL
)
MIN_LEAK_LEN = 12  # shorter lines ("return x", "pass") are too common to call a leak


@dataclass
class Report:
    ps: ProblemSet
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def leaks(source_nb: dict, release_nb: dict) -> list[str]:
    """Solution code, hidden tests or model answers that reached the student version."""
    found = []
    release_text = "\n".join(source_of(c) for c in release_nb["cells"])
    for marker in MARKER_TEXT:
        if marker in release_text:
            found.append(f"the student version contains '### {marker}'")
    if re.search(r"\bautograder\b|\brun_check\b", release_text):
        found.append("the student version mentions autograder/run_check (a hidden test line)")
    for cell in release_nb["cells"]:
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count")):
            found.append(f"cell {cell.get('id')} of the student version has stored outputs")
    outside: set[str] = set()
    secret: dict[str, str] = {}
    for cell in source_nb["cells"]:
        src = source_of(cell)
        for m in REGION.finditer(src + "\n"):
            what = (
                "hidden test"
                if m.group(1) == "HIDDEN TESTS"
                else ("model answer" if cell["cell_type"] == "markdown" else "solution code")
            )
            for line in m.group(2).splitlines():
                if len(line.strip()) >= MIN_LEAK_LEN:
                    secret.setdefault(line.strip(), f"{what} of {nbgrader_meta(cell).get('grade_id')}")
        for line in REGION.sub("", src + "\n").splitlines():
            outside.add(line.strip())
    release_lines = {line.strip() for c in release_nb["cells"] for line in source_of(c).splitlines()}
    for line, where in secret.items():
        if line in release_lines and line not in outside:
            found.append(f"the student version contains a line of the {where}: {line[:60]!r}")
    return found


def _reference_variant():
    from autograder.corpus import Variant

    return Variant(
        name="reference",
        path=Path("<reference>"),
        description="the source's own answers",
        kind="reference",
        fails={},
        sections={},
    )


def validate(
    course: Course,
    pss: list[ProblemSet],
    *,
    mode: str = "quick",
    jobs: int = 1,
    timeout: float = 1800.0,
    cell_timeout: int | None = None,
    attacks: bool = False,
    progress: bool = True,
    sandbox: bool = True,
) -> list[Report]:
    """Validate each problem set (the steps of the module docstring); one report per problem set."""
    if sandbox:
        _require_sandbox()
    if cell_timeout is None:
        cell_timeout = int(course.nbgrader_config().Execute.get("timeout", 120) or 120)
    workdir = Path(tempfile.mkdtemp(prefix="course-validate-"))
    run = _Validation(course, mode, jobs, timeout, cell_timeout, attacks, sandbox, workdir,
                      reports={ps.name: Report(ps) for ps in pss})
    try:
        tasks = [t for ps in pss for t in run.prepare(ps)]
        concurrent = min(jobs, len(tasks)) > 1
        for t in tasks:
            t.args[0].single_thread = concurrent
        if pss:  # step 5: no given code solves a graded task (autograder.given_code)
            from autograder import given_code

            tasks.append(given_code.validate_task(course.root, pss))
        run.execute(tasks, progress)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return [run.reports[ps.name] for ps in pss]


def _require_sandbox() -> None:
    """Refuse to validate where the grading sandbox is not available."""
    from autograder import sandbox as sandbox_mod
    from autograder.course import CourseError

    try:
        sandbox_mod.require()
    except sandbox_mod.SandboxUnavailable as exc:
        raise CourseError(f"cannot validate: {exc}") from None


@dataclass
class _Validation:
    """One `validate` run: its settings, its work folder, the reports and the attacks' expectations."""

    course: Course
    mode: str
    jobs: int
    timeout: float
    cell_timeout: int
    attacks: bool
    sandbox: bool
    workdir: Path
    reports: dict[str, Report]
    expectations: dict[str, object] = field(default_factory=dict)
    _release_ids: dict[str, list[str]] | None = None  # collect.release_ids, read once per run

    # --- before executing: lint, release, leaks, the notebooks to grade ---------------------------

    def prepare(self, ps: ProblemSet) -> list:
        """Lint a problem set, build its release (template) and check it for leaks; the grading tasks
        of its notebooks to execute (none if the release cannot be built)."""
        from autograder import grading

        rep = self.reports[ps.name]
        started = time.monotonic()
        for p in lint_mod.lint(self.course, ps):
            (rep.problems if p.level == "error" else rep.warnings).append(f"lint: [{p.cell}] {p.message}")
        rep.seconds["lint"] = time.monotonic() - started
        started = time.monotonic()
        try:
            template = grading.build_template(
                self.course, ps, self.workdir / ps.short / "template", check_gradebook=False
            )
        except Exception as exc:
            rep.problems.append(f"release: {exc}")
            return []
        rep.seconds["release"] = time.monotonic() - started
        source_nb = nbformat.read(ps.source, as_version=4)
        release_nb = nbformat.read(template.release, as_version=4)
        rep.problems += [f"leak: {x}" for x in leaks(source_nb, release_nb)]
        submissions = self.submissions(ps, source_nb, release_nb)
        return [self.grade_task(ps, name, nb, template) for name, nb in submissions.items()]

    def submissions(self, ps: ProblemSet, source_nb: dict, release_nb: dict) -> dict[str, dict]:
        """The notebooks to grade: the reference, the unchanged student version and (`attacks`) each
        generic attack, whose expectation is recorded."""
        from autograder import adversarial, corpus

        submissions = {
            "reference": corpus.build_submission(source_nb, release_nb, _reference_variant()),
            "student-version": release_nb,
        }
        if self.attacks:
            for v in adversarial.attack_variants(source_nb):
                submissions[v.name] = corpus.build_submission(source_nb, release_nb, v)
                self.expectations[f"{ps.name}/{v.name}"] = v
        return submissions

    def grade_task(self, ps: ProblemSet, name: str, nb: dict, template):
        """Write a notebook to the work folder; the pool task that grades it (attacks that hang get short
        cell time limits)."""
        from autograder import adversarial, collect, grading
        from autograder.pool import Task

        if self._release_ids is None:  # read every release once, not once per submission
            self._release_ids = collect.release_ids(self.course)
        path = self.workdir / ps.short / f"{name}.ipynb"
        write_notebook(nb, path)
        short_cells = name in adversarial.HANGS
        task = grading.GradeTask(
            course_root=str(self.course.root),
            ps_short=ps.short,
            ps_name=ps.name,
            student=name,
            submission=str(path),
            template=str(template.folder),
            cell_timeout=min(self.cell_timeout, 20) if short_cells else self.cell_timeout,
            mode=self.mode,
            single_thread=self.jobs > 1,
            workdir=str(self.workdir),
            memory_mb=grading.DEFAULT_MEMORY_MB,
            sandbox=self.sandbox,
            release_ids=self._release_ids,
        )
        return Task(f"{ps.name}/{name}", grading.grade_one, (task,), timeout=self.timeout)

    # --- executing and judging ---------------------------------------------------------------------

    def execute(self, tasks: list, progress: bool) -> None:
        """Run the tasks in the fork pool (with a progress bar) and record each outcome."""
        from tqdm.auto import tqdm

        from autograder.pool import ForkPool

        tqdm.monitor_interval = 0  # no monitor thread: the pool forks
        bar = tqdm(
            total=len(tasks), desc="validate", unit="nb", disable=not progress or not tasks, leave=False
        )
        try:
            for outcome in ForkPool(self.jobs, self.workdir / "pool").run(tasks):
                bar.update(1)
                self.record(outcome)
            self.note_attacks()
        finally:
            bar.close()

    def record(self, outcome) -> None:
        """Judge one task's outcome into its problem set's report."""
        from autograder import given_code

        ps_name, name = outcome.task.key.split("/", 1)
        rep = self.reports[ps_name]
        if name == given_code.KEY:
            given_code.report(outcome, self.reports)
            return
        if outcome.status != "ok" or outcome.result.get("status") != "graded":
            why = outcome.reason or (outcome.result or {}).get("reason", "")
            rep.problems.append(f"{name}: could not be executed: {why}")
            return
        result = outcome.result
        rep.seconds[name] = outcome.seconds
        tests = [c for c in result["cells"] if c["kind"] == "test"]
        if name == "reference":
            self.judge_reference(rep, result, tests, outcome.seconds)
        elif name == "student-version":
            _judge_student_version(rep, tests)
        else:
            _judge_attack(rep, name, self.expectations[f"{ps_name}/{name}"], result, tests)

    def judge_reference(self, rep: Report, result: dict, tests: list[dict], seconds: float) -> None:
        """The reference must earn every autograded point, raise no error, and trip no tamper check."""
        got = sum(c["points"] or 0.0 for c in tests)
        total = sum(c["max_points"] for c in tests)
        for c in tests:
            if (c["points"] or 0.0) < c["max_points"]:
                rep.problems.append(f"reference: {c['grade_id']} fails: {c['message']}")
        for cell_error in _errors(result):
            rep.problems.append(f"reference: {cell_error}")
        if result.get("tamper"):
            rep.warnings.append(
                "reference: tamper report is not empty: "
                + "; ".join(f"{f['kind']} ({f['cell']})" for f in result["tamper"])
            )
        rep.notes.append(
            f"source executes: {got:g}/{total:g} autograded points "
            f"in {seconds:.1f} s ({self.mode} mode)"
        )

    def note_attacks(self) -> None:
        """How many of each problem set's attacks earned no undeserved points."""
        for rep in self.reports.values():
            n_attacks = sum(1 for k in self.expectations if k.startswith(rep.ps.name + "/"))
            if n_attacks:
                bad = len({p.split(":")[0] for p in rep.problems if p.startswith("attack ")})
                rep.notes.append(f"attacks: {n_attacks - bad}/{n_attacks} earned no undeserved points")


def _judge_student_version(rep: Report, tests: list[dict]) -> None:
    """No free points: the unchanged student version must earn 0 autograded points."""
    total = sum(c["max_points"] for c in tests)
    free = [c for c in tests if (c["points"] or 0.0) > 0]
    for c in free:
        rep.problems.append(
            f"free points: {c['grade_id']} gives {c['points']:g} points to the "
            "unchanged student version"
        )
    if not free:
        rep.notes.append(f"no free points: the student version earns 0/{total:g}")


def _judge_attack(rep: Report, name: str, v, result: dict, tests: list[dict]) -> None:
    """An attack must earn no undeserved points and be flagged as its variant expects."""
    from autograder import corpus

    res = {
        c["grade_id"]: corpus.CellResult(
            c["grade_id"], c["points"] or 0.0, c["max_points"], c["message"],
            by_hidden_check=bool(c.get("by_hidden_check")),
        )
        for c in tests
    }
    issues = corpus.judge(v, res)
    kinds = {f["kind"] for f in result.get("tamper", [])}
    missing = set(v.namespace.get("EXPECT_TAMPER", ())) - kinds
    if missing:
        issues.append(f"tamper report lacks {sorted(missing)}")
    for issue in issues:
        rep.problems.append(f"attack {name}: {issue}")


def _errors(result: dict) -> list[str]:
    """Errors in any cell of an executed notebook (the reference must run cleanly)."""
    import json

    nb = json.loads(result.get("notebook") or '{"cells": []}')
    out = []
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                label = nbgrader_meta(cell).get("grade_id") or f"cell {i + 1}"
                out.append(f"{label} raised {o.get('ename')}: {str(o.get('evalue', ''))[:200]}")
    return out

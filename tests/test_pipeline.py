"""The real `course` pipeline, end to end, on a temporary copy of the course.

One session-scoped run (shared by every test here): copy the course and add the fixture problem set
`ps0_fixture`; `course release`; build the submissions — the E2E variants of every problem set's corpus,
the generic attacks of `autograder.adversarial` (all of them on the fast fixture, `run_check`
monkeypatching on the first real problem set too) and three malformed submissions — zip them the way
Canvas names downloads; `course collect`; `course autograde --jobs 2` (a 10 s cell limit on the
fixture, which holds the hangs).
The tests then inspect that one run: exact per-cell scores (`corpus.judge`), tamper reports, malformed
submissions reported, feedback without leaks, status, export, an idempotent re-run and a resumed one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder import adversarial, corpus
from autograder.course import Course
from autograder.demo import copy_course, submissions_zip, write_roster
from autograder.problemsets import REPO, ProblemSet, discover
from tests.course_helpers import (
    FIXTURE,
    add_fixture,
    course_cmd,
    interrupt_after_first,
    kernels_under,
    scored_tests,
)

pytestmark = pytest.mark.slow

FIXTURE_CELL_TIMEOUT = 10
SECRET = "lms-token-3f9c1e0b7a"
REAL_ATTACKS = ("attack_patch_run_check",)
# Developers: COURSE_TEST_PS=ps0,ps1 limits the session run to those problem sets.
ONLY = {x.strip() for x in os.environ.get("COURSE_TEST_PS", "").split(",") if x.strip()}
MALFORMED = {
    "broken-json": "not valid notebook JSON",
    "wrong-name": "wrong file name",
    "no-notebook": "missing notebook",
}


def _fixture_ps(root: Path) -> ProblemSet:
    return ProblemSet("ps0", "ps0_fixture", root)


def _variants(ps: ProblemSet, source_nb) -> list[corpus.Variant]:
    """The E2E variants of the corpus; all attacks on the fixture, the real ones on the first real set."""
    chosen = [v for v in corpus.load_variants(ps.corpus) if v.e2e] if ps.corpus.is_dir() else []
    if ps.short == "ps0":
        return chosen + adversarial.attack_variants(source_nb)
    real = [p.short for p in discover(REPO)]
    if real and ps.short == real[0]:
        return chosen + adversarial.attack_variants(source_nb, REAL_ATTACKS)
    return chosen


def _planned() -> list[tuple[str, str]]:
    """(problem set, variant) pairs graded by the session run, known at collection time."""
    out = []
    sets = [_fixture_ps(FIXTURE)] + discover(REPO)
    for ps in sets:
        if ONLY and ps.short not in ONLY and ps.short != "ps0":
            continue
        source_nb = nbformat.read(ps.source, as_version=4)
        out += [(ps.short, v.name) for v in _variants(ps, source_nb)]
    return out


PLANNED = _planned()


@dataclass
class Graded:
    course: Course
    variants: dict[str, dict[str, corpus.Variant]] = field(default_factory=dict)
    runs: list[subprocess.CompletedProcess] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def result(self, ps_short: str, student: str) -> dict:
        ps = self.course.resolve([ps_short])[0]
        return json.loads((self.course.result_dir(ps, student) / "grading.json").read_text())

    @property
    def output(self) -> str:
        return "\n".join(r.stdout + r.stderr for r in self.runs)


def _malformed(course: Course, ps: ProblemSet) -> None:
    broken = course.submission_dir(ps, "broken-json")
    broken.mkdir(parents=True)
    (broken / f"{ps.name}.ipynb").write_text(
        '{"cells": [ {"cell_type": "code", "source": "x = 1"', encoding="utf-8"
    )
    wrong = course.submission_dir(ps, "wrong-name")
    wrong.mkdir(parents=True)
    shutil.copyfile(ps.release, wrong / f"{ps.name} (1).ipynb")
    empty = course.submission_dir(ps, "no-notebook")
    empty.mkdir(parents=True)
    (empty / "notes.txt").write_text("forgot the notebook", encoding="utf-8")


@pytest.fixture(scope="session")
def graded(tmp_path_factory) -> Graded:
    work = tmp_path_factory.mktemp("pipeline")
    course = copy_course(REPO, work / "course")
    add_fixture(course.root)
    for ps in course.problem_sets():
        if ONLY and ps.short not in ONLY and ps.short != "ps0":
            shutil.rmtree(ps.source.parent)
    run = Graded(course)
    started = time.monotonic()
    run.runs.append(course_cmd("release", root=course.root, check=True))
    run.seconds["release"] = time.monotonic() - started
    first_id = 10000
    for ps in course.problem_sets():
        source_nb = nbformat.read(ps.source, as_version=4)
        variants = _variants(ps, source_nb)
        run.variants[ps.short] = {v.name: v for v in variants}
        download = work / f"{ps.short}.zip"
        ids = submissions_zip(course, ps, variants, download, first_id=first_id)
        first_id += 1000
        roster = write_roster(work / f"{ps.short}-roster.csv", ids)
        run.runs.append(
            course_cmd(
                "collect", ps.short, str(download), "--roster", str(roster), root=course.root, check=True
            )
        )
    ps0 = course.resolve(["ps0"])[0]
    _malformed(course, ps0)
    started = time.monotonic()
    os.environ[adversarial.SECRET_VAR] = SECRET  # in the grader's environment: no kernel may see it
    try:
        run.runs.append(
            course_cmd(
            "autograde",
            "ps0",
            "--jobs",
            "2",
            "--cell-timeout",
            str(FIXTURE_CELL_TIMEOUT),
            "--timeout",
            "120",
            "--no-progress",
            root=course.root,
            )
        )
    finally:
        del os.environ[adversarial.SECRET_VAR]
    run.seconds["autograde ps0"] = time.monotonic() - started
    real = [ps.short for ps in course.problem_sets() if ps.short != "ps0"]
    if real:
        started = time.monotonic()
        # The grader's checks in quick mode, as the in-process corpus: the headline checks (ps2's MNIST,
        # ps4's CIFAR-10 retraining) run shortened; their full runs are covered by validate and unit tests.
        run.runs.append(course_cmd("autograde", *real, "--jobs", "2", "--no-progress", root=course.root,
                                   env={"COURSE_MODE": "quick"}))
        run.seconds["autograde " + " ".join(real)] = time.monotonic() - started
    print("\npipeline timings:", {k: round(v, 1) for k, v in run.seconds.items()})
    return run


# --- the run ---------------------------------------------------------------------------------------


def test_autograde_runs_and_reports_failures_with_nonzero_exit(graded):
    fixture_run = graded.runs[-2] if len(graded.course.problem_sets()) > 1 else graded.runs[-1]
    assert fixture_run.returncode == 1, fixture_run.stdout + fixture_run.stderr  # malformed ones failed
    assert "autograde: ps0_fixture:" in fixture_run.stdout
    assert "3 could not be graded" in fixture_run.stdout
    if len(graded.course.problem_sets()) > 1:
        real_run = graded.runs[-1]
        assert real_run.returncode == 0, real_run.stdout[-3000:] + real_run.stderr[-3000:]


def test_malformed_submissions_are_reported_and_others_graded(graded):
    for student, reason in MALFORMED.items():
        result = graded.result("ps0", student)
        assert result["status"] == "invalid" and reason in result["reason"], result
        assert student in graded.output and reason in graded.output
    assert graded.result("ps0", "reference")["status"] == "graded"


@pytest.mark.parametrize(("ps", "name"), PLANNED, ids=[f"{p}-{n}" for p, n in PLANNED])
def test_variant_scored_exactly_as_expected(graded, ps, name):
    variant = graded.variants[ps][name]
    result = graded.result(ps, name)
    assert result["status"] == "graded", result.get("reason")
    problems = corpus.judge(variant, scored_tests(result))
    assert not problems, f"{name} ({variant.description}):\n  " + "\n  ".join(problems)


ATTACKED = [p for p in PLANNED if p[1] in adversarial.ATTACKS]


@pytest.mark.parametrize(("ps", "name"), ATTACKED, ids=[f"{p}-{n}" for p, n in ATTACKED])
def test_tamper_report_lists_the_attack(graded, ps, name):
    # A problem set's own corpus file may share an attack's name; it declares no tamper findings.
    expected = set(graded.variants[ps][name].namespace.get("EXPECT_TAMPER", set()))
    course = graded.course
    report = json.loads((course.result_dir(course.resolve([ps])[0], name) / "tamper.json").read_text())
    kinds = {f["kind"] for f in report["findings"]}
    assert expected <= kinds, f"missing {expected - kinds} in {report['findings']}"


def test_kernels_ran_in_their_own_pid_namespace_where_possible(graded):
    """Every graded result says whether its kernel had a PID namespace; where `unshare` works (root,
    as on CI) all did, which is what lets attack_kill_grader run at all."""
    from autograder import isolation

    flags = {
        (ps, name): graded.result(ps, name).get("kernel_isolated")
        for ps, name in PLANNED
        if graded.result(ps, name)["status"] == "graded"
    }
    assert flags and set(flags.values()) == {isolation.available()}, flags


def test_kernels_ran_in_the_sandbox_where_possible(graded):
    """Every graded result says whether its kernel ran in the sandbox; where bwrap works (CI) all did."""
    from autograder import sandbox

    flags = {
        (ps, name): graded.result(ps, name).get("sandboxed")
        for ps, name in PLANNED
        if graded.result(ps, name)["status"] == "graded"
    }
    assert flags and set(flags.values()) == {sandbox.available()}, flags


SANDBOX_ATTACKS = [p for p in PLANNED if p[0] == "ps0" and p[1] in adversarial.NEEDS_SANDBOX]


def _sandbox_attack(name: str) -> None:
    if ("ps0", name) not in SANDBOX_ATTACKS:
        pytest.skip("the bubblewrap sandbox is not available here, so this attack was not run")


def test_sandbox_attacks_were_graded(graded):
    from autograder import sandbox

    if os.environ.get("SANDBOX_REQUIRED"):
        assert sandbox.available(), sandbox.describe()
    if sandbox.available():
        assert {n for _, n in SANDBOX_ATTACKS} == adversarial.NEEDS_SANDBOX


def test_no_kernel_wrote_into_the_course(graded):
    """attack_write_course wrote a marker wherever it could: nowhere in the course (templates, package
    caches, gradebooks) does it appear, except in the students' own notebooks and pages."""
    _sandbox_attack("attack_write_course")
    root = graded.course.root
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] in ("submitted", "feedback", "tests", "examples"):
            continue
        if rel.parts[0] == "autograded" and rel.parts[1] != ".templates":
            continue  # the students' autograded notebooks hold the attack's source
        assert not path.name.startswith("zz_sandbox_attack"), rel
        written = rel.parts[0] == "autograded" or "__pycache__" in rel.parts or path.suffix == ".db"
        if written:  # (the attack's own source, autograder/adversarial/, holds the marker)
            assert b"SANDBOX-ATTACK-MARKER" not in path.read_bytes(), rel


def test_no_kernel_saw_the_graders_secret(graded):
    _sandbox_attack("attack_read_secret")
    course = graded.course
    ps = course.resolve(["ps0"])[0]
    for student in [n for _, n in PLANNED if _ == "ps0"]:
        nb = course.result_dir(ps, student) / f"{ps.name}.ipynb"
        if nb.exists():
            assert SECRET not in nb.read_text(encoding="utf-8"), student
    text = (course.result_dir(ps, "attack_read_secret") / f"{ps.name}.ipynb").read_text(encoding="utf-8")
    assert "COURSE_MODE" in text  # the attack did print its environment: the allow-listed one


def test_a_flood_of_output_is_cut_by_the_grader(graded):
    _sandbox_attack("attack_flood")
    course = graded.course
    ps = course.resolve(["ps0"])[0]
    nb = course.result_dir(ps, "attack_flood") / f"{ps.name}.ipynb"
    assert nb.stat().st_size < 15_000_000, nb.stat().st_size  # 200 MB printed


def test_no_process_outlives_its_kernel(graded):
    _sandbox_attack("attack_linger")
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        assert b"SANDBOX-LINGER-MARKER" not in cmdline, entry.name


def test_limits_held_processes_and_disk(graded):
    """The attacks report how far they got (their own output, read here as evidence only)."""
    course = graded.course
    ps = course.resolve(["ps0"])[0]
    for name, pattern, limit in (
        ("attack_processes", r"processes started before the limit: (\d+)", 300),
        ("attack_disk", r"MB written: (\d+)", 2000),
    ):
        _sandbox_attack(name)
        text = (course.result_dir(ps, name) / f"{ps.name}.ipynb").read_text(encoding="utf-8")
        found = re.search(pattern, text)
        assert found and int(found.group(1)) < limit, (name, found and found.group(0))


def test_honest_submissions_have_empty_tamper_reports(graded):
    for ps in graded.variants:
        result = graded.result(ps, "reference")
        assert result["tamper"] == [], result["tamper"]


def test_gradebook_holds_the_results(graded):
    from nbgrader.api import Gradebook

    course = graded.course
    ps = course.resolve(["ps0"])[0]
    with Gradebook(course.db_url, course.course_id()) as gb:
        for student in ("reference", "mistake_identity", "attack_patch_run_check"):
            result = graded.result("ps0", student)
            nb = gb.find_submission_notebook(ps.name, ps.name, student)
            grades = {g.name: g.auto_score for g in nb.grades}
            assert grades == {c["grade_id"]: c["points"] for c in result["cells"]}
            assert nb.flagged == bool(result["tamper"])


# --- feedback, status, export ----------------------------------------------------------------------


def test_feedback_shows_tests_and_never_hidden_code(graded):
    from autograder.feedback import hidden_lines

    course = graded.course
    names = [ps.short for ps in course.problem_sets()]
    proc = course_cmd("feedback", *names, "--no-progress", root=course.root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for ps in course.problem_sets():
        secret = hidden_lines(nbformat.read(ps.source, as_version=4))
        pages = sorted((course.feedback).glob(f"*/{ps.name}/{ps.name}.html"))
        assert len(pages) >= len(graded.variants[ps.short])
        for page in pages:
            text = page.read_text(encoding="utf-8")
            assert "BEGIN HIDDEN" not in text and "END HIDDEN" not in text, page
            assert not [line for line in secret if line in text], page
            assert "Traceback (most recent call last)" not in text, page
            assert "autograder/checks" not in text and "checklib.py" not in text, page
    ps0 = course.resolve(["ps0"])[0]
    page = (course.feedback / "mistake_identity" / ps0.name / f"{ps0.name}.html").read_text(encoding="utf-8")
    assert "test_double_values" in page and "0 / 2" in page
    assert "returned x unchanged" in page  # the check's message
    assert "pending" in page  # the written answer nobody has graded yet
    broken = (course.feedback / "broken-json" / ps0.name / f"{ps0.name}.html").read_text(encoding="utf-8")
    assert "could not be graded" in broken


def test_status_shows_manual_cells_pending_and_failures(graded):
    proc = course_cmd("status", "ps0", root=graded.course.root)
    assert proc.returncode == 0
    out = proc.stdout
    assert "needs manual grading" in out and "answer_why" in out
    assert "failed to grade" in out and "broken-json" in out
    assert "status: ps0_fixture:" in out


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_export_formats(graded):
    course = graded.course
    ps0 = course.resolve(["ps0"])[0]
    students = course.students_submitted(ps0)
    totals = _csv(
        course_cmd("export", "ps0", "--format", "totals", "-o", "-", root=course.root, check=True).stdout
    )
    assert totals[0][:11] == [
        "assignment",
        "duedate",
        "timestamp",
        "student_id",
        "last_name",
        "first_name",
        "email",
        "raw_score",
        "late_submission_penalty",
        "score",
        "max_score",
    ]
    by_student = {row[3]: dict(zip(totals[0], row, strict=True)) for row in totals[1:]}
    assert set(students) <= set(by_student)
    ref = by_student["reference"]
    assert ref["score"] == "" and ref["raw_score"] == "3" and ref["pending"] == "answer_why"  # pending, not 0
    assert ref["status"] == "needs manual grading"
    assert by_student["broken-json"]["status"] == "invalid"
    long = _csv(
        course_cmd("export", "ps0", "--format", "long", "-o", "-", root=course.root, check=True).stdout
    )
    graded_students = [s for s in students if graded.result("ps0", s)["status"] == "graded"]
    # 3 graded cells per graded student; one row for everyone else the course knows (no submission, invalid)
    assert len(long) - 1 == 3 * len(graded_students) + (len(by_student) - len(graded_students))
    row = next(r for r in long if r[0] == "mistake_identity" and r[2] == "test_double_values")
    assert row[4:7] == ["0", "2", "failed"] and "unchanged" in row[7]
    names = [ps.short for ps in course.problem_sets()]
    proc = course_cmd("export", "--all", "--format", "canvas", root=course.root, check=True)
    canvas = _csv((course.autograded / "grades-all-canvas.csv").read_text())
    assert "grades-all-canvas.csv" in proc.stdout
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert len(canvas[0]) == 5 + len(names) and canvas[1][0] == "Points Possible"


# --- re-runs ---------------------------------------------------------------------------------------


DASK_SETS = ("ps1", "ps3")  # NumPy only; imports PyTorch (the faster of ps3/ps5)


def test_dask_grades_exactly_like_the_local_pool(graded, tmp_path):
    """A 2-worker LocalCluster regrades the session's submissions of ps1 and ps3 (a copy of
    the course, `--force`): per-cell scores identical to the local pool's, corpus expectations held."""
    sets = [s for s in DASK_SETS if s in graded.variants]
    if not sets:
        pytest.skip(f"COURSE_TEST_PS leaves none of {DASK_SETS}")
    copy = Course(shutil.copytree(graded.course.root, tmp_path / "course", symlinks=True))

    def cells(course: Course, short: str) -> dict[str, dict[str, float | None]]:
        ps = course.resolve([short])[0]
        return {
            s: {c["grade_id"]: c["points"] for c in json.loads(
                (course.result_dir(ps, s) / "grading.json").read_text())["cells"]}
            for s in graded.variants[short]
        }

    by_pool = {s: cells(graded.course, s) for s in sets}
    started = time.monotonic()
    run = course_cmd(
        "autograde", *sets, "--dask", "--workers", "2", "--force", "--no-progress", root=copy.root
    )
    graded.seconds["autograde --dask " + " ".join(sets)] = time.monotonic() - started
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "on a local cluster, 2 workers" in run.stdout
    for short in sets:
        ps = copy.resolve([short])[0]
        n = len(graded.variants[short])
        assert f"{ps.name}: {n} submissions, {n} graded" in run.stdout, run.stdout
        assert cells(copy, short) == by_pool[short]
        for name, variant in graded.variants[short].items():
            res = json.loads((copy.result_dir(ps, name) / "grading.json").read_text())
            assert not corpus.judge(variant, scored_tests(res)), (short, name)


def test_rerun_is_idempotent(graded):
    course = graded.course
    ps0 = course.resolve(["ps0"])[0]
    before = {p: p.read_bytes() for p in course.autograded.glob(f"*/{ps0.name}/*")}
    started = time.monotonic()
    proc = course_cmd(
        "autograde",
        "ps0",
        "--jobs",
        "2",
        "--cell-timeout",
        str(FIXTURE_CELL_TIMEOUT),
        "--no-progress",
        root=course.root,
    )
    elapsed = time.monotonic() - started
    graded_count = sum(
        1 for s in course.students_submitted(ps0) if graded.result("ps0", s)["status"] == "graded"
    )
    assert f", {graded_count} graded," in proc.stdout, proc.stdout
    assert re.search(r"; (\d+) unchanged since the last run", proc.stdout).group(1) == str(graded_count + 1)
    after = {p: p.read_bytes() for p in course.autograded.glob(f"*/{ps0.name}/*")}
    changed = [p for p in before if before[p] != after.get(p) and p.name != "grading.json"]
    assert not changed, changed
    print(f"\nidempotent re-run of ps0: {elapsed:.1f} s")


def test_a_grader_fault_is_a_grading_error_not_a_zero(graded):
    """A check that cannot run for the grader's own reasons (its data missing) scores nobody: the
    submission is reported as an error for the instructor, and the gradebook gets no grade for it."""
    course = graded.course
    ps0 = course.resolve(["ps0"])[0]
    probe = "grader_fault_probe"
    shutil.copytree(course.submission_dir(ps0, "reference"), course.submission_dir(ps0, probe))
    try:
        out = course_cmd("autograde", "ps0", "--student", probe, "--no-progress", root=course.root,
                         env={"COURSE_FIXTURE_GRADER_FAULT": "1"})
        assert out.returncode != 0, out.stdout
        result = json.loads((course.result_dir(ps0, probe) / "grading.json").read_text(encoding="utf-8"))
        assert result["status"] == "error", result
        assert "grader fault" in result["reason"] and "oracle is switched off" in result["reason"]
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(course.db_url, course.course_id()) as gb, pytest.raises(MissingEntry):
            gb.find_submission(ps0.name, probe)  # nobody scored
    finally:
        shutil.rmtree(course.submission_dir(ps0, probe), ignore_errors=True)
        shutil.rmtree(course.result_dir(ps0, probe), ignore_errors=True)


def test_interrupted_run_resumes(graded):
    """SIGINT mid-run: finished submissions stay done, the re-run grades only the rest."""
    course = graded.course
    ps0 = course.resolve(["ps0"])[0]
    students = ["reference", "alt_add", "mistake_identity", "mistake_inplace", "blank"]
    for s in students:
        shutil.rmtree(course.result_dir(ps0, s))
    code, out, done = interrupt_after_first(course, ps0, students, "--jobs", "1")
    assert code == 130, out
    assert 1 <= len(done) < len(students), (done, out)
    assert "INTERRUPTED" in out
    again = course_cmd(
        "autograde",
        "ps0",
        "--jobs",
        "2",
        "--no-progress",
        *[x for s in students for x in ("--student", s)],
        root=course.root,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"; {len(done)} unchanged since the last run" in again.stdout
    for s in students:
        problems = corpus.judge(graded.variants["ps0"][s], scored_tests(graded.result("ps0", s)))
        assert not problems, (s, problems)
    time.sleep(2)  # an orphaned kernel notices its parent is gone within a second
    assert not kernels_under(course.root), "kernels of the interrupted run are still alive"

"""`course demo` (what `make demo` runs): the instructor's workflow on a temporary copy of the course.

1. copy the course (source, release, utils, autograder, config, sample students) to a temporary folder;
2. `course release` there;
3. per problem set with sample students in `examples/submissions/<ps>/` (complete, partial, buggy, blank,
   one that hangs): build each student's notebook, zip them the way Canvas names downloads, and
   `course collect` the zip;
4. `course autograde` (concurrently, with a short cell time limit so the hanging student is cut off);
5. `course feedback` and `course export` (totals and long CSV);
6. print the grade table and copy feedback pages and CSVs to `demo-output/`.
Offline: nothing is downloaded (`make demo` seeds the data cache first).
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, notebook_text
from autograder.problemsets import ProblemSet

# Left out of a course copy: the course's own state and outputs, at the top level only (the grader's
# package has a `feedback` folder of its own) ...
COPY_TOP_LEVEL_IGNORED = frozenset({".venv", ".git", "submitted", "autograded", "feedback", "dist",
                                    "demo-output", "benchmarks"})
# ... and caches and gradebooks anywhere.
COPY_IGNORED_ANYWHERE = shutil.ignore_patterns("gradebook.db*", "__pycache__", "*.pyc", ".pytest_cache",
                                               ".ruff_cache", "*.egg-info", ".ipynb_checkpoints")


def copy_ignore(root: Path):
    """The `ignore` callable of `shutil.copytree` for a copy of the course at `root`."""
    top = Path(root).resolve()

    def ignore(folder: str, names: list[str]) -> set[str]:
        out = set(COPY_IGNORED_ANYWHERE(folder, names))
        if Path(folder).resolve() == top:
            out |= COPY_TOP_LEVEL_IGNORED.intersection(names)
        return out

    return ignore


FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "course"


def copy_course(root: Path, dest: Path, *, fixture: bool = False) -> Course:
    """A working copy of the course at `dest` (with the fixture problem set instead, if asked)."""
    shutil.copytree(root, dest, ignore=copy_ignore(root), symlinks=True)
    if fixture:
        shutil.rmtree(dest / "source", ignore_errors=True)
        shutil.rmtree(dest / "release", ignore_errors=True)
        shutil.rmtree(dest / "examples", ignore_errors=True)
        shutil.copytree(FIXTURE / "source", dest / "source")
        shutil.copytree(FIXTURE / "examples", dest / "examples")
        (dest / "release").mkdir()
    return Course(dest)


def _canvas_name(user_id: int, student: str, ps: ProblemSet) -> str:
    """How Canvas names a download: <name>_<user id>_<submission id>_<original file name>."""
    return f"{re.sub(r'[^a-z]', '', student.lower()) or 'student'}_{user_id}_{user_id + 4000}_{ps.name}.ipynb"


def submissions_zip(
    course: Course, ps: ProblemSet, variants: list, dest: Path, first_id: int = 1000, *,
    untouched_blank: bool = False,
) -> dict[str, str]:
    """Zip the notebooks of `variants` as an LMS (Canvas) download; return {LMS user id: variant name}.
    `untouched_blank`: a blank variant hands in the release exactly as given (as a real student who
    never opened it would: nbgrader then scores its unchanged written answers 0, nothing pending)."""
    from autograder.corpus import build_submission

    source_nb = nbformat.read(ps.source, as_version=4)
    release_nb = nbformat.read(ps.release, as_version=4)
    names = {}
    with zipfile.ZipFile(dest, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat warns about the duplicated cells some variants have
        for i, variant in enumerate(variants):
            if untouched_blank and variant.kind == "blank":
                nb = nbformat.from_dict(variant.mutate(copy.deepcopy(release_nb)))
            else:
                nb = build_submission(source_nb, release_nb, variant)
            zf.writestr(_canvas_name(first_id + i, variant.name, ps), notebook_text(nb))
            names[str(first_id + i)] = variant.name
    return names


def write_roster(path: Path, ids: dict[str, str]) -> Path:
    path.write_text("lms_id,student_id\n" + "".join(f"{k},{v}\n" for k, v in ids.items()), encoding="utf-8")
    return path


def sample_zip(course: Course, ps: ProblemSet, dest: Path) -> dict[str, str]:
    """Zip the sample students of `ps` (examples/submissions/<ps>/) as an LMS download."""
    from autograder.corpus import load_variants

    return submissions_zip(course, ps, load_variants(ps.examples), dest, untouched_blank=True)


def demo(
    course: Course,
    names: list[str] | None = None,
    *,
    jobs: int = 2,
    cell_timeout: int = 30,
    output: Path | None = None,
    fixture: bool = False,
    progress: bool = True,
    sandbox: bool = True,
) -> int:
    from autograder import collect as collect_mod
    from autograder import export as export_mod
    from autograder import feedback as feedback_mod
    from autograder import release as release_mod
    from autograder.grading import autograde

    started = time.monotonic()
    output = Path(output) if output else course.root / "demo-output"
    work = Path(tempfile.mkdtemp(prefix="course-demo-"))
    try:
        if not fixture and not course.problem_sets():
            fixture = True
            print("demo: the course has no problem sets yet; using the fixture problem set of the tests")
        copy = copy_course(course.root, work / "course", fixture=fixture)
        pss = [ps for ps in copy.resolve(names) if ps.examples.is_dir() and any(ps.examples.glob("*.py"))]
        if not pss:
            raise CourseError("no problem set has sample students in examples/submissions/<ps>/")
        print(f"demo: working on a copy of the course in {copy.root}")
        for ps in copy.problem_sets():
            release_mod.release(copy, ps)
        print(f"demo: released {len(copy.problem_sets())} problem sets")
        if output.exists():
            shutil.rmtree(output)
        output.mkdir(parents=True)
        table: list[tuple[str, str, str, str, str]] = []
        failed = 0
        for ps in pss:
            roster = work / f"{ps.short}-roster.csv"
            zip_path = work / f"{ps.short}-download.zip"
            write_roster(roster, sample_zip(copy, ps, zip_path))
            report = collect_mod.collect(copy, ps, zip_path, roster=roster)
            print(f"demo: collect: {report.line()}")
            summary = autograde(
                copy,
                ps,
                jobs=jobs,
                cell_timeout=cell_timeout,
                timeout=max(300, 6 * cell_timeout),
                progress=progress,
                sandbox=sandbox,
            )
            print(f"demo: autograde: {summary.line()}")
            pages, problems = feedback_mod.feedback(copy, ps, progress=progress)
            for p in problems:
                print(f"demo: feedback PROBLEM: {p}")
            dest = output / "feedback" / ps.name
            for page in pages:
                target = dest / f"{page.parent.parent.name}.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(page, target)
            for fmt in ("totals", "long"):
                export_mod.export(copy, [ps], fmt, output / f"grades-{ps.short}-{fmt}.csv")
            recs, status = export_mod.status_table(copy, ps)
            for r in recs:
                if r.status == "graded":
                    pts = f"{r.partial_score:g}/{r.max_score:g}" + (" +pending" if r.pending else "")
                else:
                    pts, failed = "-", failed + 1
                tam = ", ".join(sorted({f["kind"] for f in r.tamper}))
                table.append((ps.short, r.student, r.status, pts, tam or ""))
        print()
        print(f"{'ps':<5} {'student':<10} {'status':<10} {'points':<16} tamper / notes")
        for row in table:
            print(f"{row[0]:<5} {row[1]:<10} {row[2]:<10} {row[3]:<16} {row[4]}")
        print()
        print(
            f"demo: {len(table)} submissions in {len(pss)} problem sets graded, feedback and grades in "
            f"{output} ({time.monotonic() - started:.0f} s)"
        )
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)

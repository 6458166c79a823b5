"""Writing the pages: `course feedback PS` renders one page per student with a result, refuses any page
that would leak, and leaves nothing but pages in a student's feedback folder."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, write_text_atomic
from autograder.feedback.hidden import check_page, hidden_lines
from autograder.feedback.render import Renderer
from autograder.problemsets import ProblemSet
from autograder.records import StudentRecord, records


def student_page(
    course: Course, ps: ProblemSet, rec: StudentRecord, renderer: Renderer, forbidden: set[str]
) -> str:
    """One student's feedback page, or CourseError saying why it cannot be written (never a page
    that would show hidden-test content)."""
    nb_path = course.result_dir(ps, rec.student) / f"{ps.name}.ipynb"
    try:
        nb = (
            json.loads(nb_path.read_text(encoding="utf-8"))
            if (rec.status == "graded" and nb_path.exists())
            else None
        )
    except (OSError, ValueError, RecursionError) as exc:
        raise CourseError(f"the graded notebook cannot be read ({exc})") from None
    try:
        page = renderer.page(ps, rec, nb)
    except Exception as exc:
        raise CourseError(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    leaks = check_page(page, forbidden)
    if leaks:
        raise CourseError(f"it would show hidden test content ({leaks[0][:60]!r})")
    return page


def feedback(
    course: Course, ps: ProblemSet, *, students: list[str] | None = None, progress: bool = True
) -> tuple[list[Path], list[str]]:
    """Write feedback/<student>/<ps>/<ps>.html for every student with a result; return (pages, problems)."""
    from tqdm.auto import tqdm

    source_nb = nbformat.read(ps.source, as_version=4)
    forbidden = hidden_lines(source_nb)
    recs = [r for r in records(course, ps) if r.status not in ("no submission", "not graded")]
    if students:
        recs = [r for r in recs if r.student in students]
    if not recs:
        raise CourseError(f"{ps.name}: no graded submissions; run `course autograde {ps.short}` first")
    renderer = Renderer()
    written, problems = [], []
    for rec in tqdm(recs, desc=f"feedback {ps.short}", unit="page", disable=not progress, leave=False):
        try:
            page = student_page(course, ps, rec, renderer, forbidden)
        except CourseError as exc:
            problems.append(f"{rec.student}: feedback not written: {exc}")
            continue
        out = course.feedback / rec.student / ps.name / f"{ps.name}.html"
        write_text_atomic(out, page)
        written.append(out)
        clean_feedback_folder(out.parent)
    return written, problems


# What only graders may read: never copied into (or left in) a student's feedback folder.
GRADER_ONLY_FILES = ("grading.json", "tamper.json")


def clean_feedback_folder(folder: Path) -> list[Path]:
    """Remove from a feedback folder every file that is not a feedback page (nbgrader's own feedback
    copies every other file of the autograded folder: grading.json, tamper.json)."""
    removed = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if (path.is_file() or path.is_symlink()) and path.suffix != ".html":
                path.unlink()
                removed.append(path)
    return removed

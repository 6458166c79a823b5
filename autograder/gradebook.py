"""The one door to nbgrader's gradebook: `open_gradebook`, and the questions the course asks it.

nbgrader's `Gradebook` is opened here and nowhere else in `autograder/`, so the quiet logs, the
course's database URL and course id, the cheap creation of a new database (`patch_nbgrader`) and
nbgrader's `MissingEntry` are dealt with once. Two kinds of gradebook are asked:
- the course's (`course.db_url`: `gradebook.db`, or a server several graders share): `duedate`,
  `max_scores`, `roster`, `submission_scores`, `has_submission`, and `record_result` to write one
  grading result (adding the student and the submission when new);
- a private one, given by its URL (`sqlite:///<folder>/gradebook.db`: a grading template's, or a
  grading scratch folder's): `assignment_signature`, `set_duedate`, `submission_scores`.

Answers are plain values or small frozen dataclasses, read while the session is open (nbgrader's ORM
objects do not outlive it). Assignments and their one notebook are named by the problem set's folder
name (`ps.name`), as nbgrader names them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.course import Course, patch_nbgrader, quiet_logs, sha256_bytes

if TYPE_CHECKING:
    from nbgrader.api import Gradebook, SubmittedNotebook

    from autograder.grade_result import GradeResult

NBGRADER_COURSE_ID = "default_course"  # what nbgrader's Gradebook assumes when given no course id


@contextlib.contextmanager
def open_gradebook(where: Course | str, course_id: str | None = None) -> Iterator[Gradebook]:
    """nbgrader's `Gradebook`, open for the `with` block, with nbgrader's logging silenced.

    `where` is a course (its `db_url` and its course id) or a database URL; `course_id` then defaults
    to nbgrader's own default. nbgrader creates the database and its tables if they do not exist.
    """
    from nbgrader.api import Gradebook

    patch_nbgrader()
    if isinstance(where, Course):
        url, course_id = where.db_url, course_id or where.course_id()
    else:
        url = where
    with quiet_logs(), Gradebook(url, course_id or NBGRADER_COURSE_ID) as gb:
        yield gb


def exists(where: Course | str) -> bool:
    """Whether the gradebook can hold anything yet: its SQLite file exists, or it is on a server."""
    if isinstance(where, Course):
        return where.has_gradebook()
    return not where.startswith("sqlite:///") or Path(where[len("sqlite:///") :]).exists()


# --- the course's gradebook: what is asked of it ------------------------------------------------------


@dataclass(frozen=True)
class Student:
    """One student of the gradebook's roster (names and e-mail as formgrader or `nbgrader db` set them)."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class CellScore:
    """One graded cell of a submission, as the gradebook holds it."""

    grade_id: str
    auto: float | None  # the autograder's points (None: not autograded)
    manual: float | None  # a grader's points from formgrader, which override `auto`
    extra_credit: float | None
    max_points: float
    needs_manual_grade: bool


@dataclass(frozen=True)
class SubmissionScores:
    """A student's submission of one assignment (its notebook of the same name) in the gradebook."""

    student: str
    cells: tuple[CellScore, ...]  # in the gradebook's order
    auto_comments: dict[str, str | None]  # grade_id -> the autograder's comment on a written answer
    manual_comments: dict[str, str]  # grade_id -> a grader's comment ("" when none)
    late_penalty: float | None
    timestamp: str | None  # the submission time nbgrader recorded, as text


def duedate(course: Course, ps_name: str) -> dt.datetime | None:
    """The assignment's due date in the course gradebook (None: no gradebook, assignment or date)."""
    from nbgrader.api import MissingEntry

    if not exists(course):
        return None
    with open_gradebook(course) as gb:
        try:
            return gb.find_assignment(ps_name).duedate
        except MissingEntry:
            return None


def max_scores(course: Course, ps_names: Iterable[str]) -> dict[str, float]:
    """Maximum points per assignment recorded in the course gradebook ({ps_name: points}; an
    assignment not recorded yet is left out)."""
    from nbgrader.api import MissingEntry

    out: dict[str, float] = {}
    if not exists(course):
        return out
    with open_gradebook(course) as gb:
        for name in ps_names:
            try:
                out[name] = float(gb.find_assignment(name).max_score)
            except MissingEntry:
                pass
    return out


def roster(course: Course) -> list[Student]:
    """Every student the course gradebook knows, in its order ([] without a gradebook)."""
    if not exists(course):
        return []
    with open_gradebook(course) as gb:
        return [Student(s.id, s.first_name, s.last_name, s.email) for s in gb.students]


def submission_scores(where: Course | str, ps_name: str) -> dict[str, SubmissionScores]:
    """Every submission of assignment `ps_name` in the gradebook `where` (a course or a database URL),
    by student id; {} when there is no gradebook or no such assignment."""
    from nbgrader.api import MissingEntry

    if not exists(where):
        return {}
    with open_gradebook(where) as gb:
        try:
            assignment = gb.find_assignment(ps_name)
        except MissingEntry:
            return {}
        out = {}
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                if notebook.name == ps_name:
                    out[submission.student.id] = _scores(notebook)
        return out


def _scores(nb_sub: SubmittedNotebook) -> SubmissionScores:
    """The plain content of a submitted notebook (read while its session is open)."""
    timestamp = nb_sub.assignment.timestamp
    return SubmissionScores(
        student=nb_sub.student.id,
        cells=tuple(
            CellScore(g.name, g.auto_score, g.manual_score, g.extra_credit, float(g.max_score),
                      bool(g.needs_manual_grade))
            for g in nb_sub.grades
        ),
        auto_comments={c.name: c.auto_comment for c in nb_sub.comments},
        manual_comments={c.name: c.manual_comment or "" for c in nb_sub.comments},
        late_penalty=nb_sub.late_submission_penalty,
        timestamp=str(timestamp) if timestamp else None,
    )


def has_submission(course: Course, ps_name: str, student: str) -> bool:
    """Whether the course gradebook holds the student's submission of the assignment."""
    from nbgrader.api import MissingEntry

    with open_gradebook(course) as gb:
        try:
            gb.find_submission(ps_name, student)
            return True
        except MissingEntry:
            return False


def record_result(course: Course, ps_name: str, result: GradeResult) -> None:
    """Write one graded result into the course gradebook: the student and the submission (created when
    new), every cell's auto score, the auto comments of written answers, the late penalty, and the
    flag when tamper findings were made. A grader's manual scores stand: a cell is put back in the
    grader's queue only when the autograder changed its mind about it."""
    from nbgrader.api import MissingEntry

    student = result.student
    with open_gradebook(course) as gb:
        gb.update_or_create_student(student)
        kwargs = {"timestamp": result.timestamp} if result.timestamp else {}
        gb.update_or_create_submission(ps_name, student, **kwargs)
        nb_sub = gb.find_submission_notebook(ps_name, ps_name, student)
        for cell in result.cells:
            try:
                grade = gb.find_grade(cell.grade_id, ps_name, ps_name, student)
            except MissingEntry:
                continue
            previous = grade.auto_score
            grade.auto_score = cell.points
            if grade.manual_score is None:
                grade.needs_manual_grade = cell.points is None
            else:
                grade.needs_manual_grade = bool(grade.needs_manual_grade or previous != cell.points)
            if cell.kind in ("written", "code_answer"):
                try:
                    comment = gb.find_comment(cell.grade_id, ps_name, ps_name, student)
                    comment.auto_comment = cell.auto_comment
                except MissingEntry:
                    pass
        nb_sub.late_submission_penalty = result.late_penalty
        if result.tamper:
            nb_sub.flagged = True
        gb.db.commit()


# --- a template's private gradebook ------------------------------------------------------------------


def assignment_signature(db_url: str, course_id: str, ps_name: str) -> str | None:
    """A hash of the assignment as a gradebook records it: its notebooks' source, grade and solution
    cells (names, types, points, checksums, sources). None when it is not there or cannot be read."""
    from nbgrader.api import MissingEntry

    try:
        with open_gradebook(db_url, course_id) as gb:
            try:
                assignment = gb.find_assignment(ps_name)
            except MissingEntry:
                return None
            parts = []
            for notebook in sorted(assignment.notebooks, key=lambda n: n.name):
                parts.append(f"notebook {notebook.name}")
                for c in sorted(notebook.source_cells, key=lambda c: c.name):
                    parts.append(f"source {c.name} {c.cell_type} {c.locked} {c.checksum} {c.source}")
                for c in sorted(notebook.grade_cells, key=lambda c: c.name):
                    parts.append(f"grade {c.name} {c.cell_type} {float(c.max_score)}")
                for c in sorted(notebook.solution_cells, key=lambda c: c.name):
                    parts.append(f"solution {c.name}")
            return sha256_bytes("\n".join(parts).encode())
    except Exception:
        return None


def set_duedate(db_url: str, course_id: str, ps_name: str, due: dt.datetime) -> None:
    """Record the assignment's due date (creating the assignment if needed) in a gradebook."""
    with open_gradebook(db_url, course_id) as gb:
        gb.update_or_create_assignment(ps_name, duedate=due)

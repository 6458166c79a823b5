"""Where a student stands on a problem set: the grading result merged with the gradebook.

`records(course, ps)` is what `course status`, `course feedback` and `course export` read. Per
student: whether the submission was graded (or why not), and per graded cell its points — the manual
score a grader entered in formgrader when there is one, else the autograder's — or "pending" for a
manually graded cell nobody has scored yet (never a silent 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder import gradebook
from autograder.course import Course
from autograder.grade_result import GradeResult
from autograder.grading import RESULT_FILE, TAMPER_FILE, load_result
from autograder.problemsets import ProblemSet


@dataclass
class CellRecord:
    grade_id: str
    kind: str  # test | written | code_answer | other
    max_points: float
    auto: float | None
    manual: float | None
    extra_credit: float | None
    message: str = ""
    comment: str = ""

    @property
    def points(self) -> float | None:
        """The score that counts, or None while a manually graded cell waits for a grader."""
        base = self.manual if self.manual is not None else self.auto
        if base is None:
            return None
        return base + (self.extra_credit or 0.0)

    @property
    def status(self) -> str:
        if self.points is None:
            return "pending"
        if self.manual is not None:
            return "graded by hand"
        if self.kind == "test":
            return "passed" if self.auto is not None and self.auto >= self.max_points else "failed"
        return "graded"


@dataclass
class StudentRecord:
    student: str
    status: str  # graded | invalid | timeout | error | not graded | no submission
    reason: str = ""
    cells: list[CellRecord] = field(default_factory=list)
    tamper: list[dict] = field(default_factory=list)
    late_penalty: float = 0.0
    timestamp: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    sandboxed: bool | None = None  # False: graded with --no-sandbox; None: not graded

    @property
    def max_score(self) -> float:
        return sum(c.max_points for c in self.cells)

    @property
    def pending(self) -> list[str]:
        return [c.grade_id for c in self.cells if c.points is None]

    @property
    def auto_score(self) -> float:
        return sum(c.auto or 0.0 for c in self.cells if c.kind == "test" and c.manual is None)

    @property
    def score(self) -> float | None:
        """Total points (late penalty applied), or None while anything is pending or not graded."""
        if self.status != "graded" or self.pending:
            return None
        return max(0.0, sum(c.points or 0.0 for c in self.cells) - (self.late_penalty or 0.0))

    @property
    def partial_score(self) -> float:
        """Points so far (pending cells count nothing): for display next to 'pending'."""
        return max(0.0, sum(c.points or 0.0 for c in self.cells) - (self.late_penalty or 0.0))


def records(course: Course, ps: ProblemSet) -> list[StudentRecord]:
    """One record per student known to the gradebook, submitted/ or autograded/, sorted by id."""
    roster = {st.id: st for st in gradebook.roster(course)}
    students: set[str] = set(course.students_submitted(ps)) | set(roster)
    if course.autograded.is_dir():
        students |= {p.parent.parent.name for p in course.autograded.glob(f"*/{ps.name}/{RESULT_FILE}")}
    scores = gradebook.submission_scores(course, ps.name)
    out = []
    for student in sorted(students):
        st = roster.get(student) or gradebook.Student(student)
        rec = StudentRecord(student, "not graded", first_name=st.first_name, last_name=st.last_name,
                            email=st.email)
        data = load_result(course, ps, student)
        if data is None:
            has_folder = course.submission_dir(ps, student).is_dir()
            rec.status = "not graded" if has_folder else "no submission"
            rec.reason = "submitted, not autograded yet" if has_folder else "nothing submitted"
        else:
            _fill(rec, GradeResult.from_dict(data), scores.get(student))
        out.append(rec)
    return out


def _fill(rec: StudentRecord, result: GradeResult, scores: gradebook.SubmissionScores | None) -> None:
    """A student's record from the grading result, each cell's points as the gradebook has them now
    (a grader's manual score, extra credit, comment), and the gradebook's late penalty and time."""
    rec.status = result.status
    rec.reason = result.reason
    rec.tamper = result.tamper
    rec.timestamp = result.timestamp
    rec.sandboxed = result.sandboxed if rec.status == "graded" else None
    if rec.status != "graded":
        return
    in_gradebook = {c.grade_id: c for c in scores.cells} if scores else {}
    for cell in result.cells:
        auto, manual, extra, max_points = (cell.points, None, None, cell.max_points)
        comment = ""
        if cell.grade_id in in_gradebook:
            now = in_gradebook[cell.grade_id]
            auto, manual, extra, max_points = now.auto, now.manual, now.extra_credit, now.max_points
            comment = scores.manual_comments.get(cell.grade_id, "")
        rec.cells.append(
            CellRecord(cell.grade_id, cell.kind, max_points, auto, manual, extra, cell.message, comment)
        )
    if scores:
        rec.late_penalty = scores.late_penalty or 0.0
        rec.timestamp = rec.timestamp or scores.timestamp


def tamper_path(course: Course, ps: ProblemSet, student: str):
    return course.result_dir(ps, student) / TAMPER_FILE

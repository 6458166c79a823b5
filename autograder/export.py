"""`course export` and `course status`: grades out of the gradebook, pending work made visible.

Formats (`--format`):
- `totals` — nbgrader's export columns (assignment, duedate, timestamp, student_id, last_name,
  first_name, email, raw_score, late_submission_penalty, score, max_score) plus `status`, `pending`
  (manually graded cells nobody has scored yet) and `tamper`. `score` stays empty while anything is
  pending or the submission could not be graded; `raw_score` is the points so far.
- `long` — one row per student × graded cell: points (empty while pending), max, status, message
  (the check's message for a failed test; the grader's comment otherwise).
- `canvas` — a Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, one column
  per problem set, a "Points Possible" row; only final scores are filled in.

Every text cell, in every format, is neutralised against formula injection: a student controls
ids, file-name timestamps, failure reasons and check messages (an exception's name or message), and a
spreadsheet would run `=HYPERLINK(...)` as a formula. A text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'` (the OWASP rule). Cells that hold a number the export
computed (points, scores) are left alone, so `-1.5` stays a number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.course import Course, quiet_logs, write_text_atomic
from autograder.problemsets import ProblemSet
from autograder.records import StudentRecord, records

FORMATS = ("totals", "long", "canvas")
TOTALS = [
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
    "status",
    "pending",
    "tamper",
    "sandboxed",  # "no": graded with --no-sandbox (the kernel could see the course)
]
LONG = ["student_id", "assignment", "cell", "kind", "points", "max_points", "status", "message", "sandboxed"]


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the columns that hold numbers computed here, per format (everything else is text and neutralised)
NUMERIC = {
    "totals": {"raw_score", "late_submission_penalty", "score", "max_score"},
    "long": {"points", "max_points"},
}


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula (OWASP's CSV injection rule)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text


def _neutralised(table: list[list[str]], numeric: set[int]) -> list[list[str]]:
    """`table` with every cell neutralised, except numbers in the `numeric` columns."""
    return [
        [value if j in numeric and _is_number(value) else neutralise(value) for j, value in enumerate(row)]
        for row in table
    ]


def _is_number(value: str) -> bool:
    if value == "":
        return True
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _max_scores(course: Course, pss: list[ProblemSet]) -> dict[str, float]:
    """Maximum points per problem set, from the gradebook (falls back to the records)."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, float] = {}
    if course.has_gradebook():
        with quiet_logs(), Gradebook(course.db_url, course.course_id()) as gb:
            for ps in pss:
                try:
                    out[ps.name] = float(gb.find_assignment(ps.name).max_score)
                except MissingEntry:
                    pass
    return out


def _duedate(course: Course, ps: ProblemSet) -> str:
    from autograder.grading import duedate

    due = duedate(course, ps)
    return str(due) if due else ""


def rows(course: Course, pss: list[ProblemSet], fmt: str) -> list[list[str]]:
    """The CSV rows (header first) of `fmt` for the problem sets `pss`, text cells neutralised."""
    table = _rows(course, pss, fmt)
    if fmt == "canvas":  # scores from the sixth column on, and the "Points Possible" row
        return _neutralised(table, set(range(5, len(table[0]))))
    names = table[0]
    return _neutralised(table, {j for j, name in enumerate(names) if name in NUMERIC[fmt]})


def _rows(course: Course, pss: list[ProblemSet], fmt: str) -> list[list[str]]:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    recs: dict[str, list[StudentRecord]] = {ps.name: records(course, ps) for ps in pss}
    maxima = _max_scores(course, pss)
    if fmt == "totals":
        out = [TOTALS]
        for ps in pss:
            due = _duedate(course, ps)
            for r in recs[ps.name]:
                from autograder.tamper import summarize

                out.append(
                    [
                        ps.name,
                        due,
                        r.timestamp or "",
                        r.student,
                        r.last_name or "",
                        r.first_name or "",
                        r.email or "",
                        _num(r.partial_score if r.status == "graded" else None),
                        _num(r.late_penalty if r.status == "graded" else None),
                        _num(r.score),
                        _num(r.max_score or maxima.get(ps.name)),
                        r.status if not r.pending else "needs manual grading",
                        " ".join(r.pending),
                        summarize(r.tamper),
                        _yes_no(r.sandboxed),
                    ]
                )
        return out
    if fmt == "long":
        out = [LONG]
        for ps in pss:
            for r in recs[ps.name]:
                if r.status != "graded":
                    out.append([r.student, ps.name, "", "", "", "", r.status, r.reason, ""])
                    continue
                for c in r.cells:
                    message = c.message if c.kind == "test" and c.status == "failed" else c.comment
                    out.append(
                        [
                            r.student,
                            ps.name,
                            c.grade_id,
                            c.kind,
                            _num(c.points),
                            _num(c.max_points),
                            c.status,
                            message,
                            _yes_no(r.sandboxed),
                        ]
                    )
        return out
    # canvas
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [ps.name for ps in pss]
    possible = ["Points Possible", "", "", "", ""] + [_num(maxima.get(ps.name)) for ps in pss]
    students: dict[str, dict[str, StudentRecord]] = {}
    for ps in pss:
        for r in recs[ps.name]:
            students.setdefault(r.student, {})[ps.name] = r
    out = [header, possible]
    for student in sorted(students):
        per = students[student]
        any_rec = next(iter(per.values()))
        name = ", ".join(x for x in (any_rec.last_name, any_rec.first_name) if x) or student
        out.append(
            [name, student, student, student, ""]
            + [_num(per[ps.name].score) if ps.name in per else "" for ps in pss]
        )
    return out


def export(course: Course, pss: list[ProblemSet], fmt: str, output: Path | None) -> tuple[Path | None, str]:
    """Write the CSV to `output` (None: return it as text); return (path, text)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows(course, pss, fmt))
    text = buf.getvalue()
    if output is not None:
        write_text_atomic(Path(output), text)
    return output, text


def status_table(course: Course, ps: ProblemSet) -> tuple[list[StudentRecord], str]:
    """Per student: autograded / needs manual grading (which cells) / failed to grade (why)."""
    recs = records(course, ps)
    lines = []
    width = max([len(r.student) for r in recs] + [7])
    lines.append(f"{'student':<{width}}  {'state':<22} {'points':>13}  details")
    for r in recs:
        if r.status == "graded" and r.pending:
            state, details = "needs manual grading", "pending: " + ", ".join(r.pending)
        elif r.status == "graded":
            state, details = "autograded", ""
        elif r.status in ("not graded", "no submission"):
            state, details = r.status, r.reason
        else:
            state, details = "failed to grade", f"{r.status}: {r.reason}"
        if r.tamper:
            from autograder.tamper import summarize

            details = (details + "; " if details else "") + "tamper: " + summarize(r.tamper)
        if r.status == "graded" and r.sandboxed is False:
            details = (details + "; " if details else "") + "UNSANDBOXED (graded with --no-sandbox)"
        pts = ""
        if r.status == "graded":
            pts = f"{r.partial_score:g}/{r.max_score:g}" + ("+?" if r.pending else "")
        lines.append(f"{r.student:<{width}}  {state:<22} {pts:>13}  {details}")
    return recs, "\n".join(lines)

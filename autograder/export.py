"""`course export` and `course status`: grades out of the gradebook, pending work made visible.

Formats (`--format`):
- `totals` — nbgrader's export columns (assignment, duedate, timestamp, student_id, last_name,
  first_name, email, raw_score, late_submission_penalty, score, max_score) plus `status`, `pending`
  (manually graded cells nobody has scored yet) and `tamper`. `score` stays empty while anything is
  pending or the submission could not be graded; `raw_score` is the points so far.
- `long` — one row per student × graded cell: points (empty while pending), max, status, message
  (the check's message for a failed test; the grader's comment otherwise).
- `canvas` — a Canvas gradebook import. With `--template` (the instructor's Canvas gradebook export,
  Grades > Export): its identity columns and rows as Canvas wrote them, and for each problem set the
  existing column `Name (assignment id)` of that assignment, so an import fills it (a column Canvas does
  not know would create a new assignment). Students are matched by SIS User ID, SIS Login ID or the
  Canvas ID equal to the course's student id (or by the e-mail in the gradebook); a student the
  template does not list is reported, never added. Without a template: SIS User ID = the course's id
  (the only id the course knows; ID and SIS Login ID stay empty) and a column per problem set named
  like it, which Canvas imports as new assignments. Only final scores are filled in.
- `moodle` — a Moodle grade import (Grades > Import > CSV file). With `--template` (Moodle's grade
  export, "Plain text file"): its identity columns (First name, Last name, ID number, Email address...)
  and, per problem set, its existing grade item column; students matched by ID number, Username or
  Email address. Without: `ID number`, `Email address` and a column per problem set; map them in
  Moodle's import page (ID number -> useridnumber or Email address -> useremail).

Every text cell, in every format, is neutralised against formula injection: a student controls
ids, file-name timestamps, failure reasons and check messages (an exception's name or message), and a
spreadsheet would run `=HYPERLINK(...)` as a formula. A text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'` (the OWASP rule). Cells that hold a number the export
computed (points, scores) are left alone, so `-1.5` stays a number.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from autograder import gradebook
from autograder.course import Course, CourseError, write_text_atomic
from autograder.problemsets import ProblemSet
from autograder.records import StudentRecord, records

FORMATS = ("totals", "long", "canvas", "moodle")
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


# What happened while the notebook ran, not something the student did to the grader: shown in the
# feedback and the long export, never counted as a tamper finding.
RUN_EVENTS = frozenset({"cell_timeout"})


def tamper_summary(findings: list[dict]) -> str:
    from autograder.tamper import summarize

    return summarize([f for f in findings if f.get("kind") not in RUN_EVENTS])


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
    return gradebook.max_scores(course, [ps.name for ps in pss])


def _duedate(course: Course, ps: ProblemSet) -> str:
    due = gradebook.duedate(course, ps.name)
    return str(due) if due else ""


def collected(course: Course, pss: list[ProblemSet]) -> list[ProblemSet]:
    """The problem sets with at least one submission (an LMS export names no problem set never collected)."""
    return [ps for ps in pss if any(r.status != "no submission" for r in records(course, ps))]


def rows(
    course: Course,
    pss: list[ProblemSet],
    fmt: str,
    template: Path | None = None,
    warnings: list[str] | None = None,
) -> list[list[str]]:
    """The CSV rows (header first) of `fmt` for the problem sets `pss`, text cells neutralised.
    `template`: the LMS's own gradebook export (canvas, moodle); `warnings` collects what the
    instructor must know (students the LMS does not list...)."""
    warnings = [] if warnings is None else warnings
    if fmt in ("canvas", "moodle"):
        table, numeric = lms_rows(course, pss, fmt, template, warnings)
        return _neutralised(table, numeric)
    if template is not None:
        raise CourseError("--template is for the canvas and moodle formats")
    table = _rows(course, pss, fmt)
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
                        tamper_summary(r.tamper),
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
    raise ValueError(fmt)


# --- LMS imports ----------------------------------------------------------------------------------

CANVAS_IDENTITY = (
    "Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Root Account", "Section"
)
CANVAS_KEYS = ("SIS User ID", "SIS Login ID", "ID")  # what a course student id may be, in this order
MOODLE_IDENTITY = ("First name", "Last name", "Username", "ID number", "Institution", "Department",
                   "Email address")
MOODLE_KEYS = ("ID number", "Username", "Email address")
_CANVAS_COLUMN = re.compile(r"^(?P<title>.*\S)\s*\((?P<id>\d+)\)$")
_MOODLE_COLUMN = re.compile(r"^(?:[^:]*:\s*)?(?P<title>.*\S)\s*\((?:Real|Percentage|Letter)\)$")


def read_template(path: Path) -> list[list[str]]:
    """An LMS's CSV export (UTF-8, with or without a byte-order mark)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"--template {path}: cannot read it as a UTF-8 CSV ({exc})") from None
    table = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    if not table:
        raise CourseError(f"--template {path}: empty")
    return table


def _title_matches(title: str, ps: ProblemSet) -> bool:
    t = title.strip().lower()
    if t in (ps.name.lower(), ps.short.lower()):
        return True
    # "PS1: Backprop by hand", "ps1 - backprop", "Problem set 1 (ps1_backprop_by_hand)"...
    return bool(re.match(rf"{re.escape(ps.short.lower())}(?![a-z0-9])", t)) or ps.name.lower() in t


def _assignment_columns(header: list[str], pss: list[ProblemSet], pattern: re.Pattern, lms: str,
                        path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for ps in pss:
        hits = [j for j, name in enumerate(header)
                if (m := pattern.match(name.strip())) and _title_matches(m.group("title"), ps)]
        if len(hits) != 1:
            what = "no column" if not hits else f"{len(hits)} columns ({', '.join(header[j] for j in hits)})"
            raise CourseError(
                f"--template {path}: {what} for {ps.name} in this {lms} export; name the {lms} assignment "
                f"like the problem set ({ps.short} or {ps.name}) and export the gradebook again"
            )
        found[ps.name] = hits[0]
    return found


def _student_index(table: list[list[str]], header: list[str], keys: tuple[str, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    cols = [header.index(k) for k in keys if k in header]
    for i, row in enumerate(table):
        for j in cols:
            value = row[j].strip() if j < len(row) else ""
            if value:
                index.setdefault(value.lower(), i)
    return index


def lms_rows(
    course: Course, pss: list[ProblemSet], fmt: str, template: Path | None, warnings: list[str]
) -> tuple[list[list[str]], set[int]]:
    """(the table, its numeric columns) of a canvas or moodle import; see the module docstring."""
    recs = {ps.name: {r.student: r for r in records(course, ps)} for ps in pss}
    maxima = _max_scores(course, pss)
    students = sorted({s for per in recs.values() for s in per})
    if template is None:
        return _lms_rows_without_template(fmt, pss, recs, maxima, students, warnings)
    table = read_template(template)
    header = [h.strip() for h in table[0]]
    canvas = fmt == "canvas"
    identity_names = CANVAS_IDENTITY if canvas else MOODLE_IDENTITY
    identity = [j for j, h in enumerate(header) if h in identity_names]
    _check_template_header(header, fmt, template)
    columns = _assignment_columns(header, pss, _CANVAS_COLUMN if canvas else _MOODLE_COLUMN, fmt, template)
    body = table[1:]
    special = [r for r in body if canvas and r and (r[0].strip() == "Points Possible" or not r[0].strip())]
    people = [r for r in body if r not in special and not (canvas and r[0].strip() == "Student, Test")]
    index = _student_index(people, header, CANVAS_KEYS if canvas else MOODLE_KEYS)
    scores = _template_scores(students, recs, pss, index, fmt, warnings)
    out = [[header[j] for j in identity] + [header[columns[ps.name]] for ps in pss]]
    out += _points_possible_rows(special, identity, columns, pss, maxima, fmt, warnings)
    for i, row in enumerate(people):
        if i in scores:
            out.append([_cell(row, j) for j in identity] + [scores[i].get(ps.name, "") for ps in pss])
    return out, set(range(len(identity), len(out[0])))


def _cell(row: list[str], j: int) -> str:
    """Column `j` of a template row ("" where the row is short)."""
    return row[j] if j < len(row) else ""


def _check_template_header(header: list[str], fmt: str, template: Path) -> None:
    """Refuse a template that lacks the identity columns of a `fmt` gradebook export."""
    canvas = fmt == "canvas"
    if canvas and not {"Student", "ID"} <= set(header) or not canvas and not (set(MOODLE_KEYS) & set(header)):
        need = "Student, ID, SIS User ID" if canvas else "ID number or Email address"
        raise CourseError(f"--template {template}: not a {fmt} gradebook export (no {need} columns)")


def _template_scores(students, recs, pss, index: dict[str, int], fmt: str, warnings: list[str]):
    """Each template row's scores: row index -> {problem set: score}, finding each student by course id
    or e-mail; warns about students not in the template and about pending manual grading."""
    keys = CANVAS_KEYS if fmt == "canvas" else MOODLE_KEYS
    scores: dict[int, dict[str, str]] = {}
    for student in students:
        any_rec = next(recs[n][student] for n in recs if student in recs[n])
        i = index.get(student.lower())
        if i is None and any_rec.email:
            i = index.get(any_rec.email.strip().lower())
        if i is None:
            warnings.append(
                f"{student}: not in the {fmt} export (no "
                f"{' / '.join(keys)} equal to the course's id or e-mail); "
                "not exported"
            )
            continue
        for ps in pss:
            r = recs[ps.name].get(student)
            if r is not None and r.score is not None:
                scores.setdefault(i, {})[ps.name] = _num(r.score)
            elif r is not None and r.status == "graded" and r.pending:
                warnings.append(f"{student} {ps.short}: manual grading pending; left empty")
    return scores


def _points_possible_rows(special, identity, columns, pss, maxima, fmt: str, warnings: list[str]):
    """The template's "Points Possible" rows, kept as they are; warns where the LMS's maximum differs
    from the course's."""
    rows = []
    for r in special:
        if r[0].strip() == "Points Possible":
            rows.append([_cell(r, j) for j in identity] + [_cell(r, columns[ps.name]) for ps in pss])
            for ps in pss:
                listed, ours = _cell(r, columns[ps.name]).strip(), maxima.get(ps.name)
                if listed and ours is not None and _is_number(listed) and float(listed) != ours:
                    warnings.append(f"{ps.short}: {fmt} says {listed} points possible, the course {ours:g}")
    return rows


def _lms_rows_without_template(fmt, pss, recs, maxima, students, warnings):
    if fmt == "canvas":
        warnings.append(
            "canvas without --template: the columns are named after the problem sets, so Canvas imports "
            "them as new assignments; give the course's Canvas gradebook export with --template to fill "
            "the existing ones"
        )
        out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [ps.name for ps in pss],
               ["Points Possible", "", "", "", ""] + [_num(maxima.get(ps.name)) for ps in pss]]
    else:
        out = [["First name", "Last name", "ID number", "Email address"] + [ps.name for ps in pss]]
    for student in students:
        any_rec = next(recs[n][student] for n in recs if student in recs[n])
        values = [_num(recs[ps.name][student].score) if student in recs[ps.name] else "" for ps in pss]
        if fmt == "canvas":
            name = ", ".join(x for x in (any_rec.last_name, any_rec.first_name) if x) or student
            out.append([name, "", student, "", ""] + values)
        else:
            who = [any_rec.first_name or "", any_rec.last_name or "", student, any_rec.email or ""]
            out.append(who + values)
    first = 5 if fmt == "canvas" else 4
    return out, set(range(first, len(out[0])))


def export(
    course: Course,
    pss: list[ProblemSet],
    fmt: str,
    output: Path | None,
    template: Path | None = None,
    warnings: list[str] | None = None,
) -> tuple[Path | None, str]:
    """Write the CSV to `output` (None: return it as text); return (path, text)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows(course, pss, fmt, template, warnings))
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
        if tamper_summary(r.tamper):
            details = (details + "; " if details else "") + "tamper: " + tamper_summary(r.tamper)
        timeouts = [f.get("cell", "") for f in r.tamper if f.get("kind") == "cell_timeout"]
        if timeouts:
            details = (details + "; " if details else "") + "cell time limit: " + ", ".join(timeouts)
        if r.status == "graded" and r.sandboxed is False:
            details = (details + "; " if details else "") + "UNSANDBOXED (graded with --no-sandbox)"
        pts = ""
        if r.status == "graded":
            pts = f"{r.partial_score:g}/{r.max_score:g}" + ("+?" if r.pending else "")
        lines.append(f"{r.student:<{width}}  {state:<22} {pts:>13}  {details}")
    return recs, "\n".join(lines)

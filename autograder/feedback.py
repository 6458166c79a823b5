"""`course feedback PS`: one HTML page per student, with test names, points and messages — and no leaks.

nbgrader's own feedback shows the autograded notebook as it ran, hidden tests and tracebacks included
(its issue 917), and shows an ungraded manual cell as 0 points. Here the autograded notebook is first
sanitized — each hidden-test block becomes the line `# hidden tests`, each error output becomes just
`ExceptionName: message` (no traceback, so no source line of hidden code and no expected value) — and
then rendered by nbconvert under a summary table built from the gradebook: every test and written
answer with its points, or "pending" while no grader has scored it, and the check's message.
A final guard refuses to write a page that still contains a hidden-test line or marker.
"""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, nbgrader_meta, source_of, write_text_atomic
from autograder.problemsets import ProblemSet
from autograder.records import CellRecord, StudentRecord, records

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*$\n?", re.MULTILINE | re.DOTALL
)
PLACEHOLDER = "# hidden tests"
FORBIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
STUDENT_NOTES = {
    "deleted_cell",
    "cell_type_changed",
    "changed_cell",
    "reordered",
    "duplicate_id",
    "metadata_changed",
    "kernel_died",
    "cell_timeout",
}


def hidden_lines(source_nb: dict) -> set[str]:
    """The stripped lines inside hidden-test blocks of the source notebook (what must never show)."""
    lines: set[str] = set()
    for cell in source_nb["cells"]:
        for block in HIDDEN.findall(source_of(cell) + "\n"):
            for line in block.splitlines()[1:-1]:
                if line.strip():
                    lines.add(line.strip())
    return lines


def sanitize(nb: dict) -> nbformat.NotebookNode:
    """The autograded notebook without hidden tests and tracebacks (see the module docstring)."""
    nb = copy.deepcopy(nbformat.from_dict(nb))
    for cell in nb.cells:
        src = source_of(cell)
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and (HIDDEN.search(src + "\n") or "BEGIN HIDDEN TESTS" in src):
            src = HIDDEN.sub(PLACEHOLDER + "\n", src + "\n").rstrip("\n")
            if "BEGIN HIDDEN TESTS" in src:  # an unbalanced block: drop everything after the marker
                src = src.split("### BEGIN HIDDEN TESTS")[0].rstrip() + "\n" + PLACEHOLDER
        cell.source = src
        if (
            meta.get("grade")
            and not meta.get("solution")
            and cell.cell_type == "code"
            and PLACEHOLDER not in cell.source
        ):
            cell.source = cell.source.rstrip("\n") + ("\n" if cell.source.strip() else "") + PLACEHOLDER
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                ename, evalue = out.get("ename", "Error"), str(out.get("evalue", ""))
                out["traceback"] = [f"{ename}: {evalue}" if evalue else ename]
    return nb


def _fmt(x: float | None) -> str:
    if x is None:
        return "pending"
    return f"{x:g}"


def _row(cell: CellRecord) -> str:
    kind = {"test": "test", "written": "written answer", "code_answer": "code answer"}.get(
        cell.kind, cell.kind
    )
    message = cell.message if cell.kind == "test" and cell.status == "failed" else ""
    message = message.removeprefix("CheckFailure: ")  # the check's own words are the message
    if cell.status == "pending":
        message = "waiting for a grader"
    note = " — ".join(x for x in (message, cell.comment) if x)
    css = {"passed": "ok", "failed": "bad", "pending": "pending"}.get(cell.status, "")
    points = "pending" if cell.points is None else f"{cell.points:g}"
    return (
        f'<tr class="{css}"><td><code>{html.escape(cell.grade_id)}</code></td><td>{kind}</td>'
        f'<td class="num">{points} / {cell.max_points:g}</td><td>{html.escape(cell.status)}</td>'
        f"<td>{html.escape(note)}</td></tr>"
    )


def summary_html(ps: ProblemSet, rec: StudentRecord) -> str:
    total = rec.score
    if rec.status != "graded":
        headline = f"Your submission could not be graded: {html.escape(rec.reason)}"
    elif total is None:
        headline = (
            f"Score so far: {rec.partial_score:g} / {rec.max_score:g} — "
            f"{len(rec.pending)} answer(s) still to be graded by hand"
        )
    else:
        headline = f"Score: {total:g} / {rec.max_score:g}"
    if rec.late_penalty:
        headline += f" (late penalty −{rec.late_penalty:g} included)"
    rows = "\n".join(_row(c) for c in rec.cells)
    notes = [f for f in rec.tamper if f.get("kind") in STUDENT_NOTES]
    notes_html = ""
    if notes:
        items = "".join(f"<li>{html.escape(_note_text(f))}</li>" for f in notes)
        notes_html = f'<div class="notes"><b>Notes from the grader</b><ul>{items}</ul></div>'
    table = (
        (
            "<table><thead><tr><th>test / answer</th><th>kind</th><th>points</th><th>status</th>"
            f"<th>message</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        if rec.cells
        else ""
    )
    return f"""
<div id="course-feedback-summary">
<style>
#course-feedback-summary {{ font-family: sans-serif; margin: 1em auto; max-width: 1100px; }}
#course-feedback-summary table {{ border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }}
#course-feedback-summary td, #course-feedback-summary th {{ border: 1px solid #ccc; padding: 4px 8px;
  text-align: left; vertical-align: top; }}
#course-feedback-summary td.num {{ white-space: nowrap; }}
#course-feedback-summary tr.ok td {{ background: #eef8ee; }}
#course-feedback-summary tr.bad td {{ background: #fbeeee; }}
#course-feedback-summary tr.pending td {{ background: #fff8e0; }}
#course-feedback-summary .notes {{ background: #f4f4f4; padding: .5em 1em; }}
</style>
<h1>{html.escape(ps.name)} — feedback for {html.escape(rec.student)}</h1>
<p><b>{headline}</b></p>
{table}
{notes_html}
<p>Hidden tests are not shown; each failed test says what went wrong. Your notebook as it was graded
follows.</p>
<hr/>
</div>
"""


def _note_text(f: dict) -> str:
    kind = f.get("kind")
    cell = f.get("cell", "")
    return {
        "deleted_cell": f"{cell}: this cell was missing from your notebook; it was put back for grading.",
        "cell_type_changed": f"{cell}: this cell's type had been changed; it was changed back for grading.",
        "changed_cell": f"{cell}: this locked cell had been edited; the original was used for grading.",
        "reordered": "some cells were out of order; they were put back in the original order for grading.",
        "duplicate_id": "some cells were duplicated; the last copy of each was graded.",
        "metadata_changed": f"{cell}: this cell's grading metadata had been edited; it was restored.",
        "kernel_died": f"the notebook stopped at {cell} (the kernel exited or crashed); "
        "later cells did not run.",
        "cell_timeout": f"{cell} ran past the time limit and was interrupted.",
    }.get(kind, f.get("detail", ""))


class Renderer:
    """nbconvert's HTML exporter, set up once."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter

        self.exporter = HTMLExporter(template_name="lab")
        self.exporter.exclude_input_prompt = False

    def page(self, ps: ProblemSet, rec: StudentRecord, nb: dict | None) -> str:
        summary = summary_html(ps, rec)
        if nb is None:
            return (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(ps.name)}</title>"
                f"</head><body>{summary}</body></html>"
            )
        body, _ = self.exporter.from_notebook_node(sanitize(nb))
        m = re.search(r"<body[^>]*>", body)
        if not m:
            return summary + body
        return body[: m.end()] + summary + body[m.end() :]


def check_page(text: str, forbidden_lines: set[str]) -> list[str]:
    """What in a rendered page would leak (empty when it is clean)."""
    problems = [marker for marker in FORBIDDEN if marker in text]
    unescaped = html.unescape(re.sub(r"<[^>]+>", "", text))
    problems += [line for line in forbidden_lines if line in text or line in unescaped]
    return problems


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
        nb_path = course.result_dir(ps, rec.student) / f"{ps.name}.ipynb"
        nb = (
            json.loads(nb_path.read_text(encoding="utf-8"))
            if (rec.status == "graded" and nb_path.exists())
            else None
        )
        page = renderer.page(ps, rec, nb)
        leaks = check_page(page, forbidden)
        if leaks:
            problems.append(
                f"{rec.student}: feedback not written, it would show hidden test content ({leaks[0][:60]!r})"
            )
            continue
        out = course.feedback / rec.student / ps.name / f"{ps.name}.html"
        write_text_atomic(out, page)
        written.append(out)
    return written, problems

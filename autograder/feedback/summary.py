"""The grader's summary box at the top of a page: the score (or why there is none), a row per test and
written answer with its points, status and message, and the notes from the tamper report a student
should read."""

from __future__ import annotations

import html

from autograder.problemsets import ProblemSet
from autograder.records import CellRecord, StudentRecord

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


def summary_html(ps: ProblemSet, rec: StudentRecord, with_notebook: bool = True) -> str:
    total = rec.score
    if with_notebook:
        epilogue = (
            "Hidden tests are not shown; each failed test says what went wrong. Your notebook as it was "
            "graded follows, below this box: only this box comes from the grader."
        )
    else:
        epilogue = "Your notebook could not be shown here. Ask your instructor if the reason is unclear."
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
#course-feedback-summary {{ font-family: sans-serif; margin: 1em auto; max-width: 1100px;
  border: 2px solid #2b4a6f; padding: 0 1em; }}
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
<p>{epilogue}</p>
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

"""Model answers and rubrics for graders, never for students.

Every manually graded written answer of a source notebook keeps its model answer between
`### BEGIN SOLUTION` / `### END SOLUTION`, ending with a `**Rubric** (N points)` block (docs/authoring.md).
The release strips it. Graders need it where they grade, in the formgrader, which shows the AUTOGRADED
notebook: `add_rubrics(graded_nb, source_nb)` puts, after each manually graded answer cell, a markdown
cell "Model answer and rubric (graders only)" with that region, marked in its metadata
(`course.rubric_for = <grade_id>`); it carries no nbgrader metadata, so nbgrader neither grades nor
checksums it. `strip_rubrics(nb)` removes those cells again; `course feedback` strips them before a
page is made, and refuses a page that still shows the title.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

TITLE = "Model answer and rubric (graders only)"
MARK = "rubric_for"
_REGION = re.compile(
    r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(?P<body>.*?)^[ \t]*### END SOLUTION[ \t]*$", re.MULTILINE | re.DOTALL
)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbg if isinstance(nbg, dict) else {}


def is_manual_answer(cell: dict) -> bool:
    """A cell graded by hand: a solution cell with points (a written or a code answer)."""
    meta = _nbgrader(cell)
    return bool(meta.get("solution") and meta.get("grade") and isinstance(meta.get("grade_id"), str))


def model_answers(source_nb: dict) -> dict[str, str]:
    """grade_id -> the model answer and rubric (the solution region) of each manually graded cell."""
    out = {}
    for cell in source_nb.get("cells", []):
        if is_manual_answer(cell):
            regions = [m.group("body").strip("\n") for m in _REGION.finditer(_source(cell) + "\n")]
            text = "\n\n".join(r for r in regions if r.strip())
            if text and cell.get("cell_type") == "code":  # a code answer: its model code, rubric in comments
                text = f"```python\n{text}\n```"
            if text:
                out[_nbgrader(cell)["grade_id"]] = text
    return out


def is_rubric_cell(cell: dict) -> bool:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    course = meta.get("course") if isinstance(meta, dict) else None
    return isinstance(course, dict) and MARK in course


def strip_rubrics(nb: dict) -> dict:
    """`nb` without the graders' model-answer cells (in place; returned for convenience)."""
    nb["cells"] = [c for c in nb.get("cells", []) if not is_rubric_cell(c)]
    return nb


def rubric_cell(grade_id: str, text: str, points: float | None) -> dict:
    pts = f" — {points:g} point{'s' if points != 1 else ''}" if isinstance(points, int | float) else ""
    return {
        "cell_type": "markdown",
        "id": f"rubric-{grade_id}"[:64],
        "metadata": {"course": {MARK: grade_id}, "editable": False, "deletable": False},
        "source": f"> **{TITLE}**: `{grade_id}`{pts}\n\n{text}\n",
    }


def add_rubrics(graded_nb: dict, source_nb: dict) -> dict:
    """A copy of the autograded notebook with, after each manually graded answer cell, the source's
    model answer and rubric for it (any earlier such cells replaced)."""
    answers = model_answers(source_nb)
    nb = strip_rubrics(copy.deepcopy(graded_nb))
    cells = []
    for cell in nb.get("cells", []):
        cells.append(cell)
        if is_manual_answer(cell):
            gid = _nbgrader(cell)["grade_id"]
            if gid in answers:
                cells.append(rubric_cell(gid, answers[gid], _nbgrader(cell).get("points")))
    nb["cells"] = cells
    return nb


def add_rubrics_text(notebook_json: str, source_path: str | Path) -> str:
    """`add_rubrics` on the JSON text of an autograded notebook (as grading stores it), with the source
    notebook read from `source_path`; the text unchanged if either cannot be read."""
    try:
        graded = json.loads(notebook_json)
        source = json.loads(Path(source_path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return notebook_json
    if not isinstance(graded, dict) or not isinstance(graded.get("cells"), list):
        return notebook_json
    return json.dumps(add_rubrics(graded, source), indent=1, ensure_ascii=False) + "\n"

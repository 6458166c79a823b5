"""What a feedback page must never show, taken out and checked: `sanitize` turns the autograded notebook
into what a page may show (hidden-test blocks become `# hidden tests`, errors lose their tracebacks,
outputs keep only the kinds a page shows safely, rubrics go) and `check_page` is the last guard over
a rendered page (no hidden-test line or marker)."""

from __future__ import annotations

import copy
import html
import re

import nbformat

from autograder.course import nbgrader_meta, source_of

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*$\n?", re.MULTILINE | re.DOTALL
)
PLACEHOLDER = "# hidden tests"
FORBIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Model answer and rubric (graders only)")


def hidden_lines(source_nb: dict) -> set[str]:
    """The stripped lines inside hidden-test blocks of the source notebook (what must never show)."""
    lines: set[str] = set()
    for cell in source_nb["cells"]:
        for block in HIDDEN.findall(source_of(cell) + "\n"):
            for line in block.splitlines()[1:-1]:
                if line.strip():
                    lines.add(line.strip())
    return lines


def _joined(value):
    """A notebook text field as one string (JSON stores multi-line text as a list of lines)."""
    if isinstance(value, list):
        return "".join(x if isinstance(x, str) else str(x) for x in value)
    return value if isinstance(value, str) else str(value)


# A line the notebooks print when the grader runs them shortened (COURSE_MODE=quick): it describes how
# the grader ran the notebook, not the student's work, and the student ran it in full.
_GRADING_MODE_LINE = re.compile(r"^.*\bquick mode\b.*(?:\n|$)", re.IGNORECASE | re.MULTILINE)


def _without_grading_mode(text: str) -> str:
    return _GRADING_MODE_LINE.sub("", text)


def _clean_output(out: dict) -> dict | None:
    """An output with its text fields joined (a stream's list of lines showed as a Python list), or
    None for outputs a page cannot show safely (scripts, widgets)."""
    kind = out.get("output_type")
    if kind == "stream":
        text = _without_grading_mode(_joined(out.get("text", "")))
        if not text:
            return None
        return {"output_type": "stream", "name": str(out.get("name", "stdout")), "text": text}
    if kind == "error":
        ename, evalue = _joined(out.get("ename", "Error")), _joined(out.get("evalue", ""))
        return {
            "output_type": "error",
            "ename": ename,
            "evalue": evalue,
            "traceback": [f"{ename}: {evalue}" if evalue else ename],
        }
    if kind in ("display_data", "execute_result"):
        data = out.get("data") if isinstance(out.get("data"), dict) else {}
        kept = {
            mime: (_without_grading_mode(_joined(value)) if mime == "text/plain"
                   else _joined(value) if not mime.endswith("json") else value)
            for mime, value in data.items()
            if mime in SHOWN_MIME_TYPES
        }
        if not kept:
            return None
        clean = {"output_type": kind, "data": kept, "metadata": {}}
        if kind == "execute_result":
            count = out.get("execution_count")
            clean["execution_count"] = (
                count if isinstance(count, int) and not isinstance(count, bool) else None
            )
        return clean
    return None


# what a feedback page shows of an output's data (no scripts, widgets or other executable content)
SHOWN_MIME_TYPES = frozenset(
    ["text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/svg+xml"]
)


def sanitize(nb: dict) -> nbformat.NotebookNode:
    """The autograded notebook without hidden tests and tracebacks (see the module docstring), with
    only what a page shows: text fields joined, cell metadata reduced to nbgrader's, no notebook
    metadata a student could set (title, widgets, a highlighting language)."""
    from autograder.rubric import strip_rubrics

    nb = copy.deepcopy(nbformat.from_dict(nb))
    strip_rubrics(nb)  # the graders' model answers and rubrics (autograder/rubric.py)
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        }
    )
    for cell in nb.cells:
        src = source_of(cell)
        meta = nbgrader_meta(cell)
        cell.metadata = nbformat.from_dict({"nbgrader": meta} if isinstance(meta, dict) and meta else {})
        if cell.get("cell_type") == "code":
            outs = [_clean_output(o) for o in cell.get("outputs", []) if isinstance(o, dict)]
            cell.outputs = [nbformat.from_dict(o) for o in outs if o is not None]
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
    return nb


def check_page(text: str, forbidden_lines: set[str]) -> list[str]:
    """What in a rendered page would leak (empty when it is clean)."""
    problems = [marker for marker in FORBIDDEN if marker in text]
    unescaped = html.unescape(re.sub(r"<[^>]+>", "", text))
    problems += [line for line in forbidden_lines if line in text or line in unescaped]
    return problems

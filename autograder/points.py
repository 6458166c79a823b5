"""Points a student can see: the table in a notebook's first cell and a `# N points` line per test cell.

The first markdown cell of every source notebook holds, between `<!-- points -->` and
`<!-- /points -->`, a table of the points per section (`## ` heading), automatic and written, and the
total; each autograded test cell opens with `# N points`. Both are generated from the cells' nbgrader
metadata, so they cannot drift from what the gradebook counts:

    python -m autograder.points            # report notebooks whose points text is stale
    python -m autograder.points --write    # rewrite it (then `course release`)

`lint` reports a stale table or comment as an error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

BEGIN, END = "<!-- points -->", "<!-- /points -->"
BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
POINTS_LINE = re.compile(r"^# \d+(\.\d+)? points?\s*$")


@dataclass
class SectionPoints:
    """Points of one `## ` section: automatic (test cells) and written (manually graded answers)."""

    title: str
    automatic: float = 0.0
    written: float = 0.0

    @property
    def total(self) -> float:
        return self.automatic + self.written


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _set_source(cell: dict, text: str) -> None:
    if isinstance(cell.get("source"), list):
        lines = text.split("\n")
        cell["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    else:
        cell["source"] = text


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test(cell: dict) -> bool:
    m = _meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("grade")) and not m.get("solution")


def is_written(cell: dict) -> bool:
    """An answer graded by hand: a written answer (markdown) or a code answer such as a figure."""
    m = _meta(cell)
    return bool(m.get("grade")) and bool(m.get("solution"))


def _fmt(x: float) -> str:
    return f"{x:g}"


def sections(nb: dict) -> list[SectionPoints]:
    """Points per `## ` section, in notebook order (sections without points left out)."""
    out: list[SectionPoints] = []
    current = SectionPoints("Introduction")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "markdown" and not _meta(cell).get("solution"):
            for line in _source(cell).splitlines():
                if line.startswith("## "):
                    out.append(current)
                    current = SectionPoints(line[3:].strip())
        points = float(_meta(cell).get("points") or 0)
        if is_test(cell):
            current.automatic += points
        elif _meta(cell).get("grade") and _meta(cell).get("solution"):
            current.written += points  # written answers (and code graded by hand)
    out.append(current)
    return [s for s in out if s.total > 0]


def table(nb: dict) -> str:
    """The points block for the first cell (markdown, between the markers)."""
    rows = sections(nb)
    auto = sum(s.automatic for s in rows)
    written = sum(s.written for s in rows)
    lines = [
        BEGIN,
        f"**Points.** {_fmt(auto + written)} in all: {_fmt(auto)} graded automatically by hidden tests, "
        f"{_fmt(written)} for written answers graded by hand.",
        "",
        "| Section | automatic | written | total |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {s.title} | {_fmt(s.automatic)} | {_fmt(s.written)} | {_fmt(s.total)} |" for s in rows]
    lines += [f"| **Total** | **{_fmt(auto)}** | **{_fmt(written)}** | **{_fmt(auto + written)}** |", END]
    return "\n".join(lines)


def points_line(points: float) -> str:
    return f"# {_fmt(points)} point{'' if points == 1 else 's'}"


def apply(nb: dict) -> list[str]:
    """Rewrite the points table and the test cells' points lines in place; what changed."""
    changed = []
    first = next((c for c in nb["cells"] if c.get("cell_type") == "markdown"), None)
    if first is not None:
        text = _source(first)
        block = table(nb)
        new = BLOCK.sub(lambda _: block, text) if BLOCK.search(text) else text.rstrip("\n") + "\n\n" + block
        if new != text:
            _set_source(first, new)
            changed.append("points table")
    for cell in nb["cells"]:
        if not is_test(cell):
            continue
        text = _source(cell)
        lines = text.split("\n")
        want = points_line(float(_meta(cell).get("points") or 0))
        if lines and POINTS_LINE.match(lines[0]):
            lines = lines[1:]
        new = "\n".join([want, *lines])
        if new != text:
            _set_source(cell, new)
            changed.append(_meta(cell).get("grade_id", "?"))
    return changed


def problems(nb: dict) -> list[tuple[str, str]]:
    """(cell label, problem) for every stale or missing points text: lint's view."""
    out = []
    first = next((c for c in nb["cells"] if c.get("cell_type") == "markdown"), None)
    if first is None or table(nb) not in _source(first):
        out.append(("cell 1", "the points table is missing or stale: `python -m autograder.points --write`"))
    previous_markdown = ""
    for cell in nb["cells"]:
        m = _meta(cell)
        label = m.get("grade_id", "?")
        if is_test(cell):
            first_line = _source(cell).split("\n", 1)[0]
            if first_line != points_line(float(m.get("points") or 0)):
                out.append((label, "the test cell must open with its points line "
                                   "(`python -m autograder.points --write`)"))
        if is_written(cell):
            n = _fmt(float(m.get("points") or 0))
            if not re.search(rf"\({n} points?\b", previous_markdown):
                out.append((label, f"the prompt of this written answer must state its points ({n} points)"))
            if not re.search(rf"\*\*Rubric\*\* \({n} points?\)", _source(cell)):
                out.append((label, f"the model answer needs a rubric: `**Rubric** ({n} points)` then one "
                                   "line per element with its points"))
        if cell.get("cell_type") == "markdown" and not m.get("solution"):
            previous_markdown = _source(cell)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.points", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: source/*/*.ipynb")
    parser.add_argument("--write", action="store_true", help="rewrite the points text")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("source").glob("*/*.ipynb"))
    stale = 0
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        changed = apply(nb)
        if changed and args.write:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if changed:
            stale += 1
            print(f"{path}: {'rewrote' if args.write else 'stale'} {', '.join(changed)}")
    return 0 if args.write or not stale else 1


if __name__ == "__main__":
    sys.exit(main())

"""Static checks of a source notebook (step 1 of `course validate`), without running anything.

Errors: unique `grade_id`s; points > 0 on grade cells; balanced BEGIN/END markers in the right kind of
cell; kernelspec `python3`; nbformat 4.5 with a stable, unique `id` on every cell (nbformat invents
random ids for cells without one, which would make the release-sync check flaky); no stored outputs or
execution counts; every autograded test cell has a hidden block made of one-line calls
`import autograder; autograder.run_check("<ps>", "<check>", ...)` naming a check that exists in
`autograder/checks/<ps>.py`; no graded function or class name is defined by `utils`.
Warnings (reported, not failing): plain `tqdm` instead of `tqdm.auto`.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from autograder import points as points_text
from autograder.course import Course, nbgrader_meta, source_of
from autograder.problemsets import ProblemSet

POINTS_ENFORCED = True  # every notebook states its points; every hand-graded answer has a rubric
MARKER = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
PLAIN_TQDM = re.compile(r"^\s*(from tqdm import|import tqdm\s*$|from tqdm\.(std|tqdm) import)", re.M)


@dataclass
class Problem:
    ps: str
    cell: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.ps} [{self.cell}] {self.level}: {self.message}"


def _top_level_names(path: Path) -> set[str]:
    """Public top-level functions, classes and assigned names of a Python file (parsed, not imported)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names.add(t.id)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
    return {n for n in names if not n.startswith("_") and not n.isupper()}  # constants are no checks


def utils_names(root: Path) -> dict[str, str]:
    """{name: module} for every public name the course's `utils` package defines or re-exports."""
    out: dict[str, str] = {}
    folder = root / "utils"
    for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for name in _top_level_names(path):
            out.setdefault(name, module)
    return out


def check_names(course: Course, ps: ProblemSet) -> set[str] | None:
    """The public check names of `ps`'s check module (`checks/<ps>.py`) or package (`checks/<ps>/`: the
    functions its `__init__` defines or imports from its own modules); None if neither exists."""
    path = course.checks_dir / f"{ps.short}.py"
    if not path.exists():
        path = course.checks_dir / ps.short / "__init__.py"
    if not path.exists():
        return None
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return set()
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    own = f"autograder.checks.{ps.short}."
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith(own)):
            names.update(alias.asname or alias.name for alias in node.names)
    return {n for n in names if not n.startswith("_") and not n.isupper()}  # constants are no checks


def _graded_definitions(code: str) -> set[str]:
    text = "\n".join(
        line
        for line in code.splitlines()
        if not MARKER.match(line) and not line.lstrip().startswith(("%", "!"))
    )
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set()
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}


def _hidden_block(lines: list[str]) -> list[str]:
    out, inside = [], False
    for line in lines:
        m = MARKER.match(line)
        if m and m.group(2) == "HIDDEN TESTS":
            inside = m.group(1) == "BEGIN"
            continue
        if inside:
            out.append(line)
    return out


def _hidden_block_first(lines: list[str]) -> bool:
    """True when the cell's first line of code (blank lines and comments aside) opens the hidden-test
    block (a `# 2 points` comment may precede it)."""
    first = next((line for line in lines if line.strip() and not (
        line.lstrip().startswith("#") and not MARKER.match(line))), "")
    m = MARKER.match(first)
    return bool(m and m.group(1) == "BEGIN" and m.group(2) == "HIDDEN TESTS")


def _check_hidden(ps: ProblemSet, label: str, block: list[str], known: set[str] | None) -> list[Problem]:
    problems = []
    code = "\n".join(block)
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return [Problem(ps.name, label, f"the hidden block does not parse: {exc.msg}")]
    calls = 0
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Import)
            and [a.name for a in stmt.names] == ["autograder"]
            and not stmt.names[0].asname
        ):
            continue
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        ok = (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "autograder"
            and call.func.attr == "run_check"
            and len(call.args) >= 2
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args[:2])
        )
        if not ok:
            problems.append(
                Problem(
                    ps.name,
                    label,
                    "the hidden block may only hold `import autograder; "
                    f'autograder.run_check("{ps.short}", "<check>", ...)`; found: '
                    f"{ast.unparse(stmt)[:80]}",
                )
            )
            continue
        calls += 1
        ps_arg, check = call.args[0].value, call.args[1].value
        if ps_arg != ps.short:
            problems.append(
                Problem(ps.name, label, f"run_check names problem set {ps_arg!r}, not {ps.short!r}")
            )
        elif known is None:
            problems.append(Problem(ps.name, label, f"autograder/checks/{ps.short} does not exist"))
        elif check not in known:
            problems.append(
                Problem(ps.name, label, f"autograder/checks/{ps.short} has no check {check!r}")
            )
    if not calls and not problems:
        problems.append(Problem(ps.name, label, "the hidden block calls no check"))
    return problems


def _notebook_problems(name: str, raw: dict) -> list[Problem]:
    problems = []
    if raw.get("nbformat") != 4 or int(raw.get("nbformat_minor", 0)) < 5:
        version = f"{raw.get('nbformat')}.{raw.get('nbformat_minor')}"
        problems.append(Problem(name, "notebook", f"must be nbformat 4.5 (cells with ids); it is {version}"))
    kernel = (raw.get("metadata", {}).get("kernelspec") or {}).get("name")
    if kernel != "python3":
        problems.append(Problem(name, "notebook", f"kernelspec must be python3, not {kernel!r}"))
    # points the student sees (table, test cells, prompts) and a rubric for every written answer
    points_level = "error" if POINTS_ENFORCED else "warning"
    problems += [Problem(name, label, text, points_level) for label, text in points_text.problems(raw)]
    return problems


def _identity_problems(name: str, cells: list[dict]) -> list[Problem]:
    """Stable, unique cell ids and grade_ids; no stored outputs; points on grade cells."""
    problems = []
    seen_ids: dict[str, int] = {}
    seen_grade_ids: dict[str, int] = {}
    for i, cell in enumerate(cells):
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        label = gid or cell.get("id") or f"cell {i + 1}"
        cid = cell.get("id")
        if not cid:
            problems.append(Problem(name, f"cell {i + 1}", "has no id: give it a stable one "
                                    "(nbgrader cells: their grade_id; others: psN-<slug>)"))
        elif cid in seen_ids:
            problems.append(Problem(name, label, f"cell id {cid!r} repeats cell {seen_ids[cid] + 1}"))
        else:
            seen_ids[cid] = i
        ran = cell.get("outputs") or cell.get("execution_count") is not None
        if cell.get("cell_type") == "code" and ran:
            problems.append(Problem(name, label, "has stored outputs or an execution count: clear them"))
        if gid and gid in seen_grade_ids:
            problems.append(Problem(name, label, f"grade_id {gid!r} repeats cell {seen_grade_ids[gid] + 1}"))
        if gid:
            seen_grade_ids[gid] = i
        if meta.get("grade") and not _positive(meta.get("points")):
            problems.append(Problem(name, label, f"grade cell needs points > 0 (has {meta.get('points')!r})"))
        if (meta.get("grade") or meta.get("solution") or meta.get("locked")) and not gid:
            problems.append(Problem(name, f"cell {i + 1}", "nbgrader cell without a grade_id"))
    return problems


def _positive(points: object) -> bool:
    try:
        return float(points) > 0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _is_test(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _marker_problems(name: str, label: str, cell: dict, lines: list[str]) -> list[Problem]:
    """BEGIN/END markers balanced, each kind in the kind of cell it belongs to."""
    problems = []
    meta = nbgrader_meta(cell)
    stack: list[str] = []
    for line in lines:
        m = MARKER.match(line)
        if not m:
            continue
        what = m.group(2)
        if m.group(1) == "BEGIN":
            if stack:
                problems.append(Problem(name, label, f"BEGIN {what} inside an open BEGIN {stack[-1]}"))
            stack.append(what)
        elif not stack or stack[-1] != what:
            problems.append(Problem(name, label, f"END {what} without a matching BEGIN"))
        else:
            stack.pop()
        if what == "SOLUTION" and not meta.get("solution"):
            problems.append(Problem(name, label, "SOLUTION markers in a cell that is not a solution cell"))
        if what == "HIDDEN TESTS" and not _is_test(cell):
            problems.append(Problem(name, label, "HIDDEN TESTS markers outside an autograded test cell"))
    if stack:
        problems.append(Problem(name, label, f"BEGIN {stack[-1]} is never closed"))
    return problems


def _test_cell_problems(
    ps: ProblemSet, label: str, lines: list[str], known: set[str] | None
) -> list[Problem]:
    block = _hidden_block(lines)
    if not any(line.strip() for line in block):
        return [Problem(ps.name, label, "autograded test cell without a hidden-test block")]
    problems = []
    if not _hidden_block_first(lines):
        # the hidden check runs first: a crash in the visible asserts never hides its hint
        problems.append(Problem(ps.name, label, "the hidden-test block must open the test cell"))
    return problems + _check_hidden(ps, label, block, known)


def _utils_problems(course: Course, ps: ProblemSet, graded_defs: set[str]) -> list[Problem]:
    shadowed = utils_names(course.root)
    return [
        Problem(ps.name, "utils", f"{shadowed[fn]} defines {fn!r}, which students write in "
                f"{ps.short}: utils must not solve a graded exercise")
        for fn in sorted(graded_defs) if fn in shadowed
    ]


def lint(course: Course, ps: ProblemSet) -> list[Problem]:
    """Every problem of `ps`'s source notebook (errors and warnings)."""
    raw = json.loads(ps.source.read_text(encoding="utf-8"))
    name = ps.name
    cells = raw.get("cells", [])
    problems = _notebook_problems(name, raw) + _identity_problems(name, cells)
    known = check_names(course, ps)
    graded_defs: set[str] = set()
    for i, cell in enumerate(cells):
        meta = nbgrader_meta(cell)
        label = meta.get("grade_id") or cell.get("id") or f"cell {i + 1}"
        lines = source_of(cell).splitlines()
        problems += _marker_problems(name, label, cell, lines)
        if _is_test(cell):
            problems += _test_cell_problems(ps, label, lines, known)
        if meta.get("solution") and cell.get("cell_type") == "code":
            graded_defs |= _graded_definitions(source_of(cell))
        if cell.get("cell_type") == "code" and PLAIN_TQDM.search(source_of(cell)):
            problems.append(
                Problem(name, label, "imports plain tqdm: use `from tqdm.auto import tqdm`", "warning")
            )
    return problems + _utils_problems(course, ps, graded_defs)

"""Submission variants: how the autograder proves itself (tests/submissions/) and the demo students.

A variant is one Python file standing for one student's notebook::

    \"\"\"σ′ computed as z(1 − z) on the pre-activation.\"\"\"   <- first line: what it is
    KIND = "mistake"          # reference | alternative | mistake | adversarial | partial | blank
    FAILS = {"test_backward": "derivative"}   # grade_id -> substring the failure message must contain
                                              #   (None: any message); every other test cell passes
    E2E = False               # also graded end to end through `course autograde` in the tests
    STUDENT = "jdoe"          # the nbgrader student id the checks see (default: none known)
    IN_PROCESS = True         # False for hangs and os._exit: only the real pipeline may run those

    # %% solution_backward    <- replaces the solution cell whose grade_id is `solution_backward`
    def backward(...): ...

A mistake is usually one edit of the reference, so a variant may say just that instead of copying
the whole solution cell::

    EDITS = {"solution_backward": [("dW = X.T @ delta / n", "dW = X.T @ delta")]}

Each `(old, new)` replaces the one occurrence of `old` in the reference solution of that cell (an
`old` that occurs zero or several times is an error: `edit_problems` reports it, and the tests run it
on every variant). A cell may be given by a section or by edits, not both. `tests/tools/corpus_to_edits.py`
turns sections that differ from the reference in a few lines into edits.

Sections several variants share (problem set 1's section-1 answers computed from the student's own
numbers) live once in a file of the same folder whose name starts with `_`, so it is no variant::

    SHARED = "_own_numbers.py"   # its sections stand for the cells this variant gives neither
                                 #   as a section nor as edits; EDITS of such a cell apply to the
                                 #   shared section instead of the reference solution

Solution cells a variant does not name keep the reference solution (KIND "blank" keeps the student
stub everywhere, and a `partial` variant may set `UNANSWERED = [...]` grade_ids left as stubs). An
optional `mutate(nb)` in the header edits the notebook further (delete or reorder cells, change a
cell type): it runs only when a notebook is built, for the end-to-end pipeline.

`grade_in_process` executes a variant without a kernel: the source notebook's setup/helpers cells and
solution cells (the variant's where it gives one), then every autograded test cell, each scored all
or nothing like nbgrader does. Cells tagged neither `setup` nor `helpers` (demos, training runs,
plots) are skipped, so test cells may only use names those cells and the solution cells define.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from autograder.in_kernel import CheckFailure

SECTION = re.compile(r"^# %% (?P<grade_id>[A-Za-z0-9_\-]+)\s*$", re.MULTILINE)
KINDS = {"reference", "alternative", "mistake", "adversarial", "partial", "blank"}
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
MARKERS = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")


@dataclass
class Variant:
    """One submission variant parsed from its file."""

    name: str
    path: Path
    description: str
    kind: str
    fails: dict[str, str | None]
    sections: dict[str, str]
    e2e: bool = False
    in_process: bool = True
    unanswered: list[str] = field(default_factory=list)
    student: str | None = None  # nbgrader's student id the checks see (STUDENT in the header)
    edits: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # grade_id -> (old, new)
    shared: dict[str, str] = field(default_factory=dict)  # grade_id -> section of the SHARED files
    namespace: dict[str, Any] = field(default_factory=dict, repr=False)

    def mutate(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        fn = self.namespace.get("mutate")
        return fn(nb) or nb if callable(fn) else nb


def load_variant(path: str | Path) -> Variant:
    """Parse a variant file (see the module docstring)."""
    path = Path(path)
    header, sections = _split(path.read_text(encoding="utf-8"))
    ns: dict[str, Any] = {"__file__": str(path)}
    exec(compile(header, str(path), "exec"), ns)
    kind = ns.get("KIND")
    if kind not in KINDS:
        raise ValueError(f"{path}: KIND must be one of {sorted(KINDS)}, not {kind!r}")
    doc = (ns.get("__doc__") or "").strip().splitlines()
    if not doc:
        raise ValueError(f"{path}: the header needs a docstring saying what this variant is")
    fails = ns.get("FAILS", {})
    if isinstance(fails, list | set | tuple):
        fails = dict.fromkeys(fails)
    edits = _edits(path, ns.get("EDITS", {}), sections)
    names = ns.get("SHARED", [])
    shared: dict[str, str] = {}
    for name in [names] if isinstance(names, str) else names:
        shared.update(_split((path.parent / name).read_text(encoding="utf-8"))[1])
    for grade_id, body in shared.items():
        if grade_id not in sections and grade_id not in edits:
            sections[grade_id] = body
    return Variant(
        name=path.stem, path=path, description=doc[0], kind=kind, fails=dict(fails),
        sections=sections, e2e=bool(ns.get("E2E", False)), in_process=bool(ns.get("IN_PROCESS", True)),
        unanswered=list(ns.get("UNANSWERED", [])), student=ns.get("STUDENT"), namespace=ns, edits=edits,
        shared=shared,
    )


def _split(text: str) -> tuple[str, dict[str, str]]:
    """(header, {grade_id: section}) of a variant file's text."""
    matches = list(SECTION.finditer(text))
    header = text[: matches[0].start()] if matches else text
    sections = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections[m["grade_id"]] = text[m.end():end].strip("\n") + "\n"
    return header, sections


def _edits(path: Path, edits: Any, sections: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    if not isinstance(edits, dict):
        raise ValueError(f"{path}: EDITS must map grade_ids to lists of (old, new) pairs")
    out = {}
    for grade_id, pairs in edits.items():
        if grade_id in sections:
            raise ValueError(f"{path}: {grade_id} is given both as a section and as edits")
        if not all(isinstance(p, tuple | list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                   for p in pairs):
            raise ValueError(f"{path}: EDITS[{grade_id!r}] must be a list of (old, new) string pairs")
        out[grade_id] = [(old, new) for old, new in pairs]
    return out


def apply_edits(reference: str, pairs: list[tuple[str, str]], where: str = "") -> str:
    """`reference` with each (old, new) applied once; ValueError unless each `old` occurs exactly once."""
    text = reference
    for old, new in pairs:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{where}: an edit's old text occurs {count} times, not once: {old[:80]!r}")
        text = text.replace(old, new, 1)
    return text


def edit_problems(source_nb: dict, variant: Variant) -> list[str]:
    """Edits of `variant` that do not apply to the source notebook's reference solutions."""
    cells = {nbgrader_meta(c).get("grade_id"): c for c in source_nb["cells"] if is_solution(c)}
    problems = []
    for grade_id, pairs in variant.edits.items():
        if grade_id not in cells:
            problems.append(f"EDITS names {grade_id!r}, which is no solution cell")
            continue
        try:
            apply_edits(_edit_base(cells[grade_id], variant), pairs, f"{variant.name}/{grade_id}")
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def load_variants(folder: str | Path) -> list[Variant]:
    """Every variant file (`*.py`, not starting with `_`) in `folder`, sorted by name."""
    return [load_variant(p) for p in sorted(Path(folder).glob("*.py")) if not p.name.startswith("_")]


# --- notebooks ---------------------------------------------------------------------------------

def cell_source(cell: dict) -> str:
    """A cell's source as one string (nbformat may store it as a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell: dict) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_autograded_test(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def strip_markers(source: str) -> str:
    """A source solution cell as a student would have written it: marker lines removed."""
    return "\n".join(line for line in source.splitlines() if not MARKERS.match(line)).strip("\n") + "\n"


def solution_source(cell: dict, variant: Variant) -> str:
    """The code (or text) this variant's student wrote in solution cell `cell` of the source."""
    grade_id = nbgrader_meta(cell).get("grade_id")
    if grade_id in variant.sections:
        return variant.sections[grade_id]
    if grade_id in variant.edits:
        where = f"{variant.name}/{grade_id}"
        return apply_edits(_edit_base(cell, variant), variant.edits[grade_id], where)
    if variant.kind == "blank" or grade_id in variant.unanswered:
        return stub_solution(cell_source(cell), cell["cell_type"] == "code")
    return strip_markers(cell_source(cell))


def _edit_base(cell: dict, variant: Variant) -> str:
    """What a variant's EDITS of solution cell `cell` apply to: its SHARED section, else the reference."""
    shared = variant.shared.get(nbgrader_meta(cell).get("grade_id"))
    return shared if shared is not None else strip_markers(cell_source(cell))


def stub_solution(source: str, code: bool = True) -> str:
    """The cell as the release shows it: each solution region replaced by the stub, indented alike."""
    out, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "### BEGIN SOLUTION":
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            stub = STUB if code else "YOUR ANSWER HERE"
            out.extend(indent + s for s in stub.splitlines())
        elif stripped == "### END SOLUTION":
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out) + "\n"


def unknown_sections(source_nb: dict, variant: Variant) -> list[str]:
    """Sections of `variant` that name no solution cell of the notebook (a typo in the corpus)."""
    ids = {nbgrader_meta(c).get("grade_id") for c in source_nb["cells"] if is_solution(c)}
    return sorted(set(variant.sections) - ids)


def build_submission(source_nb: dict, release_nb: dict, variant: Variant) -> nbformat.NotebookNode:
    """The notebook this variant's student would hand in: the release with their answers filled in."""
    answers = {
        nbgrader_meta(c).get("grade_id"): solution_source(c, variant)
        for c in source_nb["cells"] if is_solution(c)
    }
    nb = copy.deepcopy(release_nb)
    for cell in nb["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if is_solution(cell) and grade_id in answers:
            cell["source"] = answers[grade_id]
    return nbformat.from_dict(variant.mutate(nbformat.from_dict(nb)))


# --- in-process grading ------------------------------------------------------------------------

@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    message: str = ""
    by_hidden_check: bool = False  # the points were lost to a hidden check's verdict (CheckFailure)


def _python_only(source: str) -> str:
    """Drop IPython magics and shell escapes: in-process execution is plain Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _error_message(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _library_state() -> list[tuple[Any, str, Any]]:
    """(owner, attribute, value) for every library attribute the guard checks."""
    from autograder.in_kernel import guard

    state = []
    for _, (lib, names) in guard._libraries().items():
        for dotted in names:
            *parents, attr = dotted.split(".")
            owner = guard._lookup(lib, ".".join(parents)) if parents else lib
            state.append((owner, attr, getattr(owner, attr)))
    return state


def _restore_library_state(state: list[tuple[Any, str, Any]]) -> None:
    for owner, attr, value in state:
        if getattr(owner, attr, None) is not value:
            setattr(owner, attr, value)


def grade_in_process(source_nb: dict, variant: Variant, *, quick: bool = True) -> dict[str, CellResult]:
    """Score every autograded test cell of `source_nb` for `variant`, without a kernel.

    Returns {grade_id: CellResult}. Errors in setup or solution cells are kept going past, as
    nbgrader does with `allow_errors`; a test cell scores full points unless it raises.
    """
    if not variant.in_process:
        raise ValueError(f"variant {variant.name} must only be graded by the real pipeline")
    # AUTOGRADER_LOOPBACK: checks judged by the grader go through the real channel (codec, proxies),
    # with the "kernel" side in this thread and the judge in another
    env = {"COURSE_MODE": "quick" if quick else "full", "MPLBACKEND": "Agg", "AUTOGRADER_LOOPBACK": "1",
           "AUTOGRADER_LOOPBACK_STUDENT": variant.student or ""}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    ns: dict[str, Any] = {"__name__": "__main__"}
    results: dict[str, CellResult] = {}
    library = _library_state()  # adversarial variants patch NumPy; put it back for the next one
    out = io.StringIO()
    try:
        for index, cell in enumerate(source_nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            meta = nbgrader_meta(cell)
            tags = set(cell.get("metadata", {}).get("tags", []))
            if is_solution(cell) and meta.get("grade"):
                continue  # a code answer graded by hand (a figure): nothing a test uses
            if is_solution(cell):
                code = solution_source(cell, variant)
            elif is_autograded_test(cell) or tags & {"setup", "helpers"}:
                code = cell_source(cell)
            else:
                continue
            error: BaseException | None = None
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                    exec(compile(_python_only(code), f"<cell {index}>", "exec"), ns)
            except (Exception, SystemExit) as exc:
                error = exc
            if is_autograded_test(cell):
                points = float(meta.get("points", 0))
                results[meta["grade_id"]] = CellResult(
                    meta["grade_id"], 0.0 if error else points, points,
                    _error_message(error) if error else "",
                    by_hidden_check=isinstance(error, CheckFailure),
                )
    finally:
        _restore_library_state(library)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        try:
            import matplotlib.pyplot as plt

            plt.close("all")
        except ImportError:
            pass
    return results


@dataclass
class Verdict:
    """How one variant fared against what its file expects."""

    variant: Variant
    results: dict[str, CellResult]
    problems: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\.\d+)(?:e[-+]?\d+)?")
RATIO = re.compile(r"\d\s*×|×\s*\d|\b1\s*/\s*-?\d")


def leaked_numbers(message: str) -> list[str]:
    """Numbers in a failure message that may be digits of an expected value: any decimal with three
    or more significant digits, and any ratio ("7.95×", "1/28.1"). Shapes, counts and round targets
    (0.97, 1e-7) pass."""
    found = []
    for m in NUMBER.finditer(message):
        digits = m.group(1).replace(".", "").lstrip("0").rstrip("0")
        if len(digits) >= 3:
            found.append(m.group(0))
    found += [m.group(0) for m in RATIO.finditer(message)]
    return found


def judge(variant: Variant, results: dict[str, CellResult]) -> list[str]:
    """Compare per-cell results with the variant's FAILS; return human-readable problems.

    A mistake counts as caught only where a hidden check's verdict failed the cell (not a visible
    assert, not a crash) with a message holding the words its FAILS names; no hidden check's message
    may carry digits of a value."""
    problems = []
    for grade_id in variant.fails:
        if grade_id not in results:
            problems.append(f"FAILS names {grade_id!r}, which is no autograded test cell")
    for grade_id, r in results.items():
        expected_fail = grade_id in variant.fails or (variant.kind == "blank")
        if expected_fail and r.points > 0:
            problems.append(f"{grade_id}: expected to lose points, scored {r.points:g}/{r.max_points:g}")
        if not expected_fail and r.points < r.max_points:
            problems.append(f"{grade_id}: expected full marks, scored {r.points:g}/{r.max_points:g} "
                            f"({r.message})")
        want = variant.fails.get(grade_id)
        if variant.kind == "mistake" and grade_id in variant.fails and r.points == 0:
            if not r.by_hidden_check:
                problems.append(f"{grade_id}: lost only to a visible assert or a crash, not to the hidden "
                                f"check ({r.message[:200]!r})")
            if not want:
                problems.append(f"{grade_id}: FAILS must give the words the message has to contain")
        if expected_fail and want and r.points == 0 and want.lower() not in r.message.lower():
            problems.append(f"{grade_id}: message {r.message!r} does not mention {want!r}")
        if r.points == 0 and r.by_hidden_check and (leaks := leaked_numbers(r.message)):
            problems.append(f"{grade_id}: message may reveal a value ({', '.join(leaks)}): {r.message!r}")
    return problems


def accounting(variant: Variant, results: dict[str, CellResult]) -> dict[str, bool]:
    """What a variant's results show, independent of what its file expects (for the corpus summary):
    lost points at all, to a hidden check, only to visible asserts or crashes, with a naming message."""
    lost = [r for r in results.values() if r.points < r.max_points]
    hidden = [r for r in lost if r.by_hidden_check]
    named = bool(hidden) and all(
        (want := variant.fails.get(r.grade_id)) and want.lower() in r.message.lower() for r in hidden
    )
    return {"lost": bool(lost), "hidden": bool(hidden), "named": named,
            "visible_only": bool(lost) and not hidden}


def evaluate(source_nb: dict, variant: Variant) -> Verdict:
    """Grade `variant` in process and judge it."""
    started = time.perf_counter()
    bad = unknown_sections(source_nb, variant)
    edits = edit_problems(source_nb, variant)
    if edits:
        return Verdict(variant, {}, edits, time.perf_counter() - started)
    results = grade_in_process(source_nb, variant)
    problems = [f"section {s!r} names no solution cell" for s in bad] + judge(variant, results)
    return Verdict(variant, results, problems, time.perf_counter() - started)


def summarize(ps: str, verdicts: list[Verdict]) -> str:
    """One line per problem set: mistakes killed by a hidden check (of those, named by the message),
    killed only by a visible assert or a crash, surviving; valid variants that lost points."""
    rows = [(v.variant.kind, accounting(v.variant, v.results)) for v in verdicts]
    return summary_line(ps, rows)


def summary_line(ps: str, rows: list[tuple[str, dict[str, bool]]]) -> str:
    """`rows`: (kind, accounting) per variant; see `summarize`."""
    mistakes = [a for kind, a in rows if kind == "mistake"]
    valid = [a for kind, a in rows if kind in ("reference", "alternative")]
    hidden = sum(a["hidden"] for a in mistakes)
    return (f"{ps}: {len(rows)} variants; {len(mistakes)} mistakes: killed by a hidden check {hidden} "
            f"(named by its message {sum(a['named'] for a in mistakes)}), killed only by a visible "
            f"assert or crash {sum(a['visible_only'] for a in mistakes)}, survived "
            f"{sum(not a['lost'] for a in mistakes)}; valid alternatives that lost points "
            f"{sum(a['lost'] for a in valid)}/{len(valid)}")

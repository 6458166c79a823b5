"""The tamper report's vocabulary: a `Finding` (kind, cell, detail, line), the kinds and what each means,
`InvalidSubmission` for a file that is not a gradable notebook, and the one-line summary of a report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class InvalidSubmission(Exception):
    """The file is not a gradable notebook; the message says why, for the instructor and student."""


@dataclass
class Finding:
    kind: str
    cell: str
    detail: str
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["line"] is None:
            del d["line"]
        return d

    def __str__(self) -> str:
        where = f"{self.cell}" + (f" line {self.line}" if self.line else "")
        return f"{self.kind} ({where}): {self.detail}"


STRUCTURAL = (
    "deleted_cell",
    "duplicate_id",
    "reordered",
    "cell_type_changed",
    "changed_cell",
    "metadata_changed",
    "unknown_grade_id",
)
DESCRIPTIONS = {
    "deleted_cell": "a graded or locked cell was deleted (restored from the release for grading)",
    "duplicate_id": "a cell or grade id occurs more than once",
    "reordered": "graded or locked cells were moved (put back in release order for grading)",
    "cell_type_changed": "a graded or locked cell changed type (changed back for grading)",
    "changed_cell": "a locked cell was edited (restored for grading)",
    "metadata_changed": "nbgrader metadata of a cell was edited (restored for grading)",
    "unknown_grade_id": "a cell carries nbgrader metadata the release does not have (graded as plain)",
    "touches_autograder": "student code refers to the grader package `autograder`",
    "touches_import_system": "student code touches sys.modules, importlib, pkgutil, __import__ or finders",
    "touches_builtins": "student code touches builtins",
    "module_attribute_assignment": "student code assigns to an attribute of an imported module",
    "defines_comparison": "student code defines __eq__ or another comparison/conversion hook",
    "frame_introspection": "student code inspects frames, globals or the garbage collector",
    "ipython_internals": "student code reaches into IPython (get_ipython)",
    "exits_kernel": "student code exits or signals the kernel (sys.exit, os._exit, exit(), kill)",
    "dynamic_code": "student code runs dynamically built code (eval, exec, compile)",
    "processes": "student code starts processes or loads native code",
    "runtime_restore": "the armed kernel had to put back something student code replaced",
    "kernel_died": "the kernel died while running the notebook",
    "cell_timeout": "a cell ran past the per-cell time limit and was interrupted",
    "channel": "the kernel sent the grader's judge something the protocol does not allow",
}


def summarize(findings: list[dict | Finding]) -> str:
    """A short line for the summary table: the kinds found, with counts."""
    kinds: dict[str, int] = {}
    for f in findings:
        kind = f.kind if isinstance(f, Finding) else f.get("kind", "?")
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k}×{n}" if n > 1 else k for k, n in sorted(kinds.items()))

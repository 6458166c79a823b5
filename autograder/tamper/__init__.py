"""Reading a submitted notebook defensively: malformed files, edited structure, suspicious code.

`prepare(raw, release_nb)` is the first step of grading one submission. It
- refuses what is not a notebook (`InvalidSubmission` with a reason: invalid JSON, not nbformat 4, a
  field of the wrong type, beyond the limits MAX_BYTES, MAX_CELLS, MAX_DEPTH, ...); nothing else escapes
  `parse` or `prepare`, whatever the file holds;
- compares the structure with the release: grade/locked/solution cells ("anchors", by `grade_id`) that
  were deleted, duplicated, reordered, changed in type, metadata or (for locked cells) content;
- repairs it into what nbgrader then grades: every anchor once, in release order, with the release's
  type and metadata; the student's own added cells travel with the anchor they followed; duplicate
  cell ids renamed. (nbgrader itself then restores hidden tests and locked sources from the gradebook.)
- scans the student's code (solution cells and cells they added) for ways to interfere with grading.

Everything found is a `Finding`; the list is the submission's tamper report.

The package: `findings` (the report's vocabulary), `reading` (read_submission, parse), `structure`
(repair), `code_scan` (scan_code); this module joins them into `prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nbformat

from autograder.tamper.code_scan import (
    HARMLESS_ATTRIBUTE_PREFIXES,
    HOOKS,
    KNOWN_MODULES,
    scan_code,
    student_code_cells,
)
from autograder.tamper.findings import DESCRIPTIONS, STRUCTURAL, Finding, InvalidSubmission, summarize
from autograder.tamper.reading import (
    MAX_BYTES,
    MAX_CELLS,
    MAX_CONTAINERS,
    MAX_DEPTH,
    MAX_SOURCE_CHARS,
    parse,
    read_submission,
)
from autograder.tamper.structure import repair

__all__ = [
    "DESCRIPTIONS",
    "HARMLESS_ATTRIBUTE_PREFIXES",
    "HOOKS",
    "KNOWN_MODULES",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_CONTAINERS",
    "MAX_DEPTH",
    "MAX_SOURCE_CHARS",
    "STRUCTURAL",
    "Finding",
    "InvalidSubmission",
    "Prepared",
    "parse",
    "prepare",
    "read_submission",
    "repair",
    "scan_code",
    "student_code_cells",
    "summarize",
]


@dataclass
class Prepared:
    """A submission ready for nbgrader: the repaired notebook and what was found on the way."""

    notebook: nbformat.NotebookNode
    findings: list[Finding] = field(default_factory=list)


def prepare(raw: bytes, release_nb: dict) -> Prepared:
    """Parse, repair and scan a submission. Raises InvalidSubmission, and nothing else, for anything
    the submission contains (see `parse`)."""
    nb = parse(raw)
    try:
        repaired, findings = repair(nb, release_nb)
        findings += scan_code(student_code_cells(repaired))
    except RecursionError:
        raise InvalidSubmission("the notebook is nested too deeply to grade") from None
    except MemoryError:
        raise InvalidSubmission("the notebook needs too much memory to grade") from None
    except Exception as exc:
        raise InvalidSubmission(
            f"the notebook cannot be graded ({type(exc).__name__}: {str(exc)[:200]})"
        ) from None
    return Prepared(repaired, findings)

"""The result of grading one submission: `GradeResult`, with one `CellResult` per graded cell.

`grade_submission.grade` makes one; the coordinator (`grading`) makes the ones of submissions that
could not be run (invalid, timed out, crashed), stores each as `autograded/<student>/<ps>/grading.json`
and writes graded ones into the gradebook. Between processes (the fork pool, Dask workers) and on disk
a result is the plain dict of `to_dict()`, the wire format, which `from_dict` reads back:

    {"student": "s1", "ps": "ps1_backprop_by_hand", "status": "graded", "reason": "",
     "cells": [{"grade_id", "kind", "points", "max_points", "needs_manual_grade", "message",
                "by_hidden_check", "auto_comment"}, ...],
     "tamper": [{"kind", "cell", "detail"}, ...],
     ... and the optional keys below, each only where the result has it}

`to_dict` writes the same keys as the hand-built dicts that came before (`None` marks an absent
optional key), so stored results and the grading cache stay valid; `from_dict(r.to_dict()) == r`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

STATUSES = ("graded", "invalid", "timeout", "error")


@dataclass
class CellResult:
    """One graded cell of a graded submission."""

    grade_id: str
    kind: str  # test | written | code_answer | other
    points: float | None  # None: a manually graded cell waiting for a grader
    max_points: float
    needs_manual_grade: bool = False
    message: str = ""  # the error a failed test cell ended with ("AssertionError: ...")
    by_hidden_check: bool = False  # failed by a hidden check's verdict (not by a visible assert)
    auto_comment: str | None = None  # the autograder's comment on a written answer

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CellResult:
        """A cell from its dict (keys a stored result of an older grader lacks take their defaults)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class GradeResult:
    """What grading one submission came to (see the module docstring for its dict form)."""

    student: str
    ps: str  # the problem set's folder name (nbgrader's assignment)
    status: str  # one of STATUSES
    reason: str = ""  # why it is not graded (status other than "graded")
    cells: list[CellResult] = field(default_factory=list)  # in the release notebook's order
    tamper: list[dict] = field(default_factory=list)  # findings: {"kind", "cell", "detail"}
    # --- optional: None means the key is absent from the dict form --------------------------------
    key: str | None = None  # the grading key of the inputs (`grading.grading_key`), for the cache
    timestamp: str | None = None  # the submission time; in every result of grade_one, even if None
    mode: str | None = None  # quick | full: present in every result of grade_one
    cell_timeout: int | None = None
    late_penalty: float | None = None  # in every graded result, even if None
    notebook: str | None = None  # the autograded notebook (JSON text); stored as a file, not here
    score: float | None = None  # autograded points (pending manual cells count nothing)
    max_score: float | None = None
    seconds: float | None = None  # wall-clock time of grading
    timeout: float | None = None  # the per-submission limit a timed-out or failed task ran under
    timings: dict[str, float] | None = None  # seconds per step (prepare, nbgrader, kernel start, ...)
    kernel_isolated: bool | None = None  # False: the kernel had no PID namespace
    sandboxed: bool | None = None  # False: graded with --no-sandbox
    output_cut: list[str] | None = None  # labels of cells whose output was cut to size
    graded_at: str | None = None  # when the coordinator stored it ("2026-01-31 12:00:00")

    @property
    def pending(self) -> list[str]:
        """grade_ids of the cells waiting for a grader."""
        return [c.grade_id for c in self.cells if c.points is None]

    def _keeps_none(self, name: str) -> bool:
        """Optional keys that grade_one writes even when None (its results have a mode; graded ones a
        score)."""
        return (name == "timestamp" and self.mode is not None) or (
            name == "late_penalty" and self.score is not None
        )

    def to_dict(self) -> dict[str, Any]:
        """The wire format: JSON-able, the optional keys only where present."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "cells":
                value = [c.to_dict() for c in value]
            elif value is None and not self._keeps_none(f.name):
                continue
            elif isinstance(value, list | dict):
                value = type(value)(value)  # the dict does not share lists with this object
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeResult:
        """A result from its dict form (unknown keys are ignored; "student", "ps", "status" are
        required: TypeError without them)."""
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["cells"] = [CellResult.from_dict(c) for c in data.get("cells") or []]
        kwargs["tamper"] = list(data.get("tamper") or [])
        kwargs["reason"] = data.get("reason") or ""
        return cls(**kwargs)

"""Which problem set a notebook is: its graded cells against every release's (a ps2 notebook handed in
for ps1 is not collected, and grading reports it as such)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping

from autograder import problemsets
from autograder.course import Course
from autograder.problemsets import ProblemSet


def grade_ids(nb) -> set[str]:
    """The nbgrader grade ids of a notebook's cells."""
    found = set()
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        meta = cell.get("metadata", {}).get("nbgrader") if isinstance(cell, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
            found.add(meta["grade_id"])
    return found


def release_ids(course: Course) -> dict[str, list[str]]:
    """The grade ids of every problem set's release notebook, by problem set name, in the course's
    order: `{"ps1_backprop_by_hand": ["test_forward", ...], ...}` (sorted ids; plain data, so that a
    grading task can carry it). A release that cannot be read is left out."""
    out = {}
    for other in course.problem_sets():
        try:
            out[other.name] = sorted(grade_ids(json.loads(other.release.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return out


def other_problem_set(nb, ps: ProblemSet, release_ids: Mapping[str, Collection[str]]) -> ProblemSet | None:
    """The problem set a notebook is, when it is clearly not `ps`: fewer than half of its graded cells
    are ps's and another problem set's release holds more of them (the first such one, in the order of
    `release_ids`, the output of `release_ids(course)`). Used by `collect` and by grading."""
    ids = grade_ids(nb)
    if not ids:
        return None
    here = len(ids & set(release_ids.get(ps.name, ())))
    if here * 2 >= len(ids):
        return None
    best_count, best_name = max(
        ((len(ids & set(other_ids)), name) for name, other_ids in release_ids.items() if name != ps.name),
        key=lambda x: x[0],
        default=(0, None),
    )
    if best_count <= here:
        return None
    return next((p for p in problemsets.discover(ps.root) if p.name == best_name), None)

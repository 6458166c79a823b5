"""The analysis as a step of `course validate`: its fork-pool task, and its findings put into the problem
sets' reports (each violation as an error or a warning, by `LEVEL`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.given_code.limits import DEFAULT_TIME_LIMIT
from autograder.given_code.model import Analysis
from autograder.given_code.run import task

LEVEL = "error"  # no given code may solve a graded task


KEY = "given-code"  # the fork-pool task's name in `validate`


def validate_task(course_root: Path, pss: list, time_limit: float = DEFAULT_TIME_LIMIT) -> Any:
    """The fork-pool task of `course validate` for the problem sets `pss` (see `report`)."""
    from autograder.pool import Task

    return Task(f"{pss[0].name}/{KEY}", task, (str(course_root), sorted(ps.short for ps in pss), time_limit),
                timeout=max(600.0, 30 * time_limit))


def report(outcome: Any, reports: dict, level: str | None = None) -> None:
    """Put the task's findings into `validate`'s reports ({name: Report}): each violation goes to the
    problem sets of its given code and of its check, as an error or a warning (`LEVEL`)."""
    level = level or LEVEL
    by_short = {rep.ps.short: rep for rep in reports.values()}
    first = next(iter(reports.values()))
    if outcome.status != "ok" or not isinstance(outcome.result, dict):
        (first.problems if level == "error" else first.warnings).append(
            f"given code: could not be analysed: {outcome.reason}")
        return
    res = Analysis.from_dict(outcome.result)
    for rep in reports.values():
        rep.seconds[KEY] = res.seconds
    touched = set()
    for v in res.violations:
        for short in dict.fromkeys(s for s in (v.given_ps, v.check_ps) if s in by_short):
            rep = by_short[short]
            (rep.problems if level == "error" else rep.warnings).append(str(v))
            touched.add(short)
    for note in res.notes:
        first.notes.append(f"given code: {note}")
    for rep in (r for short, r in by_short.items() if short not in touched):
        rep.notes.append(f"given code: none solves a graded task ({res.runs} check runs over all problem "
                         f"sets, {res.seconds:.1f} s)")

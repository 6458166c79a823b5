"""The whole analysis: every problem set's notebook loaded, every graded argument tried against the given
code that fits (in quick mode, figures closed afterwards), and the same as a fork-pool task."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from autograder.given_code.limits import DEFAULT_TIME_LIMIT
from autograder.given_code.model import Analysis
from autograder.given_code.notebook import Notebook, load_notebook
from autograder.given_code.trial import _Trial, slots


def analyse(root: Path, *, only: set[str] | None = None, time_limit: float = DEFAULT_TIME_LIMIT,
            progress: Any = None) -> Analysis:
    """Run every piece of given code that fits against every graded check (see the module docstring).

    `only`: problem sets (short names) whose checks or whose given code take part; None for all.
    Runs in this process: execute it in a child (validate's fork pool) to keep this one clean."""
    started = time.monotonic()
    result = Analysis()
    root = Path(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    with _quick_mode():
        notebooks = _load_notebooks(root, result)
        trial = _Trial(result, only, time_limit, root, notebooks)
        n_slots = 0
        for nb in notebooks:
            found, notes = slots(nb)
            result.notes += notes
            for slot in found:
                n_slots += 1
                slot_started = time.monotonic()
                trial.try_slot(slot)
                if progress is not None:
                    progress(slot, time.monotonic() - slot_started)
        tried = (f"{len(trial.functions)} given functions, {len(trial.classes)} given classes and "
                 f"{len(trial.values)} given values")
        result.notes.insert(0, f"{tried} tried against {n_slots} graded arguments")
    result.seconds = time.monotonic() - started
    return result


@contextlib.contextmanager
def _quick_mode():
    """Run the block in quick mode with a non-interactive matplotlib; restore the environment and close
    every figure afterwards."""
    env = {"COURSE_MODE": "quick", "MPLBACKEND": "Agg"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        with contextlib.suppress(ImportError):
            import matplotlib.pyplot as plt

            plt.close("all")


def _load_notebooks(root: Path, result: Analysis) -> list[Notebook]:
    """Every problem set's source notebook, loaded (their notes added to `result`)."""
    from autograder.problemsets import discover

    notebooks = []
    for ps in discover(root):
        nb = load_notebook(ps.short, ps.source)
        result.notes += nb.notes
        notebooks.append(nb)
    return notebooks


def task(root: str, only: list[str] | None = None, time_limit: float = DEFAULT_TIME_LIMIT) -> dict:
    """`analyse` as a fork-pool task (JSON in, JSON out)."""
    return analyse(Path(root), only=set(only) if only is not None else None, time_limit=time_limit).to_dict()

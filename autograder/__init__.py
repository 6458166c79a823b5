"""Grader-only package: hidden-test checks and the `course` command. Never shipped to students.

A hidden test in a source notebook is one line::

    import autograder; autograder.run_check("ps1", "softmax", softmax)

`run_check` loads fresh copies of the check modules from this package's own folder (a student cell
may have rebound names in already-imported ones), verifies that NumPy and PyTorch functions the checks
rely on are still the library's own, and runs the check with warnings and stderr captured and a time
limit. A failing check raises `CheckFailure` (an `AssertionError`) with a short student-facing message.
"""

from __future__ import annotations

from autograder.runtime import CheckFailure, run_check

__all__ = ["CheckFailure", "run_check"]

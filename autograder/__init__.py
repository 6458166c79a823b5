"""The course's grader: hidden-test checks and the `course` command. Never shipped to students.

A hidden test in a source notebook is one line::

    import autograder; autograder.run_check("ps1", "softmax", softmax)

In a grading kernel, `run_check` (from `autograder.in_kernel`, the only part of this package a
grading kernel can see) hands the student's objects to the grader, where the check runs
(`autograder.judge`) and decides; the kernel only computes what the check asks. Outside a grading
kernel (an instructor's own notebook) the check runs in process (`autograder.in_kernel.runtime`).
"""

from __future__ import annotations

from autograder.in_kernel import CheckFailure, run_check

__all__ = ["CheckFailure", "run_check"]

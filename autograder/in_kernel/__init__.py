"""The only `autograder` code a grading kernel runs: the kernel's end of the grader's channel.

A hidden test is `autograder.run_check("ps1", "softmax", softmax)`. In a kernel started by
`course`, `run_check` hands the student's objects to the grader over a Unix socket and serves its
requests (call this, read that) until the grader's verdict (`serve.py`, values as plain data:
`wire.py`); the check, its oracles, expected values and the score stay in the grader. `evidence.py`
observes student code for rules the grader enforces. `arm.py` and `guard.py` arm the kernel before any
student code (for the tamper report); `runtime.py` runs a check in process where there is no grader
(an instructor's own notebook). Everything else of `autograder/` is the grader's and is not visible
inside the sandbox.
"""

from autograder.in_kernel.serve import CHANNEL_ENV, CheckFailure, local_check, run_check

__all__ = ["CHANNEL_ENV", "CheckFailure", "local_check", "run_check"]

"""FIXTURE, not a problem set: the checks of `ps0_fixture`, the tiny problem set the pipeline tests
(`tests/test_pipeline*.py`, `tests/fixtures/course/`) run the `course` command on.
"""

from __future__ import annotations

import os

from autograder.checklib import GraderFault, as_array, assert_close, call, rng_for


def double_values(student_double) -> None:
    """double(x) equals 2x on arrays of several shapes (size 1 included)."""
    if os.environ.get("COURSE_FIXTURE_GRADER_FAULT"):  # the pipeline test of a grader-side failure
        raise GraderFault("the fixture's oracle is switched off")
    rng = rng_for(0)
    for shape in ((1,), (3,), (2, 4)):
        x = rng.normal(size=shape)
        raw = call(student_double, x.copy(), name="double", arg_names=["x"], check_unchanged=False)
        got = as_array(raw, "double(x)", shape)
        assert_close(
            got,
            x + x,
            "double(x)",
            raw=raw,
            hints=[
                (x, "double(x) returned x unchanged: did you forget to multiply?"),
                (x * x, "double(x) squares x instead of doubling it"),
            ],
            context=f"for x of shape {shape}",
        )


def double_inputs(student_double) -> None:
    """double accepts a plain list and does not modify its argument."""
    rng = rng_for(1)
    x = rng.normal(size=4)
    call(student_double, x, name="double", arg_names=["x"])  # fails if x was modified
    values = [1.0, -2.0, 0.5]
    raw = call(student_double, values, name="double", arg_names=["x"])
    got = as_array(raw, "double(list)", (3,))
    assert_close(got, [2.0, -4.0, 1.0], "double(list)", raw=raw, context="for a Python list")

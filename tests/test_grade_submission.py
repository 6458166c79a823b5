"""grade_submission: what is decided about a submission before its notebook runs."""

from __future__ import annotations

import json

from autograder import collect
from autograder.course import Course
from autograder.grade_submission import _another_problem_set
from autograder.problemsets import REPO, discover

PSS = discover(REPO)


def test_a_notebook_of_another_problem_set_is_named_as_such():
    course = Course(REPO)
    first, second = PSS[0], PSS[1]
    other = _another_problem_set(course, first.name, second.release.read_bytes())
    assert other is not None and other.name == second.name


def test_the_right_notebook_or_an_unreadable_one_is_left_to_the_rest_of_grading():
    course = Course(REPO)
    first = PSS[0]
    assert _another_problem_set(course, first.name, first.release.read_bytes()) is None
    for raw in (b"{not json", b"[]", b'{"cells": [{"metadata": 3}]}', b'{"cells": 5}'):
        assert _another_problem_set(course, first.name, raw) is None


def test_the_release_ids_a_grading_task_carries_decide():
    course = Course(REPO)
    first, second = PSS[0], PSS[1]
    ids = collect.release_ids(course)
    assert json.loads(json.dumps(ids)) == ids  # plain data: a task ships it to any executor
    raw = second.release.read_bytes()
    assert _another_problem_set(course, first.name, raw, ids).name == second.name
    assert _another_problem_set(course, first.name, raw, {}) is None  # no release known: no verdict
    swapped = {first.name: ids[second.name], second.name: ids[first.name]}
    assert _another_problem_set(course, first.name, raw, swapped) is None

"""`course release` is deterministic and the committed release/ equals a fresh generation.

This is the CI check that fails when someone edits source/ without running `course release` (or edits
release/ by hand). It writes nothing in the repository: generations go to temporary folders.
"""

from __future__ import annotations

import shutil

import pytest

from autograder import release
from autograder.course import Course
from autograder.problemsets import REPO, discover

PROBLEM_SETS = discover(REPO)


@pytest.mark.parametrize("ps", PROBLEM_SETS, ids=lambda p: p.short)
def test_committed_release_is_in_sync_with_source(ps):
    problems = release.release_differences(Course.at(REPO), ps)
    assert not problems, "release/ is out of sync with source/; run `course release`:\n  " + "\n  ".join(
        problems
    )


def test_release_is_deterministic(tmp_path):
    """Two generations in different folders and gradebooks give identical bytes."""
    if not PROBLEM_SETS:
        pytest.skip("no problem sets yet")
    ps = PROBLEM_SETS[0]
    course = Course.at(REPO)
    first, scratch1 = release.release_notebook_text(course, ps)
    second, scratch2 = release.release_notebook_text(course, ps)
    shutil.rmtree(scratch1, ignore_errors=True)
    shutil.rmtree(scratch2, ignore_errors=True)
    assert first == second
    assert first.endswith("\n") and '"outputs": []' in first and "BEGIN SOLUTION" not in first

"""demo.copy_course's ignore rule: the course's state folders at the top level only, caches anywhere."""

from __future__ import annotations

from autograder.demo import copy_ignore


def test_state_folders_are_left_out_at_the_top_only(tmp_path):
    ignore = copy_ignore(tmp_path)
    top = ignore(str(tmp_path), ["feedback", "submitted", "autograder", ".venv", "source", "gradebook.db"])
    assert top == {"feedback", "submitted", ".venv", "gradebook.db"}
    inner = ignore(str(tmp_path / "autograder"), ["feedback", "__pycache__", "judge", "x.pyc"])
    assert inner == {"__pycache__", "x.pyc"}  # the grader's own feedback package is copied

"""Changing a released problem set mid-term: fix a hidden test, regrade everyone, keep manual scores.

On a small copy of the course (the fixture problem set only): two students are graded, a grader enters a
manual score, the instructor then changes a hidden test and its points in source/ (same cells), runs
`course release` (which updates the gradebook) and `course autograde` — everyone is regraded against the
new test, the manual score survives. Adding a cell once submissions exist is refused with the documented
procedure (nbgrader issue 1646).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import corpus
from autograder.course import grade_id
from autograder.demo import copy_course, submissions_zip, write_roster
from autograder.problemsets import REPO

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"


def course_cmd(*args: str, root: Path, check: bool = False) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=root,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"course {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def test_hidden_test_fixed_midterm_keeps_manual_scores(tmp_path):
    from nbgrader.api import Gradebook

    course = copy_course(REPO, tmp_path / "course", fixture=True)
    ps = course.resolve(["ps0"])[0]
    course_cmd("release", root=course.root, check=True)
    variants = [
        corpus.load_variant(FIXTURE / "tests" / "submissions" / "ps0" / f"{n}.py")
        for n in ("reference", "mistake_inplace")
    ]
    roster = write_roster(tmp_path / "roster.csv", submissions_zip(course, ps, variants, tmp_path / "dl.zip"))
    course_cmd(
        "collect", "ps0", str(tmp_path / "dl.zip"), "--roster", str(roster), root=course.root, check=True
    )
    course_cmd("autograde", "ps0", "--jobs", "2", "--no-progress", root=course.root, check=True)

    def scores(student):
        with Gradebook(course.db_url, course.course_id()) as gb:
            nb = gb.find_submission_notebook(ps.name, ps.name, student)
            return {g.name: (g.auto_score, g.manual_score, float(g.max_score)) for g in nb.grades}

    assert scores("mistake_inplace")["test_double_inputs"] == (0.0, None, 1.0)
    with Gradebook(course.db_url, course.course_id()) as gb:  # what a grader does in formgrader
        gb.find_grade("answer_why", ps.name, ps.name, "reference").manual_score = 1.0
        gb.db.commit()

    # the fix: test_double_inputs now checks values only, and is worth 2 points
    nb = nbformat.read(ps.source, as_version=4)
    cell = next(c for c in nb.cells if grade_id(c) == "test_double_inputs")
    cell.source = cell.source.replace('"double_inputs"', '"double_values"')
    cell.metadata.nbgrader["points"] = 2
    nbformat.write(nb, ps.source)
    course_cmd("release", "ps0", root=course.root, check=True)
    proc = course_cmd("autograde", "ps0", "--jobs", "2", "--no-progress", root=course.root, check=True)
    assert "; 0 unchanged since the last run" in proc.stdout  # everyone was regraded
    assert scores("mistake_inplace")["test_double_inputs"] == (2.0, None, 2.0)
    assert scores("reference")["answer_why"] == (None, 1.0, 1.0)
    totals = course_cmd("export", "ps0", "-o", "-", root=course.root, check=True).stdout
    assert "reference" in totals and ",5,5," in totals.replace(".0", "")  # 2 + 2 + 1 (manual) of 5

    # adding a cell now is refused, with the procedure
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "assert True",
            metadata={
                "nbgrader": {
                    "grade": True,
                    "grade_id": "test_new",
                    "locked": True,
                    "points": 1,
                    "schema_version": 3,
                    "solution": False,
                }
            },
            id="test_new",
        )
    )
    nbformat.write(nb, ps.source)
    refused = course_cmd("release", "ps0", root=course.root)
    assert refused.returncode == 1
    assert "1646" in refused.stderr and "docs/grading.md" in refused.stderr
    result = json.loads((course.result_dir(ps, "reference") / "grading.json").read_text())
    assert result["status"] == "graded"

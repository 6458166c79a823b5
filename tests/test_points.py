"""The points a student sees are generated from nbgrader's metadata and linted for drift."""

from __future__ import annotations

import copy

from autograder import points


def _cell(kind, source, **nbgrader):
    meta = {"nbgrader": {"grade_id": nbgrader.pop("grade_id", "x"), **nbgrader}} if nbgrader else {}
    return {"cell_type": kind, "source": source, "metadata": meta}


def _notebook():
    return {"cells": [
        _cell("markdown", "# PS\n\nIntro."),
        _cell("markdown", "## 1. Forward"),
        _cell("code", "### BEGIN HIDDEN TESTS\nrun()\n### END HIDDEN TESTS", grade=True, solution=False,
              points=2, grade_id="test_a"),
        _cell("markdown", "## 2. Why\n\nExplain (3 points)."),
        _cell("markdown", "### BEGIN SOLUTION\nBecause.\n\n**Rubric** (3 points)\n- 3 pt: because\n"
                          "### END SOLUTION", grade=True, solution=True, points=3, grade_id="answer_b"),
        _cell("code", "x = 1", grade=True, solution=False, points=1, grade_id="test_c"),
    ]}


def test_sections_count_automatic_and_written_points():
    rows = points.sections(_notebook())
    assert [(s.title, s.automatic, s.written) for s in rows] == [("1. Forward", 2, 0), ("2. Why", 1, 3)]


def test_apply_writes_the_table_and_points_lines_and_lint_then_passes():
    nb = _notebook()
    assert {label for label, _ in points.problems(nb)} == {"cell 1", "test_a", "test_c"}
    changed = points.apply(nb)
    assert changed == ["points table", "test_a", "test_c"]
    assert "**Points.** 6 in all: 3 graded automatically" in nb["cells"][0]["source"]
    assert nb["cells"][2]["source"].startswith("# 2 points\n### BEGIN HIDDEN TESTS")
    assert nb["cells"][5]["source"] == "# 1 point\nx = 1"
    assert points.problems(nb) == []
    again = copy.deepcopy(nb)
    assert points.apply(again) == [] and again == nb  # idempotent
    nb["cells"][2]["metadata"]["nbgrader"]["points"] = 4  # points changed, text not rewritten
    assert {label for label, _ in points.problems(nb)} == {"cell 1", "test_a"}


def test_written_answers_need_stated_points_and_a_rubric():
    nb = _notebook()
    nb["cells"][3]["source"] = "## 2. Why\n\nExplain."
    nb["cells"][4]["source"] = "### BEGIN SOLUTION\nBecause.\n### END SOLUTION"
    found = [text for label, text in points.problems(nb) if label == "answer_b"]
    assert any("state its points (3 points)" in t for t in found)
    assert any("needs a rubric" in t for t in found)

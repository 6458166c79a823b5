"""Model answers and rubrics reach graders (after each manually graded answer of the autograded notebook)
and never students (course feedback strips them; its guard refuses a page that still shows one)."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest

from autograder import feedback, rubric
from autograder.problemsets import REPO, discover
from autograder.records import StudentRecord

PSS = discover(REPO)


def _released_like(source_nb: dict) -> dict:
    """The source with every solution region replaced, as a graded student notebook would hold it."""
    nb = copy.deepcopy(source_nb)
    for cell in nb["cells"]:
        if rubric.is_manual_answer(cell):
            cell["source"] = "My own answer."
    return nb


@pytest.mark.parametrize("ps", PSS, ids=[p.short for p in PSS])
def test_every_manual_answer_gets_its_model_answer(ps):
    source = json.loads(ps.source.read_text(encoding="utf-8"))
    graded = _released_like(source)
    manual = [rubric._nbgrader(c)["grade_id"] for c in graded["cells"] if rubric.is_manual_answer(c)]
    out = rubric.add_rubrics(graded, source)
    added = [c for c in out["cells"] if rubric.is_rubric_cell(c)]
    answers = rubric.model_answers(source)
    assert len(added) == len(answers) and set(answers) <= set(manual)
    for i, cell in enumerate(out["cells"]):
        if rubric.is_rubric_cell(cell):
            before = out["cells"][i - 1]
            gid = cell["metadata"]["course"]["rubric_for"]
            assert rubric._nbgrader(before)["grade_id"] == gid, "a rubric cell not after its answer"
            assert rubric.TITLE in cell["source"] and "BEGIN SOLUTION" not in cell["source"]
            assert "nbgrader" not in cell["metadata"]
    # idempotent, and the graded notebook itself is not changed
    assert rubric.add_rubrics(out, source) == out
    assert graded == _released_like(source)
    assert rubric.strip_rubrics(copy.deepcopy(out)) == graded


def test_rubric_text_is_carried():
    source = {"cells": [{
        "cell_type": "markdown", "id": "a",
        "metadata": {"nbgrader": {"grade": True, "solution": True, "grade_id": "why", "points": 3,
                                  "locked": False, "schema_version": 3}},
        "source": "### BEGIN SOLUTION\nBecause.\n\n**Rubric** (3 points)\n- 3 pt: says why.\n"
                  "### END SOLUTION",
    }], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    graded = copy.deepcopy(source)
    graded["cells"][0]["source"] = "student text"
    out = rubric.add_rubrics(graded, source)
    assert len(out["cells"]) == 2
    text = out["cells"][1]["source"]
    assert "Because." in text and "**Rubric** (3 points)" in text and "3 points" in text
    assert nbformat.validate(nbformat.from_dict(out)) is None


def test_add_rubrics_text_keeps_unreadable_notebooks(tmp_path):
    assert rubric.add_rubrics_text("not json", tmp_path / "missing.ipynb") == "not json"


@pytest.mark.skipif(not PSS, reason="no problem sets")
def test_feedback_never_shows_the_rubric():
    ps = PSS[0]
    source = json.loads(ps.source.read_text(encoding="utf-8"))
    with_rubrics = rubric.add_rubrics(_released_like(source), source)
    assert any(rubric.is_rubric_cell(c) for c in with_rubrics["cells"])
    clean = feedback.sanitize(with_rubrics)
    assert not any(rubric.is_rubric_cell(c) for c in clean.cells)
    page = feedback.Renderer().page(ps, StudentRecord(student="s", status="graded"), with_rubrics)
    assert rubric.TITLE not in page and "**Rubric**" not in page and "Rubric</strong> (" not in page
    assert feedback.check_page(f"<p>{rubric.TITLE}</p>", set()), "the guard does not know the title"


def test_a_code_answer_graded_by_hand_shows_its_model_code_and_rubric():
    """A figure drawn by the student (ps1's network diagram) is graded by hand: graders see the model
    code as a code block, with its rubric, after the student's cell."""
    cell = nbformat.v4.new_code_cell(
        "# draw it\n### BEGIN SOLUTION\ndraw_network([2, 3, 1])\n"
        "# **Rubric** (1 point)\n# - 1 point: layout\n### END SOLUTION"
    )
    cell.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "answer_fig", "points": 1}
    source = nbformat.v4.new_notebook(cells=[cell])
    text = rubric.model_answers(source)["answer_fig"]
    assert text.startswith("```python\ndraw_network([2, 3, 1])") and text.endswith("```")
    assert "**Rubric** (1 point)" in text

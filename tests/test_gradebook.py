"""The one door to nbgrader's gradebook (`autograder.gradebook`) and the typed grading result
(`autograder.grade_result`): what is read and written, and a wire format that did not change."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from autograder import gradebook, grading
from autograder.course import Course
from autograder.grade_result import CellResult, GradeResult
from autograder.grade_submission import GradeTask, grade_one
from autograder.pool import Outcome, Task
from autograder.problemsets import REPO, ProblemSet, discover

PS = "ps9_demo"
DUE = dt.datetime(2026, 1, 31, 12, 0)


@pytest.fixture
def course(tmp_path) -> Course:
    return Course(tmp_path)


def _release(where: Course | str, test_points: float = 2.0, course_id: str | None = None) -> None:
    """An assignment as `course release` records it: one notebook with a test cell and a written answer,
    and two students on the roster."""
    with gradebook.open_gradebook(where, course_id) as gb:
        gb.add_assignment(PS, duedate=DUE)
        gb.add_notebook(PS, PS)
        gb.add_grade_cell("test_a", PS, PS, max_score=test_points, cell_type="code")
        gb.add_grade_cell("answer_b", PS, PS, max_score=3.0, cell_type="markdown")
        gb.add_solution_cell("answer_b", PS, PS)
        gb.add_student("s1", first_name="Ada", last_name="Lovelace", email="ada@example.org")
        gb.add_student("s2")


def _graded(student: str, test_points: float | None, answer_points: float | None = None, **extra):
    """A graded result of the assignment: the test cell's points, the written answer's (None: pending)."""
    return GradeResult(
        student,
        PS,
        "graded",
        cells=[
            CellResult("test_a", "test", test_points, 2.0),
            CellResult("answer_b", "written", answer_points, 3.0, needs_manual_grade=answer_points is None,
                       auto_comment="no figure found"),
        ],
        key="k",
        mode="quick",
        cell_timeout=120,
        score=test_points or 0.0,
        max_score=5.0,
        **extra,
    )


# --- the gradebook ------------------------------------------------------------------------------------


def test_a_course_without_a_gradebook_is_asked_without_creating_one(course):
    assert not gradebook.exists(course)
    assert gradebook.roster(course) == []
    assert gradebook.submission_scores(course, PS) == {}
    assert gradebook.duedate(course, PS) is None
    assert gradebook.max_scores(course, [PS]) == {}
    assert not course.gradebook.exists()


def test_roster_due_date_and_points_of_a_released_assignment(course):
    _release(course)
    assert gradebook.exists(course)
    roster = {s.id: s for s in gradebook.roster(course)}
    assert roster["s1"] == gradebook.Student("s1", "Ada", "Lovelace", "ada@example.org")
    assert roster["s2"] == gradebook.Student("s2")
    assert gradebook.duedate(course, PS) == DUE
    assert gradebook.duedate(course, "ps8_unknown") is None
    assert gradebook.max_scores(course, [PS, "ps8_unknown"]) == {PS: 5.0}
    assert gradebook.submission_scores(course, PS) == {}  # released, nothing handed in yet


def test_a_result_is_recorded_with_its_student_scores_comment_penalty_and_flag(course):
    _release(course)
    result = _graded("s3", 2.0, timestamp="2026-01-30 10:00:00", late_penalty=1.0,
                     tamper=[{"kind": "deleted_cell", "cell": "test_a", "detail": "x"}])
    assert not gradebook.has_submission(course, PS, "s3")
    gradebook.record_result(course, PS, result)
    assert gradebook.has_submission(course, PS, "s3")
    assert "s3" in {s.id for s in gradebook.roster(course)}  # a student not on the roster is added
    scores = gradebook.submission_scores(course, PS)["s3"]
    cells = {c.grade_id: c for c in scores.cells}
    assert (cells["test_a"].auto, cells["test_a"].needs_manual_grade) == (2.0, False)
    assert (cells["answer_b"].auto, cells["answer_b"].needs_manual_grade) == (None, True)
    assert cells["answer_b"].max_points == 3.0
    assert scores.auto_comments["answer_b"] == "no figure found"
    assert scores.manual_comments["answer_b"] == ""
    assert scores.late_penalty == 1.0
    assert scores.timestamp is not None and scores.timestamp.startswith("2026-01-30 10:00:00")
    with gradebook.open_gradebook(course) as gb:
        assert gb.find_submission_notebook(PS, PS, "s3").flagged


def test_a_graders_score_stands_and_is_queued_again_only_when_the_autograder_changes_its_mind(course):
    _release(course)
    gradebook.record_result(course, PS, _graded("s1", 2.0, 1.0))
    with gradebook.open_gradebook(course) as gb:
        grade = gb.find_grade("test_a", PS, PS, "s1")
        grade.manual_score, grade.needs_manual_grade = 1.5, False
        gb.db.commit()

    def test_a() -> gradebook.CellScore:
        return next(c for c in gradebook.submission_scores(course, PS)["s1"].cells if c.grade_id == "test_a")

    gradebook.record_result(course, PS, _graded("s1", 2.0, 1.0))  # the same verdict again
    assert (test_a().manual, test_a().needs_manual_grade) == (1.5, False)
    gradebook.record_result(course, PS, _graded("s1", 0.0, 1.0))  # the autograder changed its mind
    assert (test_a().auto, test_a().manual, test_a().needs_manual_grade) == (0.0, 1.5, True)


def test_the_signature_of_an_assignment_follows_its_points(tmp_path):
    urls = [f"sqlite:///{tmp_path / name}.db" for name in ("a", "b", "c")]
    _release(urls[0], 2.0, "course")
    _release(urls[1], 2.0, "course")
    _release(urls[2], 4.0, "course")
    a, b, c = (gradebook.assignment_signature(url, "course", PS) for url in urls)
    assert a is not None and a == b and a != c
    assert gradebook.assignment_signature(urls[0], "course", "ps8_unknown") is None
    assert gradebook.assignment_signature("notadatabase://nowhere", "course", PS) is None


def test_a_due_date_is_set_in_a_private_gradebook(tmp_path):
    url = f"sqlite:///{tmp_path / 'template.db'}"
    gradebook.set_duedate(url, "course", PS, DUE)
    with gradebook.open_gradebook(url, "course") as gb:
        assert gb.find_assignment(PS).duedate == DUE


# --- the grading result -----------------------------------------------------------------------------

CELL = {"grade_id": "test_a", "kind": "test", "points": 2.0, "max_points": 2.0, "needs_manual_grade": False,
        "message": "", "by_hidden_check": False, "auto_comment": None}
RUN = {"student": "s1", "ps": PS, "reason": "", "cells": [], "tamper": [], "key": "abc", "timestamp": None,
       "mode": "quick", "cell_timeout": 120}
WIRE = {  # the dicts grading made before the result was typed, one of each kind
    "unreadable": {**RUN, "status": "invalid", "reason": "cannot read the notebook: No such file"},
    "another problem set": {**RUN, "status": "invalid", "reason": "the notebook of ps2", "seconds": 0.1},
    "nbgrader failed": {**RUN, "status": "error", "reason": "nbgrader autograde failed: x", "seconds": 3.0,
                        "tamper": [{"kind": "deleted_cell", "cell": "test_a", "detail": "gone"}]},
    "graded": {**RUN, "status": "graded", "timestamp": "2026-01-30 10:00:00", "cells": [CELL],
               "late_penalty": None, "notebook": "{}", "score": 2.0, "max_score": 2.0, "seconds": 9.5,
               "timings": {"prepare": 0.01, "nbgrader": 9.0}, "kernel_isolated": True, "sandboxed": True,
               "output_cut": ["test_a"]},
    "stored": {**RUN, "status": "graded", "cells": [CELL], "late_penalty": 0.5, "score": 2.0,
               "max_score": 2.0, "seconds": 9.5, "timings": {}, "kernel_isolated": True, "sandboxed": False,
               "output_cut": [], "graded_at": "2026-01-30 10:05:00"},
    "timed out": {"student": "s1", "ps": PS, "cells": [], "tamper": [], "key": "", "seconds": 601.0,
                  "timeout": 600.0, "status": "timeout", "reason": "took longer than 600 s and was stopped"},
    "invalid, stored by the coordinator": {"student": "s1", "ps": PS, "status": "invalid",
                                           "reason": "missing notebook", "cells": [], "tamper": []},
}


@pytest.mark.parametrize("kind", list(WIRE))
def test_a_result_crosses_the_wire_unchanged(kind):
    wire = json.loads(json.dumps(WIRE[kind]))
    result = GradeResult.from_dict(wire)
    assert result.to_dict() == wire
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_the_dict_form_shares_no_list_with_the_result():
    result = GradeResult.from_dict(WIRE["graded"])
    result.to_dict()["tamper"].append({"kind": "x"})
    result.to_dict()["cells"].clear()
    assert result.tamper == [] and len(result.cells) == 1


def test_a_stored_result_of_an_older_grader_is_read_and_unknown_keys_ignored():
    old_cell = {k: CELL[k] for k in ("grade_id", "kind", "points", "max_points")}
    result = GradeResult.from_dict({**WIRE["stored"], "cells": [old_cell], "retired_key": 1})
    assert result.cells == [CellResult("test_a", "test", 2.0, 2.0)]
    assert "retired_key" not in result.to_dict()
    with pytest.raises(TypeError):
        GradeResult.from_dict({"ps": PS, "status": "graded"})  # whose?


@pytest.fixture
def release_template(tmp_path) -> tuple[Course, ProblemSet, ProblemSet, Path]:
    """The repository's course, its first two problem sets, and a template folder with the first's release."""
    first, second = discover(REPO)[:2]
    template = tmp_path / "template"
    template.mkdir()
    shutil.copyfile(first.release, template / "release.ipynb")
    return Course(REPO), first, second, template


def _task(course: Course, ps: ProblemSet, submission: Path, template: Path, **kw) -> GradeTask:
    return GradeTask(str(course.root), ps.short, ps.name, "s1", str(submission), str(template), key="abc",
                     **kw)


def test_grade_one_reports_an_invalid_submission_with_the_keys_it_always_had(release_template, tmp_path):
    course, first, second, template = release_template
    unreadable = grade_one(_task(course, first, tmp_path / "missing.ipynb", template))
    assert set(unreadable) == set(WIRE["unreadable"])
    assert unreadable["status"] == "invalid" and unreadable["reason"].startswith("cannot read the notebook")
    assert unreadable["timestamp"] is None and unreadable["key"] == "abc"
    wrong = grade_one(_task(course, first, second.release, template))
    assert set(wrong) == set(WIRE["another problem set"])
    assert wrong["status"] == "invalid" and f"notebook of {second.short}" in wrong["reason"]


def test_grade_one_uses_the_release_ids_the_coordinator_gives(release_template):
    course, first, second, template = release_template
    from autograder import collect

    ids = collect.release_ids(course)
    wrong = grade_one(_task(course, first, second.release, template, release_ids=ids))
    assert wrong["status"] == "invalid" and f"notebook of {second.short}" in wrong["reason"]
    # ids that give the first release's cells to the second problem set: the task's ids are the ones used
    swapped = {first.name: [], second.name: ids[first.name]}
    own = grade_one(_task(course, first, first.release, template, release_ids=swapped))
    assert own["status"] == "invalid" and f"notebook of {second.short}" in own["reason"]


def test_results_the_coordinator_makes_keep_their_keys(course):
    ps = ProblemSet("ps9", PS, course.root)
    row = grading._store_invalid(course, ps, "s1", "missing notebook")
    stored = json.loads((course.result_dir(ps, "s1") / grading.RESULT_FILE).read_text(encoding="utf-8"))
    assert set(stored) == set(WIRE["invalid, stored by the coordinator"]) | {"graded_at"}
    assert row["status"] == "invalid" and row["reason"] == "missing notebook" and row["seconds"] == 0.0
    grading._store_invalid(course, ps, "s2", "not JSON", key="abc")
    stored = json.loads((course.result_dir(ps, "s2") / grading.RESULT_FILE).read_text(encoding="utf-8"))
    assert stored["key"] == "abc"

    run = grading._AutogradeRun(course, ps, grading.RunSummary(ps), course.root, jobs=1, timeout=600.0,
                                cell_timeout=120, force=False, mode="quick", memory_mb=None, sandbox=False)
    task = _task(course, ps, course.root / "x.ipynb", course.root)
    outcome = Outcome(Task("s1", grade_one, (task,)), None, "timeout", "took longer than 600 s", 601.0)
    timed_out = run.failed_result(task, outcome).to_dict()
    assert set(timed_out) == set(WIRE["timed out"])
    assert (timed_out["status"], timed_out["timeout"], timed_out["key"]) == ("timeout", 600.0, "abc")


def test_a_stored_graded_result_keeps_its_notebook_out_of_grading_json(course):
    ps = ProblemSet("ps9", PS, course.root)
    _release(course)
    row = grading.store_result(course, ps, _graded("s1", 2.0, 1.0, notebook='{"cells": []}', seconds=3.0))
    out = course.result_dir(ps, "s1")
    assert (out / f"{PS}.ipynb").read_text(encoding="utf-8") == '{"cells": []}'
    stored = json.loads((out / grading.RESULT_FILE).read_text(encoding="utf-8"))
    assert "notebook" not in stored and stored["graded_at"] and stored["late_penalty"] is None
    assert GradeResult.from_dict(stored).cells[1].auto_comment == "no figure found"
    assert (row["score"], row["manual_pending"], row["seconds"]) == (2.0, [], 3.0)
    assert gradebook.has_submission(course, PS, "s1")

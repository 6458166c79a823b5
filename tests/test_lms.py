"""Exports the LMS imports: Canvas and Moodle, against files shaped like their own exports.

tests/fixtures/lms/ holds, written by hand from the LMS documentation, a Canvas gradebook export
(Grades > Export: Student, ID, SIS User ID, SIS Login ID, Section, `Name (assignment id)` columns,
a "Points Possible" row, read-only totals, the test student) and a Moodle grade export ("Plain text
file": First name, Last name, ID number, Institution, Department, Email address, `Assignment: Name
(Real)` grade items, course total, a timestamp; with a byte-order mark). No kernel, no gradebook: the
records are given.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from autograder import export
from autograder.course import Course, CourseError
from autograder.problemsets import ProblemSet
from autograder.records import CellRecord, StudentRecord

LMS = Path(__file__).resolve().parent / "fixtures" / "lms"
CANVAS = LMS / "canvas_gradebook_export.csv"
MOODLE = LMS / "moodle_grade_export.csv"
PS1 = ProblemSet("ps1", "ps1_backprop_by_hand")
PS2 = ProblemSet("ps2", "ps2_numpy_backprop")


def _rec(student: str, points: float | None, email: str | None = None) -> StudentRecord:
    cells = [
        CellRecord("test_a", "test", 20.0, 15.0, None, None),
        CellRecord("answer_b", "written", 5.0, None, points, None),
    ]
    return StudentRecord(student=student, status="graded", cells=cells, email=email)


@pytest.fixture()
def course(monkeypatch, tmp_path):
    recs = {
        PS1.name: [
            _rec("jdoe", 4.0),  # SIS User ID in Canvas
            _rec("zobrien", None),  # a written answer still pending
            _rec("S9999", 5.0, email="jnunez@uni.example"),  # matched by e-mail only
            _rec("ghost", 5.0),  # not in the LMS
        ],
        PS2.name: [StudentRecord(student="jdoe", status="no submission")],
    }
    monkeypatch.setattr(export, "records", lambda course, ps: recs.get(ps.name, []))
    monkeypatch.setattr(export, "_max_scores", lambda course, pss: {ps.name: 25.0 for ps in pss})
    return Course(tmp_path)


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_canvas_import_fills_the_existing_column(course):
    warnings: list[str] = []
    _path, text = export.export(course, [PS1], "canvas", None, template=CANVAS, warnings=warnings)
    table = _table(text)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "ps1: Backprop by hand (40213)"]
    assert table[1][0].strip() == "Points Possible" and table[1][5] == "25.00"
    by_id = {row[1]: row for row in table[2:]}
    # the template's rows, verbatim (names with accents and apostrophes), filled where the course has a score
    assert by_id["1001"] == ["Doe, Jane", "1001", "jdoe", "jdoe@uni.example", "NN 101 Lecture", "19"]
    assert by_id["1003"][:5] == ["Núñez, José", "1003", "", "jnunez@uni.example", "NN 101 Lecture"]
    assert by_id["1003"][5] == "20"
    assert "1002" not in by_id  # pending: nothing to import for Zoë (an empty cell would change nothing)
    assert "1099" not in by_id  # Canvas's test student
    assert not any("ghost" in c for row in table for c in row), "a student Canvas does not list was invented"
    assert any("ghost" in w and "not exported" in w for w in warnings)
    assert any("zobrien" in w and "pending" in w for w in warnings)


def test_canvas_column_that_is_missing_or_ambiguous_is_an_error(course, tmp_path):
    with pytest.raises(CourseError, match="no column for ps2_numpy_backprop"):
        export.export(course, [PS2], "canvas", None, template=CANVAS)
    two = tmp_path / "two.csv"
    two.write_text("Student,ID,SIS User ID,SIS Login ID,Section,ps1 (1),PS1 retake (2)\n", encoding="utf-8")
    with pytest.raises(CourseError, match="2 columns"):
        export.export(course, [PS1], "canvas", None, template=two)
    with pytest.raises(CourseError, match="not a canvas gradebook export"):
        export.export(course, [PS1], "canvas", None, template=MOODLE)


def test_only_collected_problem_sets(course):
    assert export.collected(course, [PS1, PS2]) == [PS1]


def test_canvas_without_template_invents_no_ids(course):
    warnings: list[str] = []
    _path, text = export.export(course, [PS1], "canvas", None, warnings=warnings)
    table = _table(text)
    assert table[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    row = next(r for r in table if r[2] == "jdoe")
    assert row[1] == "" and row[3] == "", "the Canvas ID and login are not the course's id"
    assert any("--template" in w for w in warnings)


def test_moodle_import_fills_the_grade_item(course):
    warnings: list[str] = []
    _path, text = export.export(course, [PS1], "moodle", None, template=MOODLE, warnings=warnings)
    table = _table(text)
    assert table[0] == ["First name", "Last name", "ID number", "Institution", "Department", "Email address",
                        "Assignment: ps1 Backprop by hand (Real)"]
    rows = {row[5]: row for row in table[1:]}
    assert rows["jnunez@uni.example"][0:2] == ["José", "Núñez"] and rows["jnunez@uni.example"][6] == "20"
    assert set(rows) == {"jnunez@uni.example"}  # jdoe and zobrien: their ID numbers are not course ids
    assert any("jdoe" in w and "not exported" in w for w in warnings)


def test_moodle_matches_id_number(course, monkeypatch):
    monkeypatch.setattr(export, "records", lambda course, ps: [_rec("S1001", 5.0)])
    _path, text = export.export(course, [PS1], "moodle", None, template=MOODLE)
    table = _table(text)
    assert table[1][:3] == ["Jane", "Doe", "S1001"] and table[1][6] == "20"


def test_moodle_without_template(course):
    _path, text = export.export(course, [PS1], "moodle", None)
    table = _table(text)
    assert table[0] == ["First name", "Last name", "ID number", "Email address", PS1.name]
    assert ["", "", "S9999", "jnunez@uni.example", "20"] in table


def test_lms_cells_are_neutralised(course, monkeypatch, tmp_path):
    evil = tmp_path / "evil.csv"
    evil.write_text('Student,ID,SIS User ID,SIS Login ID,Section,ps1 (7)\n"=HYPERLINK(1)",1,jdoe,,,\n',
                    encoding="utf-8")
    monkeypatch.setattr(export, "records", lambda course, ps: [_rec("jdoe", 5.0)])
    _path, text = export.export(course, [PS1], "canvas", None, template=evil)
    assert _table(text)[1][0] == "'=HYPERLINK(1)"


def test_a_cell_timeout_is_not_a_tamper_finding(course, monkeypatch):
    rec = _rec("slow", 5.0)
    rec.tamper = [{"kind": "cell_timeout", "cell": "test_a"}, {"kind": "touches_builtins", "cell": "x"}]
    assert export.tamper_summary(rec.tamper) == "touches_builtins"
    rec.tamper = [{"kind": "cell_timeout", "cell": "test_a"}]
    monkeypatch.setattr(export, "records", lambda course, ps: [rec])
    monkeypatch.setattr(export, "_duedate", lambda course, ps: "")
    totals = export.rows(course, [PS1], "totals")
    assert totals[1][totals[0].index("tamper")] == ""
    _recs, table = export.status_table(course, PS1)
    assert "tamper" not in table and "cell time limit: test_a" in table

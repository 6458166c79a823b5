"""`course collect` on downloads as the LMSs make them: Moodle's flat and folder layouts,
Canvas names with accents and apostrophes, zip names from Info-ZIP and Windows (no UTF-8 flag), a
notebook of another problem set, a flat name that names the homework, the roster. No kernel."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from autograder import collect
from autograder.course import Course
from autograder.problemsets import REPO

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"


def _nb(ids: list[str]) -> dict:
    cells = [
        {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": g, "grade": True, "solution": False,
                                                         "locked": True, "points": 1, "schema_version": 3}},
         "source": "pass", "outputs": [], "execution_count": None, "id": g}
        for g in ids
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def course(tmp_path) -> Course:
    """The fixture problem set ps0 and a second one, ps9_other, each with a release."""
    from autograder.release import student_version

    root = tmp_path / "course"
    shutil.copytree(FIXTURE / "source", root / "source")
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    course = Course.at(root)
    ps0 = course.resolve(["ps0"])[0]
    ps0.release.parent.mkdir(parents=True)
    ps0.release.write_text(json.dumps(student_version(course, ps0)), encoding="utf-8")
    other = _nb([f"other_{i}" for i in range(8)])
    for folder in ("source", "release"):
        path = root / folder / "ps9_other" / "ps9_other.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(other), encoding="utf-8")
    return course


@pytest.fixture
def ps0(course):
    return course.resolve(["ps0"])[0]


def release_bytes(ps) -> bytes:
    return ps.release.read_bytes()


def make_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 1, 10, 0, 0)), data)
    return path


def raw_name_zip(path: Path, raw: bytes, data: bytes, unicode_extra: str | None = None) -> Path:
    """A zip whose one entry's name is `raw` bytes WITHOUT the UTF-8 flag (as Info-ZIP or Windows
    write it), optionally with Info-ZIP's Unicode Path extra field."""
    placeholder = b"Q" * len(raw)
    info = zipfile.ZipInfo(placeholder.decode(), date_time=(2024, 3, 1, 10, 0, 0))
    if unicode_extra is not None:
        body = b"\x01" + struct.pack("<L", zlib.crc32(raw)) + unicode_extra.encode("utf-8")
        info.extra = struct.pack("<HH", 0x7075, len(body)) + body
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, data)
    blob = path.read_bytes()
    assert blob.count(placeholder) == 2
    path.write_bytes(blob.replace(placeholder, raw))
    return path


def test_moodle_flat_layout(tmp_path, course, ps0):
    data = release_bytes(ps0)
    files = {
        "Jane Doe_2002_assignsubmission_file_ps0_fixture.ipynb": data,
        "Zoë O'Brien_2003_assignsubmission_file_my notebook.ipynb": data,
    }
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert report.layout == "moodle"
    assert set(report.collected) == {"2002", "2003"}, report.unmatched


def test_moodle_folder_layout_still_works(tmp_path, course, ps0):
    files = {"Jane Doe_2002_assignsubmission_file_/ps0_fixture.ipynb": release_bytes(ps0)}
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert report.layout == "moodle" and set(report.collected) == {"2002"}


def test_canvas_names_with_accents_and_apostrophes(tmp_path, course, ps0):
    data = release_bytes(ps0)
    files = {
        "obriénzoë_12346_88001_ps0_fixture.ipynb": data,
        "o'brienzoe_12347_88002_ps0_fixture.ipynb": data,
        "núñezjosé_LATE_12348_88003_ps0_fixture-1.ipynb": data,
        "doejane_12345_88000_ps0_fixture.ipynb": data,
    }
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert report.layout == "canvas"
    assert set(report.collected) == {"12345", "12346", "12347", "12348"}, report.unmatched


@pytest.mark.parametrize(
    ("raw", "extra", "expected"),
    [
        ("José García/ps0_fixture.ipynb".encode(), None, "José García/ps0_fixture.ipynb"),  # Info-ZIP
        ("José García/ps0_fixture.ipynb".encode("cp437"), None, "José García/ps0_fixture.ipynb"),  # Windows
        (b"Jos? Garc?a/ps0_fixture.ipynb", "José García/ps0_fixture.ipynb", "José García/ps0_fixture.ipynb"),
    ],
    ids=["utf8-bytes-no-flag", "cp437", "info-zip-unicode-path-field"],
)
def test_zip_names_without_the_utf8_flag(tmp_path, raw, extra, expected):
    path = raw_name_zip(tmp_path / "dl.zip", raw, b"{}", extra)
    assert [e.path for e in collect.read_download(path)] == [expected]


def test_info_zip_names_in_a_moodle_download(tmp_path, course, ps0):
    raw = "Zoë Ñúñez_2004_assignsubmission_file_/ps0_fixture.ipynb".encode()
    report = collect.collect(course, ps0, raw_name_zip(tmp_path / "dl.zip", raw, release_bytes(ps0)))
    assert report.collected == {"2004": "Zoë Ñúñez_2004_assignsubmission_file_/ps0_fixture.ipynb"}


def test_a_notebook_of_another_problem_set_is_not_collected(tmp_path, course, ps0):
    other = json.dumps(_nb([f"other_{i}" for i in range(8)])).encode()
    files = {"doejane_12345_88000_ps9_other.ipynb": other,
             "roejane_12346_88001_ps0_fixture.ipynb": release_bytes(ps0)}
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert set(report.collected) == {"12346"}
    why = dict(report.unmatched)["doejane_12345_88000_ps9_other.ipynb"]
    assert "is ps9" in why and "not ps0" in why
    assert (course.submitted / ".unmatched" / ps0.name / "doejane_12345_88000_ps9_other.ipynb").exists()
    assert not course.submission_dir(ps0, "12345").exists()


def test_a_flat_name_that_names_the_homework_is_no_student(tmp_path, course, ps0):
    data = release_bytes(ps0)
    files = {"bkim_homework1.ipynb": data, "Untitled.ipynb": data, "jdoe.ipynb": data, "alee_ps0.ipynb": data}
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files), layout="flat")
    assert set(report.collected) == {"jdoe", "alee"}
    reasons = dict(report.unmatched)
    assert "no student id" in reasons["bkim_homework1.ipynb"] and "Untitled.ipynb" in reasons
    assert not course.submission_dir(ps0, "bkim_homework1").exists()


def test_a_name_not_on_the_roster_is_unmatched(tmp_path, course, ps0):
    data = release_bytes(ps0)
    files = {"bkim.ipynb": data, "jdoe.ipynb": data}
    roster = tmp_path / "roster.csv"
    roster.write_text("lms_id,student_id\njdoe,jdoe\nann,ann\n", encoding="utf-8")
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files), roster=roster, layout="flat")
    assert set(report.collected) == {"jdoe"}
    assert "not on the roster" in dict(report.unmatched)["bkim.ipynb"]
    assert any("no notebook here: ann" in w for w in report.warnings)


def test_collect_help_documents_the_layouts():
    out = subprocess.run([sys.executable, "-m", "autograder", "collect", "--help"], capture_output=True,
                         text=True, timeout=120).stdout
    for needle in ("canvas", "assignsubmission_file_/", "assignsubmission_file_<file>", "blackboard",
                   "folders", "flat", "bkim_homework1", "code page 437", "another problem"):
        assert needle in out, needle

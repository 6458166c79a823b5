"""Which problem sets a student bundle holds: the named ones; else those the course's
release_schedule has released by today; else all, with a warning. No subprocess, no venv."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest

from autograder import bundle
from autograder.course import Course, CourseError
from autograder.problemsets import REPO


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "course"
    for name in ("ps1_a", "ps2_b", "ps3_c"):
        (root / "source" / name).mkdir(parents=True)
        (root / "source" / name / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return Course.at(root)


def schedule(course: Course, text: str) -> None:
    with open(course.config_file, "a", encoding="utf-8") as fh:
        fh.write(f"\nc.CourseBundle.release_schedule = {text}\n")


def shorts(pss) -> list[str]:
    return [ps.short for ps in pss]


def test_named_problem_sets(course):
    pss, label, warnings = bundle.choose_problem_sets(course, ["ps2"])
    assert shorts(pss) == ["ps2"] and label == "ps2" and not warnings


def test_without_a_schedule_everything_with_a_warning(course):
    pss, label, warnings = bundle.choose_problem_sets(course, None)
    assert shorts(pss) == ["ps1", "ps2", "ps3"] and label == "all"
    assert warnings and "self-study" in warnings[0]


def test_the_schedule_decides_by_date(course):
    schedule(course, '{"ps1": "2026-09-01", "ps2_b": "2026-10-01", "ps3": "2026-11-01"}')
    pss, label, _ = bundle.choose_problem_sets(course, None, today=dt.date(2026, 10, 15))
    assert shorts(pss) == ["ps1", "ps2"] and label == "ps1-ps2"
    _pss, _label, warnings = bundle.choose_problem_sets(course, ["ps3"], today=dt.date(2026, 10, 15))
    assert warnings and "2026-11-01" in warnings[0]
    with pytest.raises(CourseError, match="no problem set is released"):
        bundle.choose_problem_sets(course, None, today=dt.date(2026, 1, 1))


def test_a_bad_schedule_is_an_error(course):
    schedule(course, '{"ps1": "next monday"}')
    with pytest.raises(CourseError, match="not a date"):
        bundle.choose_problem_sets(course, None)


def test_the_archive_holds_the_folder(tmp_path):
    folder = tmp_path / "nn-backprop-ps1"
    (folder / "release").mkdir(parents=True)
    (folder / "README.md").write_text("hi", encoding="utf-8")
    (folder / "release" / "x.ipynb").write_text("{}", encoding="utf-8")
    archive = bundle.write_archive(folder, tmp_path / "nn-backprop-ps1.zip")
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == ["nn-backprop-ps1/README.md", "nn-backprop-ps1/release/x.ipynb"]

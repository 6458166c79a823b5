"""Every file an instructor receives is hostile (issue 17): collect, the coordinator's reading of a
submission, feedback and export hold against a corpus of hostile files, next to honest students.

No kernel here except in the one end-to-end test (marked slow): seconds in all. Large cases (a 500 MB
notebook, a zip bomb, 100,000 cells) are made at test time, cheaply (sparse files, compressible bytes).
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from autograder import collect, tamper
from autograder.course import Course, grade_id
from autograder.problemsets import ProblemSet

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "course"
REPO = HERE.parent
PS0_SOURCE = FIXTURE / "source" / "ps0_fixture" / "ps0_fixture.ipynb"


@pytest.fixture
def course(tmp_path) -> Course:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE / "source", root / "source")
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return Course.at(root)


@pytest.fixture
def ps0(course) -> ProblemSet:
    return course.resolve(["ps0"])[0]


@pytest.fixture(scope="module")
def release_nb() -> dict:
    """The fixture's student version, as `course release` makes it (no course copy needed)."""
    from autograder.release import student_version

    course = Course.at(FIXTURE)
    return json.loads(json.dumps(student_version(course, course.resolve(["ps0"])[0])))


def honest(release_nb: dict, answer: str = "def double(x):\n    return 2 * x") -> bytes:
    nb = copy.deepcopy(release_nb)
    for cell in nb["cells"]:
        if grade_id(cell) == "solution_double":
            cell["source"] = answer
    return json.dumps(nb).encode()


def make_zip(path: Path, files: dict[str, bytes], modes: dict[str, int] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if modes and name in modes:
                info.external_attr = modes[name] << 16
            zf.writestr(info, data)
    return path


def reasons(report) -> dict[str, str]:
    return dict(report.unmatched)


def submitted(course: Course, ps: ProblemSet, student: str) -> bytes:
    return (course.submission_dir(ps, student) / f"{ps.name}.ipynb").read_bytes()


# --- collect: layouts -------------------------------------------------------------------------------

NB = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
LATER = NB.replace(b"[]", b"[ ]")


@pytest.mark.parametrize(
    ("layout", "files", "expected"),
    [
        (
            "canvas",
            {
                "doejane_12345_67890_ps0_fixture.ipynb": NB,
                "smithjo_LATE_23456_78901_ps0_fixture.ipynb": NB,
                "smithjo_LATE_23456_78902_ps0_fixture-1.ipynb": LATER,
                "notes.pdf": b"%PDF",
                "__MACOSX/._x.ipynb": b"junk",
            },
            {"12345": NB, "23456": LATER},
        ),
        (
            "moodle",
            {
                "Ann Lee_34567_assignsubmission_file_/homework.ipynb": NB,
                "Bo Li_45678_assignsubmission_file_/ps0.ipynb": LATER,
            },
            {"34567": NB, "45678": LATER},
        ),
        (
            "blackboard",
            {
                "ps0_fixture_bbuser_attempt_2024-03-01-10-15-00_ps0.ipynb": NB,
                "ps0_fixture_bbuser_attempt_2024-03-02-09-00-00_ps0.ipynb": LATER,
                "ps0_fixture_other_attempt_2024-03-01-10-15-00.ipynb": NB,
            },
            {"bbuser": LATER, "other": NB},
        ),
        ("folders", {"kim/my notebook.ipynb": NB, "max/ps0_fixture.ipynb": NB}, {"kim": NB, "max": NB}),
        (
            "flat",
            {"lou_ps0.ipynb": NB, "ps0_fixture_ann.ipynb": NB, "zed.ipynb": NB},
            {"lou": NB, "ann": NB, "zed": NB},
        ),
    ],
)
def test_collect_each_layout(tmp_path, course, ps0, layout, files, expected):
    download = make_zip(tmp_path / "dl.zip", {f"ps0 submissions/{k}": v for k, v in files.items()})
    report = collect.collect(course, ps0, download)
    assert report.layout == layout
    assert set(report.collected) == set(expected)
    for student, data in expected.items():
        assert submitted(course, ps0, student) == data
    assert not report.warnings
    if layout == "blackboard":
        assert "2024-03-02 09:00:00" in (course.submission_dir(ps0, "bbuser") / "timestamp.txt").read_text()
    # two notebooks of one student: the other is listed with the rule that picked one
    for why in reasons(report).values():
        if "notebook of" in why:
            assert "was taken" in why and "later one" in why
    again = collect.collect(course, ps0, download)
    assert set(again.unchanged) == set(expected) and not again.updated


def test_collect_one_layout_per_download(tmp_path, course, ps0):
    """A mixed download: one layout is chosen; files of the others are listed, not matched elsewhere."""
    files = {
        "doejane_12345_67890_ps0_fixture.ipynb": NB,
        "smithjo_23456_78901_ps0_fixture.ipynb": NB,
        "lou_ps0.ipynb": NB,
        "kim/notebook.ipynb": NB,
    }
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert report.layout == "canvas" and set(report.collected) == {"12345", "23456"}
    why = reasons(report)
    assert "layout canvas" in why["lou_ps0.ipynb"] and "layout canvas" in why["kim/notebook.ipynb"]
    assert any("fits 2 of 4 notebooks" in w for w in report.warnings)
    forced = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files), layout="flat")
    assert "lou" in forced.collected and "12345" not in forced.collected


def test_moodle_file_named_like_another_students_canvas_file_is_refused(tmp_path, course, ps0, release_nb):
    """The attack of issue 17: in a Moodle download, Eve uploads a file named like Jane's Canvas file."""
    jane, eve = honest(release_nb), honest(release_nb, "def double(x):\n    return x")
    files = {
        "Jane Doe_12345_assignsubmission_file_/ps0_fixture.ipynb": jane,
        "Eve Vil_99999_assignsubmission_file_/doejane_12345_1_ps0_fixture.ipynb": eve,
        "Eve Vil_99999_assignsubmission_file_/ps0_fixture.ipynb": eve,
    }
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert report.layout == "moodle"
    assert submitted(course, ps0, "12345") == jane  # Jane is graded on her own work
    assert submitted(course, ps0, "99999") == eve
    why = reasons(report)["Eve Vil_99999_assignsubmission_file_/doejane_12345_1_ps0_fixture.ipynb"]
    assert "names student 12345" in why and "folder of 99999" in why


def test_roster_warns_about_unknown_and_missing_students(tmp_path, course, ps0):
    files = {"ann_111_1_ps0_fixture.ipynb": NB, "bob_222_2_ps0_fixture.ipynb": NB}
    roster = tmp_path / "roster.csv"
    roster.write_text("lms_id,student_id\n111,ann\n333,cat\n", encoding="utf-8")
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files), roster=roster)
    assert set(report.collected) == {"ann", "222"}
    text = "\n".join(report.warnings)
    assert "222" in text and "not on the roster" in text
    assert "have no notebook here: cat" in text


# --- collect: hostile files -------------------------------------------------------------------------


def test_symlinks_hard_links_and_devices_in_a_folder_are_refused(tmp_path, course, ps0, release_nb):
    dl = tmp_path / "dl"
    for student in ("ann", "bob", "cat", "dan", "eve"):
        (dl / student).mkdir(parents=True)
    (dl / "ann" / "ps0_fixture.ipynb").write_bytes(honest(release_nb))
    (dl / "bob" / "ps0_fixture.ipynb").symlink_to(PS0_SOURCE)  # full marks, written answers included
    os.mkfifo(dl / "cat" / "ps0_fixture.ipynb")  # reading it would hang
    os.link(dl / "ann" / "ps0_fixture.ipynb", dl / "dan" / "ps0_fixture.ipynb")
    (dl / "eve" / "all").symlink_to(PS0_SOURCE.parent, target_is_directory=True)
    report = collect.collect(course, ps0, dl)
    assert set(report.collected) == set()  # ann's file is a hard link now (dan's): refused too
    why = reasons(report)
    assert "symbolic link" in why["bob/ps0_fixture.ipynb"]
    assert "not a regular file" in why["cat/ps0_fixture.ipynb"]
    assert "hard link" in why["dan/ps0_fixture.ipynb"] and "hard link" in why["ann/ps0_fixture.ipynb"]
    assert "symbolic link to a folder" in why["eve/all"]
    assert not (course.submitted / "bob").exists()
    assert not list((course.submitted / ".unmatched").rglob("*.ipynb"))  # refused files are not copied


def test_zip_symlinks_devices_and_paths_outside_are_refused(tmp_path, course, ps0, release_nb):
    files = {
        "ann/ps0_fixture.ipynb": honest(release_nb),
        "bob/ps0_fixture.ipynb": str(PS0_SOURCE).encode(),  # a symlink entry: its data is the target
        "cat/ps0_fixture.ipynb": b"",
        "../../evil/ps0_fixture.ipynb": NB,
        "/etc/cron.d/ps0_fixture.ipynb": NB,
        "dan/../../ps0_fixture.ipynb": NB,
    }
    modes = {"bob/ps0_fixture.ipynb": stat.S_IFLNK | 0o777, "cat/ps0_fixture.ipynb": stat.S_IFCHR | 0o644}
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files, modes))
    assert set(report.collected) == {"ann"}
    why = reasons(report)
    assert "symbolic link" in why["bob/ps0_fixture.ipynb"]
    assert "not a regular file" in why["cat/ps0_fixture.ipynb"]
    for name in (
        "../../evil/ps0_fixture.ipynb",
        "/etc/cron.d/ps0_fixture.ipynb",
        "dan/../../ps0_fixture.ipynb",
    ):
        assert "leaves the download" in why[name]
    assert not (tmp_path / "evil").exists() and not (course.root.parent / "ps0_fixture.ipynb").exists()


def test_zip_bomb_and_huge_files_are_refused_without_reading_them(tmp_path, course, ps0, release_nb):
    """500 MB of zeros in a ~0.5 MB zip entry, a 500 MB notebook in a folder (sparse), and a total cap."""
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("ann/ps0_fixture.ipynb", honest(release_nb))
        with zf.open("bob/ps0_fixture.ipynb", "w", force_zip64=True) as fh:
            block = b"0" * (1 << 20)
            for _ in range(500):
                fh.write(block)
    assert bomb.stat().st_size < 5 * 2**20
    report = collect.collect(course, ps0, bomb)
    assert set(report.collected) == {"ann"}
    assert "more than the limit" in reasons(report)["bob/ps0_fixture.ipynb"]

    dl = tmp_path / "dl"
    (dl / "cat").mkdir(parents=True)
    (dl / "dan").mkdir(parents=True)
    with open(dl / "cat" / "ps0_fixture.ipynb", "wb") as fh:
        fh.truncate(500 * 2**20)  # sparse: costs no disk and is never read
    (dl / "dan" / "ps0_fixture.ipynb").write_bytes(b" " * (tamper.MAX_BYTES + 1) + NB)
    report = collect.collect(course, ps0, dl)
    why = reasons(report)
    assert "more than the limit" in why["cat/ps0_fixture.ipynb"]
    assert "more than the limit" in why["dan/ps0_fixture.ipynb"] and not report.collected


def test_total_size_cap(tmp_path, course, ps0, monkeypatch):
    monkeypatch.setattr(collect, "MAX_TOTAL_BYTES", 3 * len(NB))
    files = {f"s{i}/ps0_fixture.ipynb": NB for i in range(5)}
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl.zip", files))
    assert len(report.collected) == 3
    assert sum("more than" in why for why in reasons(report).values()) == 2


def _invalid_utf8_zip(path: Path, good: bytes) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ann/ps0_fixture.ipynb", good)
        zf.writestr("b\u00e9b/ps0_fixture.ipynb", NB)  # UTF-8 flag set, bytes c3 a9
    path.write_bytes(buf.getvalue().replace(b"b\xc3\xa9b", b"b\xff\xfeb"))
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(path)  # what zipfile alone makes of it: the whole download fails
    return path


def test_invalid_utf8_names_unicode_spaces_and_case_duplicates(tmp_path, course, ps0, release_nb):
    report = collect.collect(course, ps0, _invalid_utf8_zip(tmp_path / "dl.zip", honest(release_nb)))
    assert set(report.collected) == {"ann"}
    assert any("not valid UTF-8" in why for why in reasons(report).values())

    files = {
        "J\u00f6rg/ps0_fixture.ipynb": NB,
        "jane doe/ps0_fixture.ipynb": NB,
        "Kim/ps0_fixture.ipynb": NB,
        "kim/ps0_fixture.ipynb": LATER,
        "lou/ps0_fixture.ipynb": NB,
        "m\u0430x/ps0_fixture.ipynb": NB,  # a Cyrillic a
        "nat\x1b[2J/ps0_fixture.ipynb": NB,  # a terminal escape
    }
    report = collect.collect(course, ps0, make_zip(tmp_path / "dl2.zip", files))
    assert set(report.collected) == {"lou"}
    why = reasons(report)
    assert "not a valid student id" in why["J\u00f6rg/ps0_fixture.ipynb"]
    assert "not a valid student id" in why["jane doe/ps0_fixture.ipynb"]
    assert (
        "differ only in case" in why["Kim/ps0_fixture.ipynb"]
        and "differ only in case" in why["kim/ps0_fixture.ipynb"]
    )
    assert "not a valid student id" in why["m\u0430x/ps0_fixture.ipynb"]
    assert all("\x1b" not in path + text for path, text in report.unmatched)

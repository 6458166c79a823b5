"""The formgrader's actions are safe: nbgrader's own autograde and generate_feedback, the code
behind the formgrader's "Autograde" and "Generate Feedback" buttons, configured by nbgrader_config.py.

- Autograde refuses, naming `course autograde`, and leaves the course's autograded folder untouched
  (nbgrader's --force would delete it first).
- Generate Feedback writes the page `course feedback` writes (no hidden test, no traceback, "pending"
  for unscored answers) and nothing else: grading.json and tamper.json never reach feedback/.

The browser test (tests/test_e2e_browser.py) clicks the same two buttons in the real formgrader.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import corpus, feedback
from autograder.problemsets import REPO

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"
HIDDEN_NEEDLES = ("run_check", "BEGIN HIDDEN", "END HIDDEN")


def nbgrader(*args: str, root: Path) -> subprocess.CompletedProcess:
    """nbgrader's own command line, in the course root (where it reads nbgrader_config.py)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_feedback_clean(root: Path) -> list[Path]:
    """No hidden test in any file under feedback/, and nothing there but pages."""
    files = [p for p in (root / "feedback").rglob("*") if p.is_file()]
    assert not [p for p in files if p.name in feedback.GRADER_ONLY_FILES], files
    assert all(p.suffix == ".html" for p in files), files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for needle in HIDDEN_NEEDLES:
            assert needle not in text, f"{path} shows {needle!r}"
    return files


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from autograder.demo import copy_course
    from tests.course_helpers import course_cmd, submit

    tmp = tmp_path_factory.mktemp("formgrader")
    course = copy_course(REPO, tmp / "course", fixture=True)
    course_cmd("release", "ps0", root=course.root, check=True)
    ps = course.resolve(["ps0"])[0]
    variant = corpus.load_variant(FIXTURE / "examples" / "submissions" / "ps0" / "buggy.py")
    variant.name = "buggy"
    submit(course, ps, [variant])
    course_cmd("autograde", "ps0", "--jobs", "1", "--no-progress", root=course.root, check=True)
    return course, ps


def test_plain_autograde_refuses_and_keeps_the_results(graded):
    course, ps = graded
    folder = course.result_dir(ps, "buggy")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = nbgrader("autograde", ps.name, "--student", "buggy", "--force", root=course.root)
    assert proc.returncode != 0
    assert "course autograde" in proc.stdout + proc.stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before, "nbgrader's autograde changed the course's autograded folder"


def test_generate_feedback_writes_the_course_page(graded):
    course, ps = graded
    proc = nbgrader("generate_feedback", ps.name, "--student", "buggy", "--force", root=course.root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = assert_feedback_clean(course.root)
    page = course.feedback / "buggy" / ps.name / f"{ps.name}.html"
    assert files == [page]
    text = page.read_text(encoding="utf-8")
    assert 'id="course-feedback-summary"' in text and "# hidden tests" in text
    assert "Content-Security-Policy" in text
    # the same page as `course feedback` (the summary and the notebook)
    from tests.course_helpers import course_cmd

    course_cmd("feedback", "ps0", "--no-progress", root=course.root, check=True)
    assert page.read_text(encoding="utf-8") == text
    assert_feedback_clean(course.root)


def test_generate_feedback_for_a_student_without_a_course_result(graded):
    """A submission nobody ran `course autograde` on: no page, the reason names the command."""
    course, ps = graded
    sub = course.submission_dir(ps, "nograde")
    sub.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.read(ps.release, as_version=4), sub / f"{ps.name}.ipynb")
    # nbgrader's generate_feedback reads autograded/: put a notebook there as its own autograde would
    folder = course.result_dir(ps, "nograde")
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.read(ps.source, as_version=4), folder / f"{ps.name}.ipynb")
    proc = nbgrader("generate_feedback", ps.name, "--student", "nograde", "--force", root=course.root)
    assert proc.returncode != 0
    assert "course autograde" in proc.stdout + proc.stderr
    assert not (course.feedback / "nograde").exists() or not any((course.feedback / "nograde").rglob("*.*"))
    assert_feedback_clean(course.root)


def test_autograde_table_counts_manual_grades(graded):
    """Once a grader has scored the written answers (formgrader), `course autograde`'s table no longer
    says they are pending, and shows the total."""
    from nbgrader.api import Gradebook

    from autograder.records import records
    from tests.course_helpers import course_cmd

    course, ps = graded
    rec = next(r for r in records(course, ps) if r.student == "buggy")
    assert rec.pending, "the fixture has no manually graded answer"
    first = course_cmd("autograde", "ps0", "--no-progress", root=course.root, check=True)
    assert "pending" in first.stdout
    with Gradebook(course.db_url, course.course_id()) as gb:
        for grade_id in rec.pending:
            grade = gb.find_grade(grade_id, ps.name, ps.name, "buggy")
            grade.manual_score = grade.max_score
        gb.db.commit()
    again = course_cmd("autograde", "ps0", "--no-progress", root=course.root, check=True)
    row = next(line for line in again.stdout.splitlines() if line.strip().startswith("buggy"))
    assert "pending" not in row and "+?" not in row, again.stdout
    total = next(r for r in records(course, ps) if r.student == "buggy").score
    assert f"{total:g}/" in row

"""The course gradebook on a real PostgreSQL server: release -> autograde -> status -> feedback -> export.

A copy of the course (the fixture problem set) whose nbgrader_config.py sets
`c.CourseDirectory.db_url` to a fresh database on the server of the `pg_url` fixture (conftest: the
server `.ci/run` started, or a throwaway one). Every subcommand works on it; no SQLite gradebook file
appears in the course; the scores in the database are those of the grading results; a re-run skips
everything.
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from autograder import corpus
from autograder.course import Course
from tests.course_helpers import course_cmd, course_copy, result, scored_tests, submit

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_course(pg_url, tmp_path):
    import sqlalchemy as sa

    server = sa.engine.make_url(pg_url)
    name = f"course_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    course = course_copy(tmp_path / "course", set())
    with open(course.config_file, "a", encoding="utf-8") as fh:
        fh.write(f"\n# the test's PostgreSQL gradebook\nc.CourseDirectory.db_url = {url!r}\n")
    try:
        yield course
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_round_trip_with_the_gradebook_on_postgresql(pg_course: Course):
    from nbgrader.api import Gradebook

    course = pg_course
    assert course.db_url.startswith("postgresql")
    course_cmd("release", "ps0", root=course.root, check=True)
    ps = course.resolve(["ps0"])[0]
    variants = submit(course, ps, corpus.load_variants(ps.corpus))
    graded = course_cmd("autograde", "ps0", "--jobs", "2", "--no-progress", root=course.root)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{len(variants)} submissions, {len(variants)} graded" in graded.stdout
    with Gradebook(course.db_url, course.course_id()) as gb:
        subs = {s.student_id: s for s in gb.find_assignment(ps.name).submissions}
        assert set(subs) == set(variants)
        for name, variant in variants.items():
            res = result(course, ps, name)
            assert not corpus.judge(variant, scored_tests(res)), name
            (nb,) = subs[name].notebooks
            assert {g.name: g.auto_score for g in nb.grades} == {
                c["grade_id"]: c["points"] for c in res["cells"]
            }
    status = course_cmd("status", "ps0", root=course.root, check=True)
    assert "needs manual grading" in status.stdout and "answer_why" in status.stdout
    feedback = course_cmd("feedback", "ps0", "--no-progress", root=course.root, check=True)
    assert f"{len(variants)} pages" in feedback.stdout
    totals = list(
        csv.DictReader(
            io.StringIO(course_cmd("export", "ps0", "-o", "-", root=course.root, check=True).stdout)
        )
    )
    by_student = {row["student_id"]: row for row in totals}
    assert set(variants) <= set(by_student)
    assert by_student["reference"]["raw_score"] == "3" and by_student["reference"]["pending"] == "answer_why"
    assert by_student["mistake_identity"]["raw_score"] == "0"
    long = course_cmd("export", "ps0", "--format", "long", "-o", "-", root=course.root, check=True).stdout
    assert "test_double_values" in long
    again = course_cmd("autograde", "ps0", "--no-progress", root=course.root, check=True)
    assert f"{len(variants)} unchanged since the last run" in again.stdout
    assert not list(course.root.glob("gradebook.db*")), "a SQLite gradebook appeared beside PostgreSQL"


def test_db_url_comes_from_nbgrader_config(tmp_path):
    """No server needed: the course reads `c.CourseDirectory.db_url`, else its SQLite file."""
    (tmp_path / "source").mkdir()
    course = Course.at(tmp_path)
    assert course.db_url == f"sqlite:///{tmp_path / 'gradebook.db'}" and not course.has_gradebook()
    course.config_file.write_text('c.CourseDirectory.db_url = "postgresql://grader@db/course"\n')
    assert Course.at(tmp_path).db_url == "postgresql://grader@db/course"
    assert Course.at(tmp_path).has_gradebook()  # nbgrader creates the tables on first use

"""The formgrader's "Generate Feedback" (named in nbgrader_config.py): an exporter that writes the page
`course feedback` makes, never nbgrader's own, and a post-convert hook that removes grader-only files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError
from autograder.feedback.hidden import hidden_lines
from autograder.feedback.render import Renderer
from autograder.feedback.write import clean_feedback_folder, student_page
from autograder.records import records


def formgrader_post_convert(assignment=None, student=None, notebooks=None, **_):
    """nbgrader's post-convert hook for GenerateFeedback: no grader-only file stays under feedback/."""
    root = Path.cwd()  # nbgrader converts in the course root
    for folder in (root / "feedback").glob(f"*/{assignment or '*'}"):
        clean_feedback_folder(folder)


@lru_cache(maxsize=1)
def _course_exporter_class():
    from nbconvert.exporters import Exporter
    from traitlets import default

    class CourseFeedbackExporter(Exporter):
        """The exporter behind the formgrader's "Generate Feedback" button (and `nbgrader
        generate_feedback`): the page `course feedback` writes, never nbgrader's own (which shows the
        hidden tests, tracebacks and an unscored answer as 0 points)."""

        output_mimetype = "text/html"

        @default("file_extension")
        def _file_extension_default(self):
            return ".html"

        def from_filename(self, filename, resources=None, **kw):
            resources = dict(resources or {})
            info = resources.get("nbgrader", {})
            page = formgrader_page(Path.cwd(), str(info.get("assignment")), str(info.get("student")))
            resources["output_extension"] = ".html"
            resources["outputs"] = {}
            return page, resources

        def from_notebook_node(self, nb, resources=None, **kw):
            raise CourseError("the course's feedback is made from the gradebook: use `course feedback PS`")

    return CourseFeedbackExporter


def formgrader_page(root: Path, assignment: str, student: str) -> str:
    """The course's feedback page for one student, as `course feedback` makes it (for the formgrader)."""
    course = Course.at(root)
    ps = next((p for p in course.problem_sets() if p.name == assignment), None)
    if ps is None:
        raise CourseError(f"{assignment} is not a problem set of this course")
    rec = next((r for r in records(course, ps) if r.student == student), None)
    if rec is None or rec.status in ("no submission", "not graded"):
        raise CourseError(
            f"{student} has no result of `course autograde {ps.short}`: grade with `course autograde "
            f"{ps.short} --student {student}` first (the formgrader's Autograde button is disabled)"
        )
    forbidden = hidden_lines(nbformat.read(ps.source, as_version=4))
    return student_page(course, ps, rec, Renderer(), forbidden)

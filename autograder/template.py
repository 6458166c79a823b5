"""The grading template of a problem set: a scratch course that already holds the assignment.

`build_template` generates the assignment once (nbgrader `generate_assignment` into a private
gradebook, with the student version and the source) and keeps it in `autograded/.templates/`, keyed by
everything it depends on; every submission is graded in a copy of it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from autograder import gradebook
from autograder.course import Course, CourseError, sha256_bytes, write_text_atomic
from autograder.problemsets import ProblemSet

GRADER_VERSION = "1"  # bump when a change of the pipeline itself should regrade everything


@dataclass
class Template:
    """What every grading of one problem set starts from (built once per run)."""

    ps_short: str
    ps_name: str
    folder: Path  # holds gradebook.db and release.ipynb
    signature: str  # the assignment as recorded in the gradebook: cells, points, sources

    @property
    def gradebook(self) -> Path:
        return self.folder / "gradebook.db"

    @property
    def release(self) -> Path:
        return self.folder / "release.ipynb"


def _template_key(course: Course, ps: ProblemSet, due) -> str:
    import nbgrader

    folder = course.root / "source" / ps.name
    parts = [
        str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    config = course.config_file.read_bytes() if course.config_file.exists() else b""
    return sha256_bytes(
        *parts, config, str(due).encode(), nbgrader.__version__.encode(), GRADER_VERSION.encode()
    )


def build_template(
    course: Course, ps: ProblemSet, folder: Path | None = None, *, check_gradebook: bool = True
) -> Template:
    """The problem set's template: the assignment generated into a gradebook of its own.

    Cached under `autograded/.templates/` (keyed by the source folder, the configuration and the due
    date) unless `folder` is given. With `check_gradebook`, the course gradebook must record the same
    assignment (else `course release` has not been run since `source/` changed).
    """
    from autograder import release

    course_id = course.course_id()
    due = gradebook.duedate(course, ps.name) if check_gradebook else None
    if folder is None:
        folder = course.autograded / ".templates" / f"{ps.name}-{_template_key(course, ps, due)[:20]}"
    signature = (
        (folder / "signature").read_text(encoding="utf-8") if (folder / "signature").exists() else None
    )
    if signature is None:
        if folder.exists():
            shutil.rmtree(folder)
        building = folder.with_name(folder.name + f".tmp{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        tmp_url = f"sqlite:///{building / 'gradebook.db'}"
        files = release.generate(course, ps, building / "release", tmp_url)
        write_text_atomic(building / "release.ipynb", files[f"{ps.name}.ipynb"])
        shutil.rmtree(building / "release", ignore_errors=True)
        if due is not None:
            gradebook.set_duedate(tmp_url, course_id, ps.name, due)
        signature = gradebook.assignment_signature(tmp_url, course_id, ps.name) or ""
        (building / "signature").write_text(signature, encoding="utf-8")
        try:
            os.replace(building, folder)
        except OSError:  # another run built it meanwhile
            shutil.rmtree(building, ignore_errors=True)
    if check_gradebook:
        recorded = gradebook.assignment_signature(course.db_url, course_id, ps.name)
        if recorded is None:
            raise CourseError(f"{ps.name} is not in the gradebook yet: run `course release {ps.short}` first")
        if recorded != signature:
            raise CourseError(
                f"source/{ps.name} changed since the gradebook recorded it: run `course release {ps.short}` "
                "(it updates the gradebook, keeping grades) and autograde again"
            )
    return Template(ps.short, ps.name, folder, signature)

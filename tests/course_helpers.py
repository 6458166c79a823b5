"""Helpers shared by the tests that run the real `course` command on temporary copies of the course."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import nbformat

from autograder import corpus
from autograder.course import Course, notebook_text
from autograder.demo import copy_course
from autograder.problemsets import REPO, ProblemSet

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"


def course_cmd(
    *args: str, root: Path, timeout: float = 1800, check: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the `course` command line in a subprocess, as an instructor would (`env`: added variables)."""
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root,
        env={**os.environ, **env} if env else None,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"course {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def add_fixture(root: Path) -> None:
    """Add the tiny fixture problem set `ps0_fixture` (source, corpus, sample students) to a course copy."""
    shutil.copytree(FIXTURE / "source" / "ps0_fixture", root / "source" / "ps0_fixture")
    shutil.copytree(FIXTURE / "tests" / "submissions" / "ps0", root / "tests" / "submissions" / "ps0")
    shutil.copytree(FIXTURE / "examples" / "submissions" / "ps0", root / "examples" / "submissions" / "ps0")


def course_copy(dest: Path, keep: set[str]) -> Course:
    """A copy of the course with the fixture problem set and, of the real ones, only those in `keep`."""
    course = copy_course(REPO, dest)
    add_fixture(course.root)
    for ps in course.problem_sets():
        if ps.short not in keep and ps.short != "ps0":
            shutil.rmtree(ps.source.parent)
    return course


def submit(course: Course, ps: ProblemSet, variants: list[corpus.Variant]) -> dict[str, corpus.Variant]:
    """Write each variant's notebook as a student's submission (student id = variant name)."""
    source_nb = nbformat.read(ps.source, as_version=4)
    release_nb = nbformat.read(ps.release, as_version=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat warns about the duplicated cells some variants have
        for v in variants:
            folder = course.submission_dir(ps, v.name)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{ps.name}.ipynb").write_text(
                notebook_text(corpus.build_submission(source_nb, release_nb, v)), encoding="utf-8"
            )
    return {v.name: v for v in variants}


def result(course: Course, ps: ProblemSet, student: str) -> dict:
    return json.loads((course.result_dir(ps, student) / "grading.json").read_text(encoding="utf-8"))


def scored_tests(result: dict) -> dict[str, corpus.CellResult]:
    """The autograded test cells of a grading result, as `corpus.judge` takes them."""
    return {
        c["grade_id"]: corpus.CellResult(c["grade_id"], c["points"] or 0.0, c["max_points"], c["message"],
                                         by_hidden_check=bool(c.get("by_hidden_check")))
        for c in result["cells"]
        if c["kind"] == "test"
    }


def kernels_under(root: Path) -> list[int]:
    """Kernel processes started for this course (their PYTHONPATH begins with its root)."""
    import psutil

    found = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel_launcher" not in " ".join(p.info["cmdline"] or []):
                continue
            if p.environ().get("PYTHONPATH", "").startswith(str(root)):
                found.append(p.pid)
        except (psutil.Error, TypeError):
            continue
    return found


def interrupt_after_first(course: Course, ps: ProblemSet, students: list[str], *extra: str):
    """Run `course autograde PS --student ...` and send SIGINT (Ctrl-C) as soon as one result is written.
    Returns (exit code, stdout + stderr, the students whose results exist afterwards)."""
    only = [x for s in students for x in ("--student", s)]
    args = [sys.executable, "-m", "autograder", "autograde", ps.short, *extra, "--no-progress"]
    args += ["--root", str(course.root), *only]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=course.root)

    def done() -> list[str]:
        return [s for s in students if (course.result_dir(ps, s) / "grading.json").exists()]

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and not done():
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=180)
    return proc.returncode, out + err, done()

"""`course validate`, `course bundle` and `course demo` on the real course (subprocesses, real kernels).

validate: every problem set in quick mode (lint, execute the source, no free points, no leaks), the
problem sets executed two at a time. bundle: the student bundle is clean and a fresh venv made from it
alone imports `utils` and runs the first cells of a release notebook. demo: `course demo` prints a
grade table (on the fixture problem set, to keep CI short; `make demo` runs the full one).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.problemsets import REPO, discover

pytestmark = pytest.mark.slow


def course_cmd(*args: str, root: Path = REPO, timeout: float = 3600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder.cli", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root,
    )


@pytest.mark.skipif(not discover(REPO), reason="no problem sets yet")
def test_validate_every_problem_set_quick():
    started = time.monotonic()
    proc = course_cmd("validate", "--jobs", "2", "--no-progress")
    elapsed = time.monotonic() - started
    print(f"\n{proc.stdout}\ncourse validate (quick, --jobs 2): {elapsed:.0f} s")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for ps in discover(REPO):
        assert f"{ps.name}: OK" in proc.stdout
        assert "no free points" in proc.stdout


def test_bundle_is_clean_and_self_sufficient(tmp_path):
    out = tmp_path / "dist"
    started = time.monotonic()
    proc = course_cmd("bundle", "--output", str(out), "--check-venv", timeout=900)
    print(f"\n{proc.stdout.strip()} ({time.monotonic() - started:.0f} s)")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fresh venv OK" in proc.stdout
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for required in ("README.md", "environment.yml", "pyproject.toml", "data/README.md", "utils/__init__.py"):
        assert required in names
    for ps in discover(REPO):
        assert f"release/{ps.name}/{ps.name}.ipynb" in names
    assert not any(
        n.startswith(("autograder/", "source/", "tests/", "submitted/", "autograded/")) for n in names
    )
    assert not any(n.endswith(".db") for n in names)
    for path in out.rglob("*"):
        if path.suffix in (".ipynb", ".py", ".md", ".toml", ".yml"):
            text = path.read_text(encoding="utf-8")
            assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
            assert "run_check" not in text, path
    pyproject = (out / "pyproject.toml").read_text()
    assert 'include = ["utils*"]' in pyproject and "autograder" not in pyproject


def test_demo_prints_a_grade_table(tmp_path):
    proc = course_cmd(
        "demo",
        "--fixture",
        "--jobs",
        "2",
        "--cell-timeout",
        "10",
        "--no-progress",
        "--output",
        str(tmp_path / "demo-output"),
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "student" in out and "points" in out
    for student in ("complete", "partial", "buggy", "blank", "hangs"):
        assert student in out
    assert "cell_timeout" in out  # the student whose notebook hangs was cut off, not waited for
    assert (tmp_path / "demo-output" / "grades-ps0-totals.csv").exists()
    assert list((tmp_path / "demo-output" / "feedback").rglob("*.html"))

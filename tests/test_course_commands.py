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
import zipfile
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
    dist = tmp_path / "dist"
    started = time.monotonic()
    proc = course_cmd("bundle", "--output", str(dist), "--check-venv", timeout=900)
    print(f"\n{proc.stdout.strip()} ({time.monotonic() - started:.0f} s)")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fresh venv OK" in proc.stdout
    assert "self-study" in proc.stderr  # all problem sets, without a schedule: said so
    out = dist / "nn-backprop-all"
    assert (dist / "nn-backprop-all.zip").is_file()
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for required in ("README.md", "environment.yml", "pyproject.toml", "data/README.md", "utils/__init__.py",
                     "constraints.txt"):
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
    assert '"nbgrader==0.9.6"' in pyproject  # the Validate button
    readme = (out / "README.md").read_text()
    # the same torch line as the course README, the grader's pins, the data folder, Validate
    torch_line = "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
    assert torch_line in readme and torch_line in (REPO / "README.md").read_text()
    assert "pip install -c constraints.txt -e ." in readme
    assert "COURSE_DATA_DIR" in readme and "Validate" in readme
    data_readme = (out / "data" / "README.md").read_text()
    assert data_readme != (REPO / "data" / "README.md").read_text() and "COURSE_DATA_DIR" in data_readme
    with zipfile.ZipFile(dist / "nn-backprop-all.zip") as zf:
        assert {n.split("/", 1)[1] for n in zf.namelist()} == names


def test_bundle_of_named_problem_sets(tmp_path):
    pss = discover(REPO)
    if not pss:
        pytest.skip("no problem sets yet")
    first = pss[0]
    proc = course_cmd("bundle", first.short, "--output", str(tmp_path), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-study" not in proc.stderr
    with zipfile.ZipFile(tmp_path / f"nn-backprop-{first.short}.zip") as zf:
        released = {n.split("/")[2] for n in zf.namelist() if n.split("/")[1] == "release"}
    assert released == {first.name}


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

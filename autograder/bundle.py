"""`course bundle [PS ...]`: what students get, and proof that it is clean and self-sufficient.

`course bundle ps1` gives the problem sets named; `course bundle` alone gives those a
`release_schedule` in nbgrader_config.py has released by today (`c.CourseBundle.release_schedule =
{"ps1": "2026-09-01", ...}`), or, without a schedule, all of them with a warning (self-study). It
writes dist/<course>-<label>/ and the archive dist/<course>-<label>.zip (label: `ps1`, `ps1-ps2`,
`all`) holding:
  README.md           set-up steps for students (the same torch and pins as the grader)
  constraints.txt     the grader's pins: `pip install -c constraints.txt -e .`
  environment.yml     conda: python 3.11 + torch (CPU) + `pip install -c constraints.txt -e .`
  pyproject.toml      installs the package `utils` only, with the course's runtime dependencies, and
                      nbgrader (its Validate button in JupyterLab)
  utils/              the student package
  release/<ps>/       the student notebooks
  data/README.md      for students: where datasets go, COURSE_DATA_DIR (and the small data files)

`bundle()` verifies that no file holds solution or hidden-test markers, a hidden-test line
(`autograder`/`run_check`) or a solution line of a source notebook, and that there is no
`autograder/`, `source/`, gradebook or database. `verify_venv()` builds a fresh virtual environment
from a copy of the bundle alone — offline: `pip install --no-index --no-deps -e`, with the course
venv's third-party packages visible through a `.pth` file, not the course's own code — then imports
`utils` from the bundle and runs the first cells (up to the first exercise) of a release notebook.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, nbgrader_meta, source_of
from autograder.problemsets import ProblemSet
from autograder.validate import leaks

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORBIDDEN_TEXT = re.compile(r"### (BEGIN|END) (SOLUTION|HIDDEN TESTS)|\brun_check\b|\bimport autograder\b")
FORBIDDEN_PATHS = ("autograder", "source", "submitted", "autograded", "feedback", "tests")
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".yml", ".yaml", ".toml", ".txt", ".csv", ".cfg", ".json"}
MAX_DATA_FILE = 5 * 1024 * 1024


@dataclass
class BundleReport:
    out: Path
    files: int = 0
    notebooks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    archive: Path | None = None


# nbgrader for the student's Validate button (its JupyterLab extension); the README says which of its
# instructor extensions to turn off.
STUDENT_EXTRA = ["jupyterlab>=4", "nbgrader==0.9.6"]


def release_schedule(course: Course) -> dict[str, dt.date]:
    """`c.CourseBundle.release_schedule` of nbgrader_config.py: problem set (short or full name) ->
    the date it is released (ISO text or a date)."""
    raw = course.nbgrader_config().CourseBundle.get("release_schedule", None) or {}
    if not isinstance(raw, dict):
        raise CourseError("c.CourseBundle.release_schedule must be a dict {problem set: 'YYYY-MM-DD'}")
    out = {}
    for name, when in raw.items():
        try:
            out[str(name)] = when if isinstance(when, dt.date) else dt.date.fromisoformat(str(when))
        except ValueError:
            raise CourseError(f"release_schedule[{name!r}] = {when!r} is not a date (YYYY-MM-DD)") from None
    return out


def choose_problem_sets(
    course: Course, names: list[str] | None, today: dt.date | None = None
) -> tuple[list[ProblemSet], str, list[str]]:
    """(problem sets, label, warnings) of a bundle: the named ones; else the released ones by the
    schedule; else all, with a warning."""
    today = today or dt.date.today()
    schedule = release_schedule(course)

    def date_of(ps: ProblemSet) -> dt.date | None:
        return schedule.get(ps.short) or schedule.get(ps.name)

    warnings = []
    if names:
        pss = course.resolve(names)
        for ps in pss:
            when = date_of(ps)
            if when and when > today:
                warnings.append(f"{ps.short} is scheduled for release on {when}, after today ({today})")
        return pss, "-".join(ps.short for ps in pss), warnings
    every = course.problem_sets()
    if schedule:
        pss = [ps for ps in every if (date_of(ps) or dt.date.max) <= today]
        if not pss:
            raise CourseError(f"no problem set is released by the schedule as of {today}")
        return pss, "-".join(ps.short for ps in pss), warnings
    warnings.append(
        "every problem set is in the bundle (for self-study): name the problem sets released so far "
        "(`course bundle ps1`) or set c.CourseBundle.release_schedule in nbgrader_config.py"
    )
    return every, "all", warnings


def _student_pyproject(course: Course) -> str:
    meta = {}
    pyproject = course.root / "pyproject.toml"
    if pyproject.exists():
        meta = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    deps = list(meta.get("dependencies", [])) + STUDENT_EXTRA
    python = meta.get("requires-python", ">=3.11")
    deps_text = "\n".join(f'    "{d}",' for d in deps)
    return (
        (TEMPLATES / "student_pyproject.toml")
        .read_text(encoding="utf-8")
        .format(python=python, dependencies=deps_text)
    )


def bundle(course: Course, out: Path, pss: list[ProblemSet] | None = None,
           archive: Path | None = None) -> BundleReport:
    """Write the bundle of `pss` (default: every problem set) to `out` (replacing it), verify it, and
    zip it into `archive` when given."""
    out = Path(out).resolve()
    if out == course.root or course.root in out.parents and out.name in FORBIDDEN_PATHS:
        raise ValueError(f"refusing to write the bundle over {out}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    report = BundleReport(out)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    shutil.copytree(course.root / "utils", out / "utils", ignore=ignore)
    pss = course.problem_sets() if pss is None else pss
    for ps in pss:
        src = course.root / "release" / ps.name
        if not src.is_dir():
            report.problems.append(f"release/{ps.name} is missing: run `course release` first")
            continue
        shutil.copytree(src, out / "release" / ps.name, ignore=ignore)
        report.notebooks.append(f"release/{ps.name}/{ps.name}.ipynb")
    (out / "data").mkdir()
    data = course.root / "data"
    for f in sorted(data.iterdir()) if data.is_dir() else []:
        if f.is_file() and not f.is_symlink() and f.stat().st_size <= MAX_DATA_FILE and f.name != "README.md":
            shutil.copyfile(f, out / "data" / f.name)
    (out / "data" / "README.md").write_text(
        (TEMPLATES / "student_data_README.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (out / "pyproject.toml").write_text(_student_pyproject(course), encoding="utf-8")
    if (course.root / "constraints.txt").exists():
        shutil.copyfile(course.root / "constraints.txt", out / "constraints.txt")
    else:
        report.problems.append("constraints.txt is missing: the bundle cannot pin what the grader runs")
    for name in ("environment.yml", "README.md"):
        text = (TEMPLATES / f"student_{name}").read_text(encoding="utf-8")
        text = text.replace("{notebooks}", "\n".join(f"- `{n}`" for n in report.notebooks) or "- (none yet)")
        (out / name).write_text(text, encoding="utf-8")
    report.problems += verify(course, out, pss)
    report.files = sum(1 for p in out.rglob("*") if p.is_file())
    if archive is not None and not report.problems:
        report.archive = write_archive(out, Path(archive))
    return report


def write_archive(folder: Path, archive: Path) -> Path:
    """`folder` zipped into `archive` under its own name (files sorted, fixed times: reproducible)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    tmp = archive.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(archive)
    return archive


def verify(course: Course, out: Path, pss: list[ProblemSet] | None = None) -> list[str]:
    """What makes the bundle unfit for students (empty when it is clean): solutions, hidden tests,
    grader files, and problem sets it should not hold."""
    problems = []
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out)
        if rel.parts[0] in FORBIDDEN_PATHS:
            problems.append(f"{rel} must not be in the bundle")
        if p.is_file() and (p.suffix in (".db", ".sqlite") or p.name.startswith("gradebook")):
            problems.append(f"{rel}: a gradebook/database must not be in the bundle")
        if p.is_file() and p.suffix in TEXT_SUFFIXES:
            text = p.read_text(encoding="utf-8", errors="replace")
            m = FORBIDDEN_TEXT.search(text)
            if m:
                problems.append(f"{rel} contains {m.group(0)!r} (solutions or hidden tests)")
    wanted = {ps.name for ps in (course.problem_sets() if pss is None else pss)}
    for folder in sorted((out / "release").iterdir()) if (out / "release").is_dir() else []:
        if folder.name not in wanted:
            problems.append(f"release/{folder.name} is not a problem set of this bundle")
    for ps in course.problem_sets():
        nb_path = out / "release" / ps.name / f"{ps.name}.ipynb"
        if nb_path.exists():
            source_nb = nbformat.read(ps.source, as_version=4)
            release_nb = nbformat.read(nb_path, as_version=4)
            problems += [f"release/{ps.name}: {x}" for x in leaks(source_nb, release_nb)]
    return problems


def first_cells(nb: dict) -> list[str]:
    """The code of a notebook's cells before its first exercise (setup, helpers, demos of the intro)."""
    code = []
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("solution") or (meta.get("grade") and cell.get("cell_type") == "code"):
            break
        if cell.get("cell_type") == "code":
            code.append(source_of(cell))
    return code


def verify_venv(dist: Path, notebook: str | None = None, timeout: float = 300.0) -> tuple[float, list[str]]:
    """Make a fresh venv from a copy of `dist` alone; import utils; run a notebook's first cells."""
    started = time.monotonic()
    problems: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="course-bundle-venv-"))
    try:
        copy = work / "bundle"
        shutil.copytree(dist, copy)
        venv = work / "venv"
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run(
            [base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=timeout, capture_output=True
        )
        py = venv / "bin" / "python"
        site = subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout.strip()
        # third-party packages come from the course venv (offline); the course's own code does not
        (Path(site) / "course_venv_packages.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
        )
        env = {
            k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COURSE_DATA_DIR")
        }
        env.update(
            {
                "PIP_NO_INDEX": "1",
                "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "MPLBACKEND": "Agg",
                "COURSE_MODE": "quick",
                "PYTHONNOUSERSITE": "1",
            }
        )
        install = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "--python",
                str(py),
                "install",
                "--no-index",
                "--no-deps",
                "--no-build-isolation",
                "-q",
                "-e",
                str(copy),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=work,
        )
        if install.returncode != 0:
            return time.monotonic() - started, [
                f"pip install from the bundle failed: {install.stderr[-800:]}"
            ]
        probe = subprocess.run(
            [str(py), "-c", "import utils, sys; print(utils.__file__)"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=work,
        )
        where = probe.stdout.strip()
        if probe.returncode != 0:
            problems.append(f"`import utils` fails in the fresh venv: {probe.stderr[-500:]}")
        elif not Path(where).resolve().is_relative_to(copy.resolve()):
            problems.append(f"`import utils` found {where}, not the bundle's copy")
        nbs = sorted(copy.glob("release/*/*.ipynb"))
        if notebook:
            nbs = [copy / notebook]
        if not nbs:
            problems.append("the bundle has no release notebook to run")
        else:
            nb = nbformat.read(nbs[0], as_version=4)
            script = work / "first_cells.ipy"
            script.write_text("\n\n".join(first_cells(nb)) + "\nprint('FIRST CELLS OK')\n", encoding="utf-8")
            run = subprocess.run(
                [str(py), "-m", "IPython", "--quick", "--no-banner", "--colors=NoColor", str(script)],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                cwd=nbs[0].parent,
            )
            if run.returncode != 0 or "FIRST CELLS OK" not in run.stdout:
                problems.append(
                    f"the first cells of {nbs[0].relative_to(copy)} fail in the fresh venv: "
                    f"{(run.stderr or run.stdout)[-800:]}"
                )
        return time.monotonic() - started, problems
    except subprocess.TimeoutExpired as exc:
        return time.monotonic() - started, [f"fresh venv check timed out: {exc.cmd}"]
    finally:
        shutil.rmtree(work, ignore_errors=True)

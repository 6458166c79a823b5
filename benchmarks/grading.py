"""Items 1 and 2: running and grading the problem sets.

For every problem set, two scratch course folders are made:
- a course root for `course` (the problem set's `source/` and the course's `nbgrader_config.py`; the kernels
  import `utils` and `autograder` from this repository), released with `course release`;
- a plain nbgrader course (the same `source/`, an `nbgrader_config.py` with nbgrader's defaults but for the
  per-cell timeout, raised from nbgrader's 30 s to the course's so that both graders run every cell),
  released with `nbgrader generate_assignment`.
Both get the same N submissions, built from the corpus (`tests/submissions/<ps>/`) with
`autograder.corpus.build_submission` on the course's release: the reference first, then valid alternatives
and realistic mistakes in turn.

Item 1, per problem set, side by side each round: executing the reference source notebook end to end
(`benchmarks.notebooks`, a child process: what a student or CI waits for) and `course autograde PS --student
<reference> --force` (what grading one correct submission costs, from the command's start to its end). Wall
time and the peak memory of the whole process tree (kernel included, PSS).

Item 2, per problem set, side by side each round: `course autograde PS --jobs 1 --force`, `course autograde PS
--jobs 2 --force` and `nbgrader autograde PS --force`, each over the N submissions. Submissions per minute,
and the split of the wall time into time in the kernels' cells (student code, hidden checks, setup cells:
summed from the execution timestamps nbclient records in every autograded notebook) and the rest (process
start, imports, gradebook, kernel start and shutdown), per submission. With --jobs 2, kernels overlap, so
its cells sum is not subtracted from its wall time.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.problemsets import REPO, ProblemSet
from benchmarks.notebooks import notebook_timing
from benchmarks.stats import CommandRun, Comparison, interleave, run_command

BIN = Path(sys.executable).parent
COURSE = BIN / "course"
NBGRADER = BIN / "nbgrader"
PLAIN_CONFIG = """\
# A plain nbgrader course: nbgrader's defaults, but for the per-cell timeout (nbgrader's default is 30 s),
# set to the course's so that both graders run every cell to its end.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "plain-nbgrader"
c.Execute.timeout = {timeout}
"""


def env(mode: str = "quick") -> dict:
    """Environment of every command: this venv's bin/ first (nbgrader runs `alembic` from PATH), the
    course mode (plain nbgrader's kernels inherit it; `course` sets it itself)."""
    e = dict(os.environ)
    e["PATH"] = os.pathsep.join([str(BIN), e.get("PATH", "")])
    e["COURSE_MODE"] = mode
    e.setdefault("MPLBACKEND", "Agg")
    e["PYTHONUNBUFFERED"] = "1"
    return e


def course_cell_timeout() -> int:
    from autograder.course import Course

    return int(Course(REPO).nbgrader_config().Execute.get("timeout", 120) or 120)


# --- the corpus ------------------------------------------------------------------------------------


def pick_variants(ps: ProblemSet, n: int) -> list:
    """The reference, then alternatives and mistakes in turn (sorted by name), `n` in all. Variants only
    the real pipeline may run (hangs, os._exit) and adversarial ones are left out: these are ordinary
    students."""
    from autograder.corpus import load_variants

    variants = [v for v in load_variants(ps.corpus) if v.in_process]
    ref = [v for v in variants if v.kind == "reference"]
    if not ref:
        raise RuntimeError(f"{ps.corpus} has no reference variant")
    pools = [[v for v in variants if v.kind == k] for k in ("alternative", "mistake", "partial")]
    chosen = [ref[0]]
    while len(chosen) < n and any(pools):
        for pool in pools:
            if pool and len(chosen) < n:
                chosen.append(pool.pop(0))
    return chosen


def student_id(i: int, variant) -> str:
    return f"s{i + 1:02d}-{variant.name.replace('_', '-')}"[:60]


# --- scratch courses ---------------------------------------------------------------------------------


@dataclass
class Courses:
    """The two scratch courses of one problem set and the students submitted to both."""

    ps: ProblemSet
    course_root: Path
    plain_root: Path
    students: list[str] = field(default_factory=list)
    reference: str = ""
    setup_runs: list[CommandRun] = field(default_factory=list)

    @property
    def source_notebook(self) -> Path:
        return self.course_root / "source" / self.ps.name / f"{self.ps.name}.ipynb"


def prepare(ps: ProblemSet, workdir: Path, n: int, cell_timeout: int) -> Courses:
    import nbformat

    from autograder.corpus import build_submission

    course_root, plain_root = workdir / f"course-{ps.short}", workdir / f"plain-{ps.short}"
    for root in (course_root, plain_root):
        (root / "source").mkdir(parents=True)
        shutil.copytree(ps.source.parent, root / "source" / ps.name)
    config = ps.root / "nbgrader_config.py"
    shutil.copyfile(
        config if config.exists() else REPO / "nbgrader_config.py", course_root / "nbgrader_config.py"
    )
    (plain_root / "nbgrader_config.py").write_text(
        PLAIN_CONFIG.format(timeout=cell_timeout), encoding="utf-8"
    )
    c = Courses(ps, course_root, plain_root)
    from concurrent.futures import ThreadPoolExecutor

    setups = [
        ([str(COURSE), "release", ps.short, "--root", str(course_root)], None),
        ([str(NBGRADER), "generate_assignment", ps.name, "--force"], plain_root),
    ]
    with ThreadPoolExecutor(2) as pool:  # both releases at once: set-up, not measured
        c.setup_runs = list(pool.map(lambda a: run_command(a[0], cwd=a[1], env=env()), setups))
    for (argv, _), run in zip(setups, c.setup_runs, strict=True):
        if not run.ok:
            raise RuntimeError(f"{' '.join(argv[:3])} failed:\n{run.tail()}")
    source_nb = nbformat.read(ps.source, as_version=4)
    release_nb = nbformat.read(course_root / "release" / ps.name / f"{ps.name}.ipynb", as_version=4)
    for i, variant in enumerate(pick_variants(ps, n)):
        sid = student_id(i, variant)
        nb = build_submission(source_nb, release_nb, variant)
        for root in (course_root, plain_root):
            folder = root / "submitted" / sid / ps.name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{ps.name}.ipynb")
        c.students.append(sid)
        if variant.kind == "reference":
            c.reference = sid
    return c


# --- one run of each contender ---------------------------------------------------------------------------


def _graded_notebooks(root: Path, ps: ProblemSet, students: list[str]) -> dict[str, dict]:
    out = {}
    for sid in students:
        path = root / "autograded" / sid / ps.name / f"{ps.name}.ipynb"
        if path.exists():
            out[sid] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _course_results(root: Path, ps: ProblemSet, students: list[str]) -> dict[str, dict]:
    out = {}
    for sid in students:
        path = root / "autograded" / sid / ps.name / "grading.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            out[sid] = {
                k: data.get(k) for k in ("status", "score", "max_score", "seconds", "timings", "reason")
            }
    return out


def _summarize_run(run: CommandRun, graded: dict[str, dict], expected: int) -> dict:
    cells = sum(notebook_timing(nb)["cells_seconds"] for nb in graded.values())
    return {
        "seconds": run.seconds,
        "peak_mb": run.peak_bytes / 2**20,
        "returncode": run.returncode,
        "graded": len(graded),
        "expected": expected,
        "cells_seconds": cells,
        "per_minute": 60.0 * len(graded) / run.seconds if graded else 0.0,
        "overhead_per_submission": (run.seconds - cells) / len(graded) if graded else None,
        "tail": "" if run.ok and len(graded) == expected else run.tail(),
    }


def course_autograde(c: Courses, jobs: int, students: list[str] | None = None, timeout: float = 900) -> dict:
    argv = [
        str(COURSE),
        "autograde",
        c.ps.short,
        "--root",
        str(c.course_root),
        "--jobs",
        str(jobs),
        "--force",
        "--no-progress",
    ]
    for sid in students or []:
        argv += ["--student", sid]
    wanted = students or c.students
    for sid in wanted:  # no result of an earlier run can be taken for this one's
        shutil.rmtree(c.course_root / "autograded" / sid, ignore_errors=True)
    run = run_command(argv, env=env(), timeout=timeout * max(1, len(wanted)))
    out = _summarize_run(run, _graded_notebooks(c.course_root, c.ps, wanted), len(wanted))
    out["results"] = _course_results(c.course_root, c.ps, wanted)
    return out


def plain_autograde(c: Courses, timeout: float = 900) -> dict:
    shutil.rmtree(c.plain_root / "autograded", ignore_errors=True)
    run = run_command(
        [str(NBGRADER), "autograde", c.ps.name, "--force"],
        cwd=c.plain_root,
        env=env(),
        timeout=timeout * max(1, len(c.students)),
    )
    out = _summarize_run(run, _graded_notebooks(c.plain_root, c.ps, c.students), len(c.students))
    out["scores"] = _plain_scores(c)
    return out


def _plain_scores(c: Courses) -> dict[str, float | None]:
    try:
        from nbgrader.api import Gradebook, MissingEntry
    except ImportError:
        return {}
    scores: dict[str, float | None] = {}
    with Gradebook(f"sqlite:///{c.plain_root / 'gradebook.db'}") as gb:
        for sid in c.students:
            try:
                sub = gb.find_submission(c.ps.name, sid)
                scores[sid] = float(sub.code_score)
            except MissingEntry:
                scores[sid] = None
    return scores


def execute_notebook(path: Path, mode: str = "quick", timeout: float = 1800) -> dict:
    """Execute a notebook end to end in a child process (`benchmarks.notebooks`)."""
    with tempfile.TemporaryDirectory(prefix="bench-exec-") as tmp:
        out = Path(tmp) / "result.json"
        run = run_command(
            [sys.executable, "-m", "benchmarks.notebooks", str(path), "--json", str(out)],
            cwd=REPO,
            env=env(mode),
            timeout=timeout,
        )
        inner = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return {
        "seconds": run.seconds,
        "peak_mb": run.peak_bytes / 2**20,
        "returncode": run.returncode,
        "tail": "" if run.ok else run.tail(),
        **inner,
    }


# --- the items ---------------------------------------------------------------------------------------------


def item1(c: Courses, rounds: int, full: bool = False, log=print) -> dict:
    """Execute the reference source notebook vs autograde the reference submission, side by side."""
    contenders = [
        ("execute", lambda: execute_notebook(c.ps.source, "quick")),
        ("autograde", lambda: course_autograde(c, 1, [c.reference])),
    ]
    comp = interleave(contenders, rounds)
    out = {"comparison": comp}
    log(
        f"  {c.ps.short} execute {comp.metric('execute').fmt('s', 1)}, autograde one correct "
        f"{comp.metric('autograde').fmt('s', 1)}"
    )
    if full:
        full_comp = interleave([("execute_full", lambda: execute_notebook(c.ps.source, "full", 7200))], 1)
        out["full"] = full_comp
        log(f"  {c.ps.short} execute (full mode) {full_comp.metric('execute_full').fmt('s', 1)}")
    return out


def item2(c: Courses, rounds: int, log=print) -> Comparison:
    contenders = [("course_j1", lambda: course_autograde(c, 1))]
    if len(c.students) >= 2:  # with one submission, --jobs 2 is --jobs 1
        contenders.append(("course_j2", lambda: course_autograde(c, 2)))
    contenders.append(("nbgrader", lambda: plain_autograde(c)))
    comp = interleave(contenders, rounds)
    log(
        f"  {c.ps.short} {len(c.students)} submissions: "
        + ", ".join(f"{name} {comp.metric(name).fmt('s', 1)}" for name in comp.names)
    )
    return comp


# --- fixed costs, measured on their own ----------------------------------------------------------------


def _kernel_cycle(shutdown: str, imports: str) -> dict:
    """Start a python3 kernel, run `import <imports>` (what every setup cell does), shut it down."""
    import time

    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", env=env())
    start = time.perf_counter() - t0
    kc.execute_interactive(f"import {imports}", timeout=300)
    t1 = time.perf_counter()
    kc.stop_channels()
    km.shutdown_kernel(now=(shutdown == "immediate"))
    return {"seconds": time.perf_counter() - t0, "start": start, "shutdown": time.perf_counter() - t1}


def fixed_costs(rounds: int, imports: str = "numpy, torch") -> dict:
    """Process start with nbgrader imported; a kernel's start, and its shutdown after importing `imports`,
    graceful (nbgrader's default) and immediate (the course's)."""

    def nbgrader_import() -> dict:
        run = run_command([sys.executable, "-c", "import nbgrader.apps.autogradeapp"], env=env())
        return {"seconds": run.seconds}

    comp = interleave(
        [
            ("nbgrader_import", nbgrader_import),
            ("kernel_graceful", lambda: _kernel_cycle("graceful", imports)),
            ("kernel_immediate", lambda: _kernel_cycle("immediate", imports)),
        ],
        rounds,
    )
    return {"comparison": comp, "imports": imports}

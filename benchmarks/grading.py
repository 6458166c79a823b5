"""Items 1 and 2: running and grading the problem sets.

Two scratch course folders are made once for all problem sets (`prepare_all`), both set up before any
measurement, in two processes side by side:
- a course root for `course` (every measured problem set's `source/` and the course's `nbgrader_config.py`;
  the kernels import `utils` and `autograder` from this repository): `course release`, then each problem
  set's grading template (`autograded/.templates/`, what the first `course autograde` of a problem set
  builds and later runs reuse);
- a plain nbgrader course (the same `source/`, an `nbgrader_config.py` with nbgrader's defaults but for the
  per-cell timeout, raised from nbgrader's 30 s to the course's so that both graders run every cell):
  nbgrader's `generate_assignment` for each problem set (through `NbGraderAPI`, as the command does).
So both graders are measured in their steady state: grading an assignment that is already released.
Both get the same N submissions per problem set, built from the corpus (`tests/submissions/<ps>/`) with
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


def student_id(variant) -> str:
    """The id a variant is submitted under: the one its answers were written for (problem set 1's
    personal numbers depend on it), as the pipeline tests do: its `STUDENT`, else its name."""
    return variant.student or variant.name


# --- scratch courses ---------------------------------------------------------------------------------


@dataclass
class Courses:
    """One problem set in the two scratch courses (shared by all problem sets) and the students submitted
    to both."""

    ps: ProblemSet
    course_root: Path
    plain_root: Path
    students: list[str] = field(default_factory=list)
    reference: str = ""
    template_seconds: float | None = None  # building the course's grading template (set-up, once)

    @property
    def source_notebook(self) -> Path:
        return self.course_root / "source" / self.ps.name / f"{self.ps.name}.ipynb"


@dataclass
class Setup:
    """The scratch courses of all problem sets, and how their set-up went (not measured figures)."""

    courses: dict[str, Courses]
    runs: dict[str, CommandRun]
    problems: list[str]


def prepare_all(pss: list[ProblemSet], workdir: Path, n: int, cell_timeout: int) -> Setup:
    """Both scratch courses with every problem set of `pss` released, the course's grading templates built,
    and N submissions per problem set (see the module docstring). A problem set whose set-up fails is left
    out, with the reason in `problems`."""
    import nbformat

    from autograder.corpus import build_submission

    course_root, plain_root = workdir / "course", workdir / "plain"
    for root in (course_root, plain_root):
        (root / "source").mkdir(parents=True)
        for ps in pss:
            shutil.copytree(ps.source.parent, root / "source" / ps.name)
    config = pss[0].root / "nbgrader_config.py" if pss else REPO / "nbgrader_config.py"
    shutil.copyfile(
        config if config.exists() else REPO / "nbgrader_config.py", course_root / "nbgrader_config.py"
    )
    plain_config = PLAIN_CONFIG.format(timeout=cell_timeout)
    (plain_root / "nbgrader_config.py").write_text(plain_config, encoding="utf-8")
    from concurrent.futures import ThreadPoolExecutor

    me = [sys.executable, "-m", "benchmarks.grading"]
    setups = {
        "course": me + ["setup-course", str(course_root), *(ps.short for ps in pss)],
        "plain": me + ["setup-plain", str(plain_root), *(ps.name for ps in pss)],
    }
    with ThreadPoolExecutor(2) as pool:  # both courses at once: set-up, not measured
        futures = {k: pool.submit(run_command, argv, cwd=REPO, env=env()) for k, argv in setups.items()}
        runs = {k: f.result() for k, f in futures.items()}
    problems = [f"set-up {k} exited {r.returncode}: {r.tail(5)}" for k, r in runs.items() if not r.ok]
    done: dict[str, dict] = {}
    for k, run in runs.items():
        for line in run.stdout.splitlines():
            if line.startswith("{"):
                done[k] = {**done.get(k, {}), **json.loads(line)}
    courses = {}
    for ps in pss:
        course_ok = done.get("course", {}).get(ps.short)
        plain_ok = done.get("plain", {}).get(ps.name)
        if not (course_ok and course_ok.get("ok") and plain_ok and plain_ok.get("ok")):
            why = (course_ok or {}).get("error") or (plain_ok or {}).get("error") or "see the set-up output"
            problems.append(f"{ps.short}: set-up failed: {why}")
            continue
        c = Courses(ps, course_root, plain_root, template_seconds=course_ok.get("template_seconds"))
        source_nb = nbformat.read(ps.source, as_version=4)
        release_nb = nbformat.read(course_root / "release" / ps.name / f"{ps.name}.ipynb", as_version=4)
        for variant in pick_variants(ps, n):
            sid = student_id(variant)
            nb = build_submission(source_nb, release_nb, variant)
            for root in (course_root, plain_root):
                folder = root / "submitted" / sid / ps.name
                folder.mkdir(parents=True)
                nbformat.write(nb, folder / f"{ps.name}.ipynb")
            c.students.append(sid)
            if variant.kind == "reference":
                c.reference = sid
        courses[ps.short] = c
    return Setup(courses, runs, problems)


def setup_course(root: Path, shorts: list[str]) -> dict:
    """(In its own process.) `course release` of every problem set, then each one's grading template, as the
    first `course autograde` would build it: {short: {"ok", "template_seconds" | "error"}}."""
    import time

    from autograder.cli import main as course_main
    from autograder.course import Course
    from autograder.template import build_template

    course = Course(root)
    out = {}
    for short in shorts:
        try:
            rc = course_main(["release", short, "--root", str(root)])
            if rc:
                raise RuntimeError(f"course release {short} exited {rc}")
            ps = course.resolve([short])[0]
            started = time.perf_counter()
            build_template(course, ps)
            out[short] = {"ok": True, "template_seconds": time.perf_counter() - started}
        except Exception as exc:
            out[short] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return out


def setup_plain(root: Path, names: list[str]) -> dict:
    """(In its own process.) nbgrader's generate_assignment of every problem set, through `NbGraderAPI`
    (what `nbgrader generate_assignment NAME` runs), with the plain course's configuration."""
    from autograder.course import patch_nbgrader  # first: nbformat without its IRI grammar (set-up only)

    patch_nbgrader()  # and the new gradebook's schema version without the `alembic` subprocess
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    os.chdir(root)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    out = {}
    for name in names:
        result = api.generate_assignment(name, force=True, create=True)
        ok = bool(result.get("success"))
        out[name] = {"ok": ok} if ok else {"ok": False, "error": (result.get("error") or "")[-1500:]}
    return out


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


def course_autograde(c: Courses, jobs: int, students: list[str] | None = None, timeout: float = 900,
                     checks_mode: str = "quick") -> dict:
    """`course autograde` of `students` (default: all). The kernels always run the notebook in quick mode
    (the course's setting); `checks_mode` is the grader's own COURSE_MODE: "full" is what an instructor
    runs (the headline checks retrain on the full data), "quick" shortens them as CI does."""
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
        shutil.rmtree(c.course_root / "autograded" / sid / c.ps.name, ignore_errors=True)
    run = run_command(argv, env=env(checks_mode), timeout=timeout * max(1, len(wanted)))
    out = _summarize_run(run, _graded_notebooks(c.course_root, c.ps, wanted), len(wanted))
    out["results"] = _course_results(c.course_root, c.ps, wanted)
    return out


def plain_autograde(c: Courses, timeout: float = 900) -> dict:
    for sid in c.students:
        shutil.rmtree(c.plain_root / "autograded" / sid / c.ps.name, ignore_errors=True)
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


def item1(c: Courses, rounds: int, full: bool = False, log=print, start: int = 0) -> dict:
    """Execute the reference source notebook vs autograde the reference submission, side by side."""
    contenders = [
        ("execute", lambda: execute_notebook(c.ps.source, "quick")),
        ("autograde", lambda: course_autograde(c, 1, [c.reference], checks_mode="full")),
    ]
    comp = interleave(contenders, rounds, start=start)
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


def item2(c: Courses, rounds: int, log=print, start: int = 0) -> Comparison:
    contenders = [("course_j1", lambda: course_autograde(c, 1))]
    if len(c.students) >= 2:  # with one submission, --jobs 2 is --jobs 1
        contenders.append(("course_j2", lambda: course_autograde(c, 2)))
    contenders.append(("nbgrader", lambda: plain_autograde(c)))
    comp = interleave(contenders, rounds, start=start)
    log(
        f"  {c.ps.short} {len(c.students)} submissions: "
        + ", ".join(f"{name} {comp.metric(name).fmt('s', 1)}" for name in comp.names)
    )
    return comp


# --- fixed costs, measured on their own ----------------------------------------------------------------

# What `course autograde` imports before its first submission (the forked children inherit it).
COURSE_IMPORTS = "import autograder.cli, autograder.grading, autograder.pool, nbgrader.converters"


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

    def course_import() -> dict:
        run = run_command([sys.executable, "-c", COURSE_IMPORTS], cwd=REPO, env=env())
        return {"seconds": run.seconds}

    comp = interleave(
        [
            ("nbgrader_import", nbgrader_import),
            ("course_import", course_import),
            ("kernel_graceful", lambda: _kernel_cycle("graceful", imports)),
            ("kernel_immediate", lambda: _kernel_cycle("immediate", imports)),
        ],
        rounds,
    )
    return {"comparison": comp, "imports": imports}


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.grading setup-course ROOT PS...` / `setup-plain ROOT NAME...` (used by
    `prepare_all`): prints one JSON object, {problem set: {"ok": …, …}}."""
    args = sys.argv[1:] if argv is None else argv
    what, root, names = args[0], Path(args[1]), args[2:]
    fn = {"setup-course": setup_course, "setup-plain": setup_plain}[what]
    out = fn(root, names)
    print(json.dumps(out), flush=True)
    return 0 if all(v.get("ok") for v in out.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

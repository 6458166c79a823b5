"""`course autograde --dask`: real Dask clusters (no mocks), on a temporary copy of the course.

- (Dask vs the local pool on the representative corpus subsets of ps1 and ps3 is in
  tests/test_pipeline.py, which reuses that session's local grading instead of grading twice.)
- A worker process is SIGKILLed (by pid) while it grades a fixture submission: the task runs again
  elsewhere, every submission is graded once — one result each, one gradebook submission each.
- A submission that kills its worker on every try is reported (`KilledWorker`) with its student id;
  the others are graded.
- `course autograde --dask` interrupted by Ctrl-C resumes without regrading what was done.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest

from autograder import corpus
from autograder.cluster import ALLOWED_FAILURES
from autograder.course import Course, notebook_text
from tests.course_helpers import (
    course_cmd,
    course_copy,
    interrupt_after_first,
    kernels_under,
    result,
    scored_tests,
    submit,
)

pytestmark = pytest.mark.slow

KILLER_CELL = (
    "import os, psutil\n"
    "# the grading process is this kernel's parent; the Dask worker is its parent\n"
    "try:\n"
    "    _target = psutil.Process(os.getppid()).ppid()\n"
    "    if _target > 1:  # (0 would be its own process group: the attack is on the worker)\n"
    "        os.kill(_target, 9)\n"
    "except Exception:\n"
    "    pass\n"
)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    course = course_copy(tmp_path_factory.mktemp("dask") / "course", set())  # the fixture ps0 only
    course_cmd("release", root=course.root, check=True)
    return course


# --- faults, on the fixture problem set (seconds per submission) -----------------------------------


@pytest.fixture(scope="module")
def client():
    """A real 2-worker LocalCluster (nannies restart killed workers), set up as `course` sets it."""
    import dask
    from distributed import Client, LocalCluster

    from autograder.cluster import dask_config

    with dask.config.set(dask_config()):
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit=0
        )
        client = Client(cluster)
        yield client
        client.close()
        cluster.close()


def _ps0(course: Course, extra: dict[str, str] | None = None):
    """Submit the fixture corpus (plus `extra`: student -> notebook text); return (ps, variants)."""
    ps = course.resolve(["ps0"])[0]
    variants = submit(course, ps, corpus.load_variants(ps.corpus))
    for student, text in (extra or {}).items():
        folder = course.submission_dir(ps, student)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ps.name}.ipynb").write_text(text, encoding="utf-8")
    return ps, variants


def _gradebook_submissions(course: Course, ps) -> dict[str, dict[str, float | None]]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id()) as gb:
        subs = gb.find_assignment(ps.name).submissions
        out = {}
        for sub in subs:
            assert sub.student_id not in out, f"{sub.student_id} twice in the gradebook"
            (nb,) = sub.notebooks
            out[sub.student_id] = {g.name: g.auto_score for g in nb.grades}
        return out


def _grade_in_thread(course, ps, client, students=None):
    from autograder.cluster import DaskExecutor
    from autograder.grading import autograde

    box: dict = {}

    def run():
        try:
            box["summary"] = autograde(
                course,
                ps,
                students=students,
                executor=DaskExecutor(client=client),
                progress=False,
                force=True,
            )
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def _grading_kernel_parent(worker_pids: dict[str, int], student: str | None = None) -> tuple[str, int] | None:
    """A worker whose grading child has started its kernel (i.e. it is grading now) — grading
    `student`, if given (the kernel runs in the student's folder of a scratch course)."""
    import psutil

    for address, pid in worker_pids.items():
        try:
            kids = psutil.Process(pid).children(recursive=True)
        except psutil.Error:
            continue
        for k in kids:
            try:
                if "ipykernel_launcher" in " ".join(k.cmdline()) and (
                    student is None or f"/{student}/" in k.cwd() + "/"
                ):
                    return address, pid
            except psutil.Error:
                continue
    return None


def test_worker_killed_mid_task_loses_and_duplicates_nothing(course, client):
    ps, variants = _ps0(course)
    thread, box = _grade_in_thread(course, ps, client)
    deadline = time.monotonic() + 300
    victim = None
    while victim is None and time.monotonic() < deadline and thread.is_alive():
        pids = client.run(os.getpid)
        victim = _grading_kernel_parent(pids)
        if victim is None:
            time.sleep(0.1)
    assert victim is not None, "no worker was seen grading"
    address, pid = victim
    was_processing = list(client.processing().get(address, []))
    assert was_processing, "the worker had no task"
    os.kill(pid, signal.SIGKILL)
    thread.join(600)
    assert not thread.is_alive() and "error" not in box, box.get("error")
    summary = box["summary"]
    assert sorted(r["student"] for r in summary.rows) == sorted(variants)
    assert all(r["status"] == "graded" for r in summary.rows), summary.rows
    in_gradebook = _gradebook_submissions(course, ps)
    assert set(in_gradebook) == set(variants)
    for name, variant in variants.items():
        res = result(course, ps, name)
        assert in_gradebook[name] == {c["grade_id"]: c["points"] for c in res["cells"]}
        assert not corpus.judge(variant, scored_tests(res)), name
    # the killed worker's scratch folder was swept by a later task (its pid is gone)
    from autograder.cluster import SCRATCH_PREFIX

    assert not list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))
    killed = [k for k in was_processing if k.startswith("grade-")]
    print(f"\nkilled worker pid {pid} while it ran {killed}; all {len(variants)} graded once")
    # An orphaned kernel goes with its sandbox (bubblewrap's --die-with-parent) or notices that its parent
    # is gone (ipykernel's poller): within a second on a quiet machine, later under CI's load.
    deadline = time.monotonic() + 30
    while kernels_under(course.root) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not kernels_under(course.root), "a kernel of the killed worker outlived it by 30 s"


def _kill_workers_grading(client, student: str, stop: threading.Event, kills: list[int]) -> None:
    """Fault injection: SIGKILL whichever worker grades `student`, every time, until `stop`."""
    while not stop.is_set():
        try:
            found = _grading_kernel_parent(client.run(os.getpid), student)
        except Exception:
            found = None
        pid = found[1] if found else None
        if pid is not None and pid not in kills:
            kills.append(pid)
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)


def test_task_failing_on_every_try_is_reported_and_others_graded(course, client):
    """A submission whose worker dies on every try is reported (`KilledWorker`), the others graded.
    Student code cannot do that itself (kernels have their own PID namespace: a cell that tries to kill
    its worker is graded like any other), so the test kills the workers from outside."""
    import nbformat

    from autograder import isolation

    ps, _ = _ps0(course)
    nb = nbformat.read(course.submission_dir(ps, "reference") / f"{ps.name}.ipynb", as_version=4)
    extra = {"killed-every-try": notebook_text(nb)}
    if isolation.available():
        nb.cells.insert(1, nbformat.v4.new_code_cell(KILLER_CELL))
        extra["tries-to-kill-its-worker"] = notebook_text(nb)
    _ps0(course, extra)
    students = [*extra, "reference", "mistake_identity"]
    stop, kills = threading.Event(), []
    killer = threading.Thread(
        target=_kill_workers_grading, args=(client, "killed-every-try", stop, kills), daemon=True
    )
    killer.start()
    thread, box = _grade_in_thread(course, ps, client, students)
    thread.join(900)
    stop.set()
    killer.join(30)
    assert not thread.is_alive() and "error" not in box, box.get("error")
    rows = {r["student"]: r for r in box["summary"].rows}
    assert set(rows) == set(students)
    bad = rows["killed-every-try"]
    assert bad["status"] == "error" and "KilledWorker" in bad["reason"], bad
    assert len(kills) == 1 + ALLOWED_FAILURES, kills
    assert box["summary"].failed == [bad]
    graded = [s for s in students if s != "killed-every-try"]
    assert all(rows[s]["status"] == "graded" for s in graded), rows
    assert "killed-every-try" not in _gradebook_submissions(course, ps)
    if "tries-to-kill-its-worker" in rows:  # its kill missed: graded in full, flagged for review
        res = result(course, ps, "tries-to-kill-its-worker")
        assert res["score"] == result(course, ps, "reference")["score"]
        assert any(f["kind"] == "exits_kernel" for f in res["tamper"]), res["tamper"]
    # the workers came back (nannies restart them)
    client.wait_for_workers(2, timeout=120)


def test_interrupted_dask_run_resumes(course):
    ps, variants = _ps0(course)
    students = sorted(variants)
    for s in students:
        (course.result_dir(ps, s) / "grading.json").unlink(missing_ok=True)
    code, out, done = interrupt_after_first(course, ps, students, "--dask", "--workers", "1")
    assert code == 130, out
    assert 1 <= len(done) < len(students), (done, out)
    only = [x for s in students for x in ("--student", s)]
    again = course_cmd(
        "autograde", "ps0", "--dask", "--workers", "2", "--no-progress", *only, root=course.root
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(rf"; {len(done)} unchanged since the last run", again.stdout), again.stdout
    for s in students:
        assert result(course, ps, s)["status"] == "graded"


def test_worker_refuses_a_course_with_other_checks(course, client):
    """A worker whose checkout differs from the coordinator's refuses to grade, with the reason."""
    from autograder.cluster import grade_on_worker, template_payload
    from autograder.grade_submission import GradeTask
    from autograder.template import build_template

    ps = course.resolve(["ps0"])[0]
    template = build_template(course, ps)
    task = GradeTask(str(course.root), ps.short, ps.name, "reference", "", str(template.folder))
    out = client.submit(
        grade_on_worker,
        vars(task),
        b"{}",
        template_payload(template.folder),
        "not-the-same",
        60.0,
        pure=False,
    ).result()
    assert out["status"] == "error" and "same commit" in out["reason"], out

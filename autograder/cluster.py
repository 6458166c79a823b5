"""`course autograde --dask`: the same grading, one Dask task per submission, on a cluster.

The coordinator (`grading.autograde`) does everything but the grading itself: it checks the gradebook,
builds the problem set's template once, skips unchanged submissions and is the only writer of
`autograded/` and the gradebook. `DaskExecutor` replaces the local `pool.ForkPool` with the same
interface (`run(tasks)` yields `pool.Outcome`s as tasks finish, `shutdown()`):

- The template (its gradebook and student version, a few hundred KB) is shipped as bytes, once: a
  Dask task whose result is the template, which every grading task depends on (a worker fetches it
  once; if the worker holding it dies, the scheduler recomputes it from the task). Each grading task
  carries its submission's bytes. Workers need not share a file system with the coordinator.
- On the worker, `grade_on_worker` writes both into a local scratch folder and runs `grade_one` in a
  forked child with the per-submission watchdog of `pool.ForkPool` (so `--timeout` holds exactly as
  locally, and a killed worker takes its grading process with it: `PR_SET_PDEATHSIG`).
- Workers need the course itself — the same commit of this repository in the same environment — at
  the coordinator's path, or at `$COURSE_ROOT` on the worker. A worker whose checks or grader code
  differ from the coordinator's refuses to grade (the result key would lie otherwise).
- Faults: a worker that dies mid-task (killed, out of memory, its machine lost) makes the scheduler
  run the task elsewhere, at most `distributed.scheduler.allowed-failures` more times (2 for the
  cluster `course` starts; set it on a scheduler you start yourself); after that the submission is
  reported with `KilledWorker` as its reason and everyone else is still graded. Only the coordinator
  writes results, each submission at most once per run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from autograder.pool import ForkPool, Outcome, Task

ALLOWED_FAILURES = 2  # a task may see this many workers die under it before it is reported
TEMPLATE_FILES = ("gradebook.db", "release.ipynb", "signature")
ROOT_ENV = "COURSE_ROOT"


def dask_config() -> dict:
    """Scheduler settings for grading: bounded retries; one task per worker thread at a time (a task
    queued behind a running one would count as 'suspicious' if that worker died)."""
    return {
        "distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
        "distributed.scheduler.worker-saturation": 1.0,
        "distributed.worker.profile.enabled": False,  # no stack sampling next to the kernels
    }


def code_fingerprint(root: Path, ps_short: str) -> str:
    """What a worker's checkout must share with the coordinator's: the grader's code, the part of
    `grading.grading_key` that lives in the code (`ps_short` kept for the callers' signature)."""
    from autograder.course import Course
    from autograder.grading import grader_code_fingerprint

    del ps_short  # every check module is in the fingerprint
    return grader_code_fingerprint(Course(root).checks_dir.parent)


def template_payload(folder: Path) -> dict:
    """The template folder as bytes, to ship to workers."""
    return {name: (folder / name).read_bytes() for name in TEMPLATE_FILES if (folder / name).exists()}


def _identity(x):
    return x


def ping() -> float:
    """A trivial task (to measure what scheduling alone costs)."""
    return time.time()


def _local_template(template: dict) -> Path:
    """The shipped template written once per worker machine (keyed by its content)."""
    from autograder.course import sha256_bytes

    digest = sha256_bytes(*(template[k] for k in sorted(template)))[:24]
    folder = Path(tempfile.gettempdir()) / "course-dask-templates" / digest
    if not (folder / "gradebook.db").exists():
        building = folder.with_name(f"{digest}.tmp{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        for name, data in template.items():
            (building / name).write_bytes(data)
        try:
            os.replace(building, folder)
        except OSError:  # another worker process on this machine wrote it first
            shutil.rmtree(building, ignore_errors=True)
    return folder


def _import_grading_modules() -> None:
    import nbclient  # noqa: F401
    import nbgrader.api
    import nbgrader.converters
    import nbgrader.coursedir
    import nbgrader.preprocessors  # noqa: F401

    from autograder import kernel, release, tamper  # noqa: F401
    from autograder.course import patch_nbgrader

    patch_nbgrader()


def _warm() -> bool:
    """Import once per worker process what `grade_one` imports, so that each forked grading child
    starts with nbgrader loaded (seconds saved per submission). Best effort: a failed import here
    (CPython 3.11 can trip over a parser race while the worker's other threads compile code) only
    means the child imports it again itself."""
    for _ in range(3):
        try:
            _import_grading_modules()
            return True
        except Exception:
            time.sleep(0.1)
    return False


SCRATCH_PREFIX = "course-dask-pid"


def _sweep_dead_scratch() -> None:
    """Remove the scratch folders of workers that died mid-task (a killed worker never runs its
    `finally`): each folder is named after its worker's pid, and a folder whose pid is gone is stale."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, killed but not yet reaped by its nanny, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def grade_on_worker(task: dict, submission: bytes, template: dict, fingerprint: str, timeout: float) -> dict:
    """Runs on a Dask worker: grade one shipped submission in a local scratch folder (see the module
    docstring). Returns {"status": ok|timeout|crashed|error, "result", "reason", "seconds", "worker"}."""
    import socket

    from autograder import startup

    startup.prepare_process()  # a worker is its own entry point
    for attempt in range(3):  # the CPython 3.11 parser race of `preimport`: transient, so try again
        try:
            from autograder.grade_submission import GradeTask, grade_one

            break
        except Exception:
            if attempt == 2:
                raise
            time.sleep(0.2)

    host = socket.gethostname()
    root = Path(os.environ.get(ROOT_ENV) or task["course_root"])
    out = {"result": None, "reason": "", "seconds": 0.0, "worker": f"{host}:{os.getpid()}"}
    if not (root / "source" / task["ps_name"]).is_dir():
        return {
            **out,
            "status": "error",
            "reason": f"worker {host}: no course at {root} (source/{task['ps_name']} missing): check out "
            f"the course there, or set {ROOT_ENV} on the worker",
        }
    if code_fingerprint(root, task["ps_short"]) != fingerprint:
        return {
            **out,
            "status": "error",
            "reason": f"worker {host}: the course at {root} has other checks or grader code than the "
            "coordinator's: run the same commit on every worker",
        }
    _warm()
    _sweep_dead_scratch()
    workdir = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{task['ps_short']}-"))
    try:
        sub_path = workdir / "submission.ipynb"
        sub_path.write_bytes(submission)
        local = GradeTask(
            **{
                **task,
                "course_root": str(root),
                "submission": str(sub_path),
                "template": str(_local_template(template)),
                "workdir": str(workdir),
            }
        )
        (outcome,) = ForkPool(1, workdir / "pool").run(
            [Task(local.student, grade_one, (local,), timeout=timeout)]
        )
        return {
            **out,
            "status": outcome.status,
            "result": outcome.result,
            "reason": outcome.reason,
            "seconds": outcome.seconds,
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _reason(exc: BaseException) -> str:
    from distributed.scheduler import KilledWorker

    if isinstance(exc, KilledWorker):
        return (
            f"KilledWorker: the worker grading it died on each of {ALLOWED_FAILURES + 1} tries "
            "(killed, out of memory, or its machine lost)"
        )
    return f"{type(exc).__name__}: {exc}"[:1500]


class DaskExecutor:
    """Grade on a Dask cluster: `run(tasks)` yields `pool.Outcome`s as the tasks finish.

    `address=None` starts a `distributed.LocalCluster` of `workers` processes (default: the number of
    cores), one thread each; an address (`tcp://host:8786`) connects to a running scheduler; `client`
    uses an existing `distributed.Client` (the tests). Use as a context manager, or call `close()`.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, client=None) -> None:
        import dask
        from distributed import Client, LocalCluster, fire_and_forget

        self.cluster = None
        self.own_client = client is None
        dask.config.set(dask_config())
        if client is None:
            if address:
                client = Client(address)
            else:
                self.cluster = LocalCluster(
                    n_workers=max(1, int(workers or os.cpu_count() or 1)),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    memory_limit=0,  # the kernels, not the workers, use the memory (--memory limits them)
                )
                client = Client(self.cluster)
        self.client = client
        self.futures: list = []
        # workers import nbgrader (seconds) while the coordinator builds the template
        for address in self.client.nthreads():
            fire_and_forget(self.client.submit(_warm, workers=[address], pure=False))

    @property
    def jobs(self) -> int:
        """Tasks that can run at once (worker threads now)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:
            return 1

    def describe(self) -> str:
        where = (
            "a local cluster"
            if self.cluster is not None
            else f"the scheduler {self.client.scheduler.address}"
        )
        return f"{where}, {len(self.client.nthreads())} workers, {self.jobs} threads"

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from distributed import as_completed

        from autograder.grade_submission import GradeTask

        tasks = list(tasks)
        if not tasks:
            return
        by_key: dict[str, Task] = {}
        templates: dict[tuple[str, str], object] = {}
        for t in tasks:
            gt: GradeTask = t.args[0]
            tkey = (gt.template, gt.ps_short)
            if tkey not in templates:
                payload = template_payload(Path(gt.template))
                name = f"course-template-{gt.ps_short}-{Path(gt.template).name}"
                templates[tkey] = (
                    self.client.submit(_identity, payload, key=name, pure=False, retries=2),
                    code_fingerprint(Path(gt.course_root), gt.ps_short),
                )
            template_future, fingerprint = templates[tkey]
            spec = {k: v for k, v in vars(gt).items()}
            key = f"grade-{gt.ps_short}-{gt.student}-{(gt.key or 'x')[:12]}"
            future = self.client.submit(
                grade_on_worker,
                spec,
                Path(gt.submission).read_bytes(),
                template_future,
                fingerprint,
                float(t.timeout or 0) or None,
                key=key,
                pure=False,
            )
            by_key[future.key] = t
            self.futures.append(future)
        done: set[str] = set()
        started = time.monotonic()
        for future in as_completed(self.futures):
            task = by_key[future.key]
            if future.key in done:  # never hand a submission to the writer twice
                continue
            done.add(future.key)
            if future.status == "finished":
                out = future.result()
                yield Outcome(task, out["result"], out["status"], out["reason"], out["seconds"])
            elif future.status == "cancelled":
                continue
            else:
                exc = future.exception()
                yield Outcome(task, None, "crashed", _reason(exc), time.monotonic() - started)
            future.release()
        self.futures = []

    def shutdown(self) -> None:
        """Cancel what is still queued or running (on interruption)."""
        if self.futures:
            self.client.cancel(self.futures, force=True)
            self.futures = []

    def close(self) -> None:
        import logging

        self.shutdown()
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            # workers busy importing or grading take a few seconds to stop: the nanny kills them
            logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

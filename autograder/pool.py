"""Running grading tasks concurrently in forked processes, each with a wall-clock watchdog.

The coordinating process imports nbgrader once (seconds) and forks one child per task (milliseconds):
the child inherits the imports, runs the task — typically `grade_one`, which starts one kernel —
writes its JSON result to a file and exits. The parent keeps at most `jobs` children alive and kills a
child that passes its deadline together with everything it started (its kernel, and whatever student
code spawned), so that one submission can never stall or disturb the others. Children also die with the
parent (Linux `PR_SET_PDEATHSIG`), and an orphaned kernel exits on its own (ipykernel's parent poller).

POSIX only (fork). Any other executor (Dask: autograder/cluster.py) can call the same task functions directly.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Task:
    """One unit of work: `fn(*args, **kwargs)` must return a JSON-serializable dict."""

    key: str
    fn: Callable[..., dict]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    timeout: float | None = None


@dataclass
class Outcome:
    """What came back from a task: its result, or why there is none."""

    task: Task
    result: dict | None
    status: str  # "ok" | "timeout" | "crashed" | "error"
    reason: str = ""
    seconds: float = 0.0


def _set_pdeathsig() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _child(task: Task, result_path: Path) -> None:
    """Runs in the forked child; never returns."""
    code = 0
    try:
        os.setsid()  # the terminal's Ctrl-C goes to the coordinator, which stops us cleanly
        _set_pdeathsig()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        result = task.fn(*task.args, **task.kwargs)
        payload = {"ok": True, "result": result}
    except BaseException as exc:
        code = 1
        payload = {
            "ok": False,
            "reason": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc()[-4000:],
        }
    try:
        tmp = result_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, default=str), encoding="utf-8")
        os.replace(tmp, result_path)
    except BaseException:
        code = 2
    finally:
        os._exit(code)


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (kernels run in their own sessions)."""
    try:
        import psutil

        try:
            parent = psutil.Process(pid)
            procs = parent.children(recursive=True) + [parent]
        except psutil.NoSuchProcess:
            procs = []
        for p in procs:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
    except ImportError:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


class ForkPool:
    """Run tasks in forked children, at most `jobs` at a time, yielding outcomes as they finish."""

    def __init__(self, jobs: int = 1, workdir: Path | None = None, poll: float = 0.05) -> None:
        if os.name != "posix":
            raise RuntimeError("the local grading pool needs a POSIX system (fork)")
        self.jobs = max(1, int(jobs))
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="course-pool-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.poll = poll
        self.running: dict[int, tuple[Task, Path, float]] = {}

    def _start(self, task: Task, index: int) -> None:
        result_path = self.workdir / f"result-{index}.json"
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover  (child)
            _child(task, result_path)
        self.running[pid] = (task, result_path, time.monotonic())

    def _collect(self, pid: int, status: int) -> Outcome:
        task, result_path, started = self.running.pop(pid)
        seconds = time.monotonic() - started
        payload = None
        if result_path.exists():
            try:
                payload = json.loads(result_path.read_text(encoding="utf-8"))
            except ValueError:
                payload = None
            result_path.unlink(missing_ok=True)
        if payload and payload.get("ok"):
            return Outcome(task, payload["result"], "ok", seconds=seconds)
        if payload:
            return Outcome(task, None, "error", payload.get("reason", "error"), seconds)
        if os.WIFSIGNALED(status):
            sig = signal.Signals(os.WTERMSIG(status)).name
            return Outcome(task, None, "crashed", f"the grading process was killed ({sig})", seconds)
        return Outcome(
            task, None, "crashed", f"the grading process exited with {os.WEXITSTATUS(status)}", seconds
        )

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        pending = list(tasks)
        index = 0
        try:
            while pending or self.running:
                while pending and len(self.running) < self.jobs:
                    self._start(pending.pop(0), index)
                    index += 1
                finished = False
                for pid in list(self.running):
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        finished = True
                        yield self._collect(pid, status)
                now = time.monotonic()
                for pid, (task, _path, started) in list(self.running.items()):
                    if task.timeout and now - started > task.timeout:
                        kill_tree(pid)
                        os.waitpid(pid, 0)
                        task_, path, started_ = self.running.pop(pid)
                        path.unlink(missing_ok=True)
                        finished = True
                        yield Outcome(
                            task_,
                            None,
                            "timeout",
                            f"took longer than {task.timeout:g} s and was stopped",
                            now - started_,
                        )
                if not finished:
                    time.sleep(self.poll)
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        """Kill every running child (and its kernel): used on interruption."""
        for pid in list(self.running):
            kill_tree(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            self.running.pop(pid, None)


def run_tasks(
    tasks: list[Task],
    jobs: int,
    on_outcome: Callable[[Outcome], Any] | None = None,
    workdir: Path | None = None,
) -> list[Outcome]:
    """Run `tasks` and return every outcome (calling `on_outcome` as each one arrives)."""
    out = []
    for outcome in ForkPool(jobs, workdir).run(tasks):
        if on_outcome:
            on_outcome(outcome)
        out.append(outcome)
    return out

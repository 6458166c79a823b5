"""`course autograde`: grading submissions with nbgrader, isolated, concurrent, resumable.

Two layers, so that another executor (issue 10: Dask) can replace the local one:

- `grade_one(task)` grades ONE submission in its own scratch course directory: the problem set's
  template (a gradebook that already holds the assignment, the student version, the source folder),
  the one submission — first parsed, repaired and scanned by `tamper.prepare` — and nbgrader's
  `Autograde` converter, whose `Execute` step is `CourseExecute` (an armed kernel with COURSE_MODE and
  the thread limits in its environment; a dead or stuck kernel zeroes the cells it did not run instead of
  failing the submission). It returns a JSON-serializable result: per-cell scores as nbgrader computed
  them, the messages of failed tests, the tamper report and the autograded notebook.
- `autograde(...)` coordinates: checks the gradebook is in step with `source/`, builds the template
  (or reuses it from `autograded/.templates/`), skips submissions whose inputs did not change
  (idempotent, resumable), reports malformed ones, runs the rest through an executor — a
  `pool.ForkPool` (one forked child per submission, a watchdog per submission) or a
  `cluster.DaskExecutor` (one Dask task per submission, the same watchdog on the worker) — and
  writes each result — as it arrives, in this one process — into `autograded/<student>/<ps>/` and the
  course gradebook. Manual scores already in the gradebook are kept.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from autograder import isolation, tamper
from autograder.course import (
    Course,
    CourseError,
    chdir,
    grade_id,
    is_autograded_test,
    nbgrader_meta,
    patch_nbgrader,
    quiet_logs,
    read_json,
    sha256_bytes,
    sha256_file,
    write_json,
    write_notebook,
    write_text_atomic,
)
from autograder.problemsets import ProblemSet

GRADER_VERSION = "1"  # bump when a change of the pipeline itself should regrade everything
DEFAULT_TIMEOUT = 600.0  # seconds per submission
DEFAULT_MEMORY_MB = 4096  # address-space limit (RLIMIT_AS) of each grading kernel
OUTPUT_CELL_CHARS = 2_000_000  # output kept per cell (plots are ~50-100 k characters each)
OUTPUT_NOTEBOOK_CHARS = 12_000_000  # output kept per notebook
OUTPUT_MESSAGE_BYTES = 32 * 1024 * 1024  # ZeroMQ drops a larger single message from the kernel
RESULT_FILE = "grading.json"
TAMPER_FILE = "tamper.json"


def grader_code_fingerprint(package: Path) -> str:
    """A digest of every Python file of the grader's package (`autograder/`, checks included): what a
    stored result depends on in the code. No hand-kept list of files to forget."""
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return sha256_bytes(*(f"{p.relative_to(package).as_posix()}:{sha256_file(p)}".encode() for p in files))


# --- the nbgrader Execute step ---------------------------------------------------------------------


def _course_execute_class():
    """`CourseExecute`, defined lazily so that importing this module does not import nbgrader."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import Execute
    from traitlets import Dict, Integer, List, Unicode

    class CourseExecute(Execute):
        """nbgrader's Execute with the course's kernel environment, and no silent free points.

        When the kernel dies (os._exit, a crash, memory) or a cell cannot be interrupted, nbgrader
        would abandon the whole submission; here the cell that was running and every later code cell
        get an error output instead (so they score 0, never full marks by having no output), and the
        remaining steps (scores, gradebook) run as usual.
        """

        kernel_env = Dict(default_value={}).tag(config=True)
        events_file = Unicode("").tag(config=True)
        kernel_log = Unicode("").tag(config=True)
        memory_mb = Integer(0).tag(config=True)
        # The sandbox (autograder.sandbox): its host folder ("" = no sandbox), what the kernel may read
        sandbox_folder = Unicode("").tag(config=True)
        channel_folder = Unicode("").tag(config=True)  # where the judge's socket goes without a sandbox
        readonly_paths = List(Unicode()).tag(config=True)
        cpu_seconds = Integer(1800).tag(config=True)
        # Output the grader keeps, in characters; the rest is replaced by a note (a flood must cost
        # neither the grader's memory nor its disk). Larger single messages are refused by ZeroMQ.
        max_cell_chars = Integer(OUTPUT_CELL_CHARS).tag(config=True)
        max_notebook_chars = Integer(OUTPUT_NOTEBOOK_CHARS).tag(config=True)
        max_message_bytes = Integer(OUTPUT_MESSAGE_BYTES).tag(config=True)

        def _manager_class(self, wrap, message_interrupts: bool):
            """The kernel manager class: its kernel command passed through `wrap`; interrupts sent as
            messages in the sandbox (a SIGINT to the process group would reach bubblewrap, not the
            kernel); ZeroMQ refusing messages over `max_message_bytes`."""
            base = self.kernel_manager_class
            max_bytes = int(self.max_message_bytes)

            class CourseKernelManager(base):
                def format_kernel_cmd(self, extra_arguments=None):
                    return wrap(super().format_kernel_cmd(extra_arguments))

                @property
                def kernel_spec(self):
                    spec = base.kernel_spec.fget(self)
                    if spec is not None and message_interrupts:
                        spec.interrupt_mode = "message"
                    return spec

                def client(self, **kwargs):
                    import zmq

                    kc = super().client(**kwargs)
                    if max_bytes > 0:
                        kc.context.setsockopt(zmq.MAXMSGSIZE, max_bytes)
                    return kc

            return CourseKernelManager

        def create_kernel_manager(self):
            km = super().create_kernel_manager()
            if self._sandbox is not None:  # Unix sockets in the sandbox folder: no shared loopback
                km.transport = "ipc"
                km.ip = str(self._sandbox.folder / "k")
                km.connection_file = str(self._sandbox.folder / "kernel.json")
                write, box = km.write_connection_file, self._sandbox

                def write_connection_file(**kwargs):
                    write(**kwargs)
                    box.give(Path(km.connection_file))  # written 0600 by the grader: the kernel reads it

                km.write_connection_file = write_connection_file
            return km

        def output(self, outs, msg, display_id, cell_index):
            """Keep at most `max_cell_chars` per cell and `max_notebook_chars` in all; note the cut once."""
            size = _message_chars(msg)
            used = self._chars_by_cell.get(cell_index, 0)
            room = min(self.max_cell_chars - used, self.max_notebook_chars - self._chars_total)
            if size > room:
                if msg["msg_type"] == "stream" and room > 0:
                    msg = {**msg, "content": {**msg["content"], "text": msg["content"]["text"][:room]}}
                    out = super().output(outs, msg, display_id, cell_index)
                    size = room
                else:
                    out, size = None, 0
                if cell_index not in self._cut_cells:
                    self._cut_cells.add(cell_index)
                    outs.append(_cut_note(self.max_cell_chars, self.max_notebook_chars))
                self._chars_by_cell[cell_index] = used + size
                self._chars_total += size
                return out
            self._chars_by_cell[cell_index] = used + size
            self._chars_total += size
            return super().output(outs, msg, display_id, cell_index)

        async def _check_raise_for_error(self, cell, cell_index, exec_reply):
            """A cell whose reply says "error" keeps an error output, even if the kernel's error message
            was lost on the way (ZeroMQ drops the connection on an oversized message, and the messages
            sent while it reconnects): a lost error must never read as a pass."""
            content = (exec_reply or {}).get("content", {})
            if content.get("status") == "error" and not any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])
            ):
                ename = str(content.get("ename", "Error"))[:200]
                evalue = str(content.get("evalue", ""))[:2000]
                trace = [f"{ename}: {evalue}"]
                lost = NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=trace)
                cell.outputs.append(lost)
            return await super()._check_raise_for_error(cell, cell_index, exec_reply)

        def _apply_verdicts(self) -> None:
            """The score is the grader's: each graded test cell keeps its points only if every hidden
            check in its trusted source (from the gradebook) reported a pass to the judge here.
            A result the kernel displayed never counts as partial credit."""
            from autograder import judge as judge_mod
            from autograder.course import is_autograded_test

            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code" or not is_autograded_test(cell):
                    continue
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "execute_result":  # nbgrader would read partial credit
                        out["output_type"] = "display_data"
                        out.pop("execution_count", None)
                failure = judge_mod.cell_failure(index, cell.source, self._judge.verdicts)
                if failure is None:
                    continue
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                ran = any(v.cell_index == index and not v.legacy for v in self._judge.verdicts)
                if errors and not ran:
                    continue  # the cell failed before its hidden test: the student's own error stands
                cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
                cell.outputs.append(
                    NotebookNode(
                        output_type="error", ename="CheckFailure", evalue=failure,
                        traceback=[f"CheckFailure: {failure}"],
                    )
                )

        def _update_display_id(self, display_id, msg):
            if _message_chars(msg) > self.max_cell_chars:
                return  # an update may not grow an output past the cell's limit
            return super()._update_display_id(display_id, msg)

        def _limit_kernel_memory(self) -> None:
            """Cap the kernel's address space (RLIMIT_AS): unbounded allocation ends in MemoryError.
            (Only where the kernel command could not set it itself, see `isolation`.)"""
            if not self.memory_mb or self._memory_in_command:
                return
            try:
                import resource

                pid = self.km.provisioner.pid
                limit = int(self.memory_mb) * 1024 * 1024
                resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
            except (AttributeError, ImportError, OSError, ValueError):
                pass

        def preprocess(self, nb, resources=None, km=None):
            from nbclient import NotebookClient

            from autograder import sandbox as sandbox_mod

            NotebookClient.__init__(self, nb, km)
            self._chars_by_cell: dict[int, int] = {}
            self._chars_total = 0
            self._cut_cells: set[int] = set()
            self._sandbox = None
            env = dict(self.kernel_env)
            from autograder import judge as judge_mod
            from autograder.in_kernel import CHANNEL_ENV

            # The hidden tests' checks run here; the kernel reaches them over this socket.
            channel_dir = Path(self.sandbox_folder or self.channel_folder)
            channel_dir.mkdir(parents=True, exist_ok=True)
            student = ((resources or {}).get("nbgrader") or {}).get("student")
            self._judge = judge_mod.Judge(channel_dir, student=str(student) if student else None)
            env[CHANNEL_ENV] = str(self._judge.path)
            if self.sandbox_folder:
                spec_python = _kernel_python(self)
                self._sandbox = sandbox_mod.Sandbox(
                    folder=Path(self.sandbox_folder),
                    readonly=[Path(p) for p in self.readonly_paths],
                    python_prefixes=sandbox_mod.python_prefixes(spec_python),
                    limits=sandbox_mod.Limits(
                        memory_mb=int(self.memory_mb or 0), cpu_seconds=int(self.cpu_seconds)
                    ),
                )
                self._memory_in_command = True
                box = self._sandbox

                def wrap(argv):
                    return box.wrap(argv, env)

                if km is None:
                    self.kernel_manager_class = self._manager_class(wrap, message_interrupts=True)
                env_for_launch = {"PATH": "/usr/bin:/bin"}  # bwrap's own; the kernel's is set inside
                prefix = []
            else:
                prefix = isolation.kernel_prefix(int(self.memory_mb or 0))
                self._memory_in_command = isolation.limits_in_prefix(prefix)
                if km is None:
                    self.kernel_manager_class = self._manager_class(
                        lambda argv: prefix + argv, message_interrupts=False
                    )
                env_for_launch = env
            self.reset_execution_trackers()
            self._check_assign_resources(resources)
            events: list[dict] = []
            timings: dict[str, float] = {}
            current = -1
            t0 = time.monotonic()
            kwargs: dict = {"env": env_for_launch} if env_for_launch else {}
            log = open(self.kernel_log, "ab") if self.kernel_log else None  # noqa: SIM115
            if log is not None:  # the kernel's own stdout/stderr (not the cells'): keep the console clean
                kwargs.update(stdout=log, stderr=log)
            try:
                with self.setup_kernel(**kwargs):
                    self._limit_kernel_memory()
                    info = self.wait_for_reply(self.kc.kernel_info())
                    if self._sandbox is not None:
                        self._sandbox.lock()  # sockets exist: the kernel may add no file any more
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                    timings["kernel_start"] = time.monotonic() - t0
                    t1 = time.monotonic()
                    for index, cell in enumerate(self.nb.cells):
                        current = index
                        self._judge.cell_index = index
                        self.preprocess_cell(cell, resources, index)
                    current = len(self.nb.cells)
                    timings["cells"] = time.monotonic() - t1
                    t2 = time.monotonic()
            except (DeadKernelError, CellTimeoutError, RuntimeError, TimeoutError) as exc:
                died = isinstance(exc, DeadKernelError) or "died" in str(exc).lower()
                kind = "kernel_died" if died else "cell_timeout"
                detail = f"{type(exc).__name__}: {exc}"
                if current < 0 and self.kernel_log:  # it never started: say why (instructors only)
                    detail += " | kernel log: " + _tail(Path(self.kernel_log))
                events.append({"kind": kind, "cell_index": current, "detail": detail})
                for index in range(max(current, 0), len(self.nb.cells)):
                    cell = self.nb.cells[index]
                    if cell.cell_type != "code" or not cell.source.strip():
                        continue
                    if index == current:
                        ename = "KernelDied" if died else "CellTimeoutError"
                        evalue = (
                            "the kernel stopped while running this cell (sys.exit, os._exit, a "
                            "crash or too much memory)"
                            if died
                            else "this cell ran past the time limit and could not be interrupted"
                        )
                    else:
                        ename, evalue = "NotRun", "not run: the kernel had stopped before this cell"
                    cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
                    cell.outputs.append(
                        NotebookNode(
                            output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
                        )
                    )
            finally:
                if log is not None:
                    log.close()
                self._judge.close()
            self._apply_verdicts()
            if "cells" in timings:
                timings["kernel_shutdown"] = time.monotonic() - t2
            for index, cell in enumerate(self.nb.cells):
                for out in cell.get("outputs", []):
                    if (
                        out.get("output_type") == "error"
                        and out.get("ename") == "CellTimeoutError"
                        and not any(e["cell_index"] == index for e in events)
                    ):
                        events.append(
                            {"kind": "cell_timeout", "cell_index": index, "detail": out.get("evalue", "")}
                        )
            if self.events_file:
                record = {
                    "events": events,
                    "timings": timings,
                    "isolated": self._sandbox is not None or bool(prefix),  # own PID namespace
                    "sandboxed": self._sandbox is not None,
                    "output_cut": sorted(self._cut_cells),
                    "verdicts": [asdict(v) for v in self._judge.verdicts],
                    "channel_problems": self._judge.problems,
                }
                Path(self.events_file).write_text(json.dumps(record), encoding="utf-8")
            return self.nb, self.resources

    return CourseExecute


def _kernel_python(client) -> str:
    """The interpreter of the kernel spec the notebook runs with (its prefixes are bound read-only)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    name = client.kernel_name or client.nb.metadata.get("kernelspec", {}).get("name") or "python3"
    try:
        argv = KernelSpecManager().get_kernel_spec(name).argv
    except NoSuchKernel:
        return sys.executable
    python = argv[0] if argv else sys.executable
    if os.path.isabs(python):
        return python
    return shutil.which(python) or sys.executable


def _tail(path: Path, lines: int = 4) -> str:
    try:
        text = path.read_bytes()[-4000:].decode("utf-8", errors="replace")
    except OSError:
        return "(none)"
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:]) or "(empty)"


def _message_chars(msg: dict) -> int:
    """The characters an output message would add to the notebook."""
    content = msg.get("content", {})
    if msg.get("msg_type") == "stream":
        return len(content.get("text", ""))
    if msg.get("msg_type") == "error":
        return sum(len(str(x)) for x in content.get("traceback", [])) + len(str(content.get("evalue", "")))
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in content.get("data", {}).values())


def _cut_note(cell_chars: int, notebook_chars: int):
    from nbformat.notebooknode import NotebookNode

    return NotebookNode(
        output_type="stream",
        name="stdout",
        text=(
            f"\n[output cut by the grader: at most {cell_chars:,} characters per cell and "
            f"{notebook_chars:,} per notebook are kept]\n"
        ),
    )


# --- templates -----------------------------------------------------------------------------------


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


def assignment_signature(db_url: str, course_id: str, ps_name: str) -> str | None:
    """A hash of the assignment as a gradebook records it (None when it is not there)."""
    from nbgrader.api import Gradebook, MissingEntry

    patch_nbgrader()
    try:
        with quiet_logs(), Gradebook(db_url, course_id) as gb:
            try:
                assignment = gb.find_assignment(ps_name)
            except MissingEntry:
                return None
            parts = []
            for notebook in sorted(assignment.notebooks, key=lambda n: n.name):
                parts.append(f"notebook {notebook.name}")
                for c in sorted(notebook.source_cells, key=lambda c: c.name):
                    parts.append(f"source {c.name} {c.cell_type} {c.locked} {c.checksum} {c.source}")
                for c in sorted(notebook.grade_cells, key=lambda c: c.name):
                    parts.append(f"grade {c.name} {c.cell_type} {float(c.max_score)}")
                for c in sorted(notebook.solution_cells, key=lambda c: c.name):
                    parts.append(f"solution {c.name}")
            return sha256_bytes("\n".join(parts).encode())
    except Exception:  # noqa: BLE001  (no gradebook yet, or an unreadable one)
        return None


def duedate(course: Course, ps: ProblemSet):
    from nbgrader.api import Gradebook, MissingEntry

    if not course.has_gradebook():
        return None
    with quiet_logs(), Gradebook(course.db_url, course.course_id()) as gb:
        try:
            return gb.find_assignment(ps.name).duedate
        except MissingEntry:
            return None


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
    due = duedate(course, ps) if check_gradebook else None
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
            from nbgrader.api import Gradebook

            with quiet_logs(), Gradebook(tmp_url, course_id) as gb:
                gb.update_or_create_assignment(ps.name, duedate=due)
        signature = assignment_signature(tmp_url, course_id, ps.name) or ""
        (building / "signature").write_text(signature, encoding="utf-8")
        try:
            os.replace(building, folder)
        except OSError:  # another run built it meanwhile
            shutil.rmtree(building, ignore_errors=True)
    if check_gradebook:
        recorded = assignment_signature(course.db_url, course_id, ps.name)
        if recorded is None:
            raise CourseError(f"{ps.name} is not in the gradebook yet: run `course release {ps.short}` first")
        if recorded != signature:
            raise CourseError(
                f"source/{ps.name} changed since the gradebook recorded it: run `course release {ps.short}` "
                "(it updates the gradebook, keeping grades) and autograde again"
            )
    return Template(ps.short, ps.name, folder, signature)


# --- one submission --------------------------------------------------------------------------------


@dataclass
class GradeTask:
    """Everything `grade_one` needs; plain data so that any executor can ship it."""

    course_root: str
    ps_short: str
    ps_name: str
    student: str
    submission: str  # path of the submitted notebook
    template: str  # Template.folder
    cell_timeout: int = 120
    mode: str = "quick"
    single_thread: bool = False
    key: str = ""
    timestamp: str | None = None
    workdir: str | None = None
    memory_mb: int = 0
    sandbox: bool = True  # run the kernel in the bubblewrap sandbox (autograder.sandbox)
    cpu_seconds: int = 1800  # RLIMIT_CPU of the sandboxed kernel


def _error_message(cell: dict) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), str(out.get("evalue", "")).strip()
            return f"{ename}: {evalue}" if evalue else ename
    return ""


def _cell_kind(cell: dict) -> str:
    meta = nbgrader_meta(cell)
    if is_autograded_test(cell):
        return "test"
    if meta.get("grade") and meta.get("solution"):
        return "written" if cell.get("cell_type") == "markdown" else "code_answer"
    return "other"


def grade_one(task: GradeTask | dict) -> dict:
    """Grade one submission in a scratch course directory; return the result (see module docstring).

    Never raises for problems of the submission itself (those are a result with status "invalid");
    an exception means the grading machinery failed. The per-submission wall-clock limit is the
    executor's job (`pool.ForkPool` kills the process running this).
    """
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    from autograder import kernel

    patch_nbgrader()
    if isinstance(task, dict):
        task = GradeTask(**task)
    started = time.monotonic()
    course = Course(Path(task.course_root))
    template = Path(task.template)
    release_nb = json.loads(template.joinpath("release.ipynb").read_text(encoding="utf-8"))
    result: dict[str, Any] = {
        "student": task.student,
        "ps": task.ps_name,
        "status": "graded",
        "reason": "",
        "cells": [],
        "tamper": [],
        "key": task.key,
        "timestamp": task.timestamp,
        "mode": task.mode,
        "cell_timeout": task.cell_timeout,
    }
    try:
        raw = tamper.read_submission(task.submission)
    except tamper.InvalidSubmission as exc:
        return {**result, "status": "invalid", "reason": str(exc)}
    timings: dict[str, float] = {}
    try:
        prepared = tamper.prepare(raw, release_nb)
    except tamper.InvalidSubmission as exc:
        return {**result, "status": "invalid", "reason": str(exc), "seconds": time.monotonic() - started}

    timings["prepare"] = time.monotonic() - started
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{task.ps_short}-", dir=task.workdir))
    try:
        student_dir = scratch / "submitted" / task.student / task.ps_name
        student_dir.mkdir(parents=True)
        write_notebook(prepared.notebook, student_dir / f"{task.ps_name}.ipynb")
        if task.timestamp:
            (student_dir / "timestamp.txt").write_text(task.timestamp, encoding="utf-8")
        (scratch / "source").mkdir()
        os.symlink(course.root / "source" / task.ps_name, scratch / "source" / task.ps_name)
        shutil.copyfile(template / "gradebook.db", scratch / "gradebook.db")
        events_file = scratch / "events.json"
        box_folder = scratch / "sandbox"  # the kernel's one writable host folder (see autograder.sandbox)
        readonly: list[str] = []
        if task.sandbox:
            from autograder import sandbox

            box = sandbox.Sandbox(folder=box_folder)
            box.prepare()
            ipython_dir = kernel.make_ipython_dir(folder=box_folder / "ipython")
            runtime_log = box.give(box_folder / "runtime.jsonl")
            data_dir = os.environ.get("COURSE_DATA_DIR") or str(course.root / "data")
            readonly = [str(p) for p in sandbox.course_readonly(course.root, Path(data_dir))]
            env = kernel.kernel_env(
                mode=task.mode,
                ipython_dir=sandbox.IPYTHON_DIR,
                python_path=str(course.root),
                single_thread=task.single_thread,
                runtime_log=runtime_log,
                home=sandbox.HOME,
                data_dir=data_dir,
            )
        else:
            ipython_dir = kernel.make_ipython_dir(scratch)
            runtime_log = scratch / "runtime.jsonl"
            env = kernel.kernel_env(
                mode=task.mode,
                ipython_dir=ipython_dir,
                python_path=course.python_path(),
                single_thread=task.single_thread,
                runtime_log=runtime_log,
                home=str(scratch),
                data_dir=os.environ.get("COURSE_DATA_DIR"),
            )
        db_url = f"sqlite:///{scratch / 'gradebook.db'}"
        config = course.nbgrader_config(
            CourseDirectory__root=str(scratch),
            CourseDirectory__db_url=db_url,
            CourseDirectory__assignment_id=task.ps_name,
            CourseDirectory__student_id=task.student,
            Autograde__create_student=True,
            Autograde__force=True,
        )
        execute_cls = _course_execute_class()
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        from nbgrader.preprocessors import (
            AssignLatePenalties,
            CheckCellMetadata,
            IgnorePattern,
            LimitOutput,
            SaveAutoGrades,
        )

        config.Autograde.autograde_preprocessors = [
            execute_cls,
            IgnorePattern,
            ClearMetadataPreprocessor,
            LimitOutput,
            SaveAutoGrades,
            AssignLatePenalties,
            CheckCellMetadata,
        ]
        config.Execute.timeout = int(task.cell_timeout)
        # Output lost on the way (an oversized message) is not a reason to abandon the notebook; a lost
        # error is restored from the cell's reply (CourseExecute._check_raise_for_error).
        config.Execute.raise_on_iopub_timeout = False
        config.Execute.error_on_timeout = {
            "ename": "CellTimeoutError",
            "evalue": f"this cell ran longer than {int(task.cell_timeout)} s and was interrupted",
            "traceback": [f"CellTimeoutError: this cell ran longer than {int(task.cell_timeout)} s"],
        }
        config.CourseExecute.kernel_env = env
        config.CourseExecute.events_file = str(events_file)
        config.CourseExecute.kernel_log = str(scratch / "kernel.log")
        config.CourseExecute.memory_mb = int(task.memory_mb or 0)
        config.CourseExecute.sandbox_folder = str(box_folder) if task.sandbox else ""
        config.CourseExecute.channel_folder = str(scratch / "channel")
        config.CourseExecute.readonly_paths = readonly
        config.CourseExecute.cpu_seconds = int(task.cpu_seconds)
        coursedir = CourseDirectory(config=config)
        converter = Autograde(coursedir=coursedir, config=config)
        log_lines: list[str] = []
        from autograder.release import capture_log

        converter.log = capture_log(log_lines)
        t_nbgrader = time.monotonic()
        try:
            with quiet_logs(), chdir(scratch):
                converter.start()
        except Exception as exc:  # noqa: BLE001  (nbgrader logged the reason)
            lines = [m.strip().splitlines()[-1] for m in log_lines if m.strip()]
            detail = " | ".join(lines[-3:]) or str(exc)
            return {
                **result,
                "status": "error",
                "reason": f"nbgrader autograde failed: {detail}"[:1500],
                "tamper": [f.as_dict() for f in prepared.findings],
                "seconds": time.monotonic() - started,
            }

        timings["nbgrader"] = time.monotonic() - t_nbgrader
        execution = read_json(events_file) or {}  # what CourseExecute recorded while running
        timings.update(execution.get("timings", {}))
        faults = [v for v in execution.get("verdicts", []) if v.get("grader_fault")]
        if faults:  # the grader's own trouble (a dataset missing): nobody is scored, an instructor looks
            return {
                **result,
                "status": "error",
                "reason": f"grader fault in check {faults[0]['ps']}.{faults[0]['check']}: "
                          f"{faults[0]['message']}"[:1500],
                "tamper": [f.as_dict() for f in prepared.findings],
                "seconds": time.monotonic() - started,
            }
        graded_path = scratch / "autograded" / task.student / task.ps_name / f"{task.ps_name}.ipynb"
        graded_nb = json.loads(graded_path.read_text(encoding="utf-8"))
        cells_by_id = {grade_id(c): c for c in graded_nb["cells"] if grade_id(c)}
        n_cells = len(graded_nb["cells"])
        failed_checks = {  # grade_ids of cells a hidden check's verdict failed
            grade_id(graded_nb["cells"][v["cell_index"]])
            for v in execution.get("verdicts", [])
            if not v.get("passed") and not v.get("legacy") and 0 <= v.get("cell_index", -1) < n_cells
        }
        with quiet_logs(), Gradebook(db_url) as gb:
            nb_sub = gb.find_submission_notebook(task.ps_name, task.ps_name, task.student)
            comments = {c.name: c.auto_comment for c in nb_sub.comments}
            late = nb_sub.late_submission_penalty
            cells = []
            for g in nb_sub.grades:
                cell = cells_by_id.get(g.name, {})
                cells.append(
                    {
                        "grade_id": g.name,
                        "kind": _cell_kind(cell) if cell else "other",
                        "points": g.auto_score,
                        "max_points": float(g.max_score),
                        "needs_manual_grade": bool(g.needs_manual_grade),
                        "message": _error_message(cell) if cell else "",
                        "by_hidden_check": g.name in failed_checks,
                        "auto_comment": comments.get(g.name),
                    }
                )
        order = [grade_id(c) for c in release_nb["cells"] if grade_id(c)]
        cells.sort(key=lambda c: order.index(c["grade_id"]) if c["grade_id"] in order else len(order))
        findings = [f.as_dict() for f in prepared.findings]
        findings += _runtime_findings(graded_nb, execution.get("events", []), runtime_log)
        findings += [
            {"kind": "channel", "cell": "notebook", "detail": str(problem)[:500]}
            for problem in execution.get("channel_problems", [])
        ]
        findings += [  # a graded function that broke the task's rule: the instructor should look
            {"kind": "rule", "cell": grade_id(graded_nb["cells"][v["cell_index"]]) or "notebook",
             "detail": str(v.get("message", ""))[:500]}
            for v in execution.get("verdicts", [])
            if v.get("rule_broken") and 0 <= v.get("cell_index", -1) < n_cells
        ]
        result.update(
            {
                "cells": cells,
                "tamper": findings,
                "late_penalty": late,
                "notebook": graded_path.read_text(encoding="utf-8"),
                "score": sum(c["points"] or 0.0 for c in cells if c["points"] is not None),
                "max_score": sum(c["max_points"] for c in cells),
                "seconds": time.monotonic() - started,
                "timings": {k: round(v, 3) for k, v in timings.items()},
                # False: the kernel had no PID namespace here, so it could signal the grader
                "kernel_isolated": bool(execution.get("isolated", False)),
                # False: graded with --no-sandbox (the kernel could see the course and the network)
                "sandboxed": bool(execution.get("sandboxed", False)),
                "output_cut": [labels_of(graded_nb, i) for i in execution.get("output_cut", [])],
            }
        )
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def labels_of(nb: dict, index: int) -> str:
    """The label of cell `index` of a notebook: its grade_id, else 'cell N'."""
    cells = nb.get("cells", [])
    return (grade_id(cells[index]) or f"cell {index + 1}") if 0 <= index < len(cells) else "notebook"


def _code_cell_labels(nb: dict) -> list[str]:
    """Labels of the code cells a kernel executes (non-empty), in order: grade_id or 'cell N'."""
    labels = []
    for i, cell in enumerate(nb["cells"]):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") == "code" and src.strip():
            labels.append(grade_id(cell) or f"cell {i + 1}")
    return labels


def _runtime_findings(graded_nb: dict, events: list[dict], runtime_log: Path) -> list[dict]:
    findings = []
    for event in events:
        idx = event.get("cell_index", -1)
        cells = graded_nb["cells"]
        label = (grade_id(cells[idx]) or f"cell {idx + 1}") if 0 <= idx < len(cells) else "notebook"
        findings.append({"kind": event["kind"], "cell": label, "detail": event.get("detail", "")})
    if runtime_log.exists():
        labels = _code_cell_labels(graded_nb)
        for line in runtime_log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict):  # the kernel writes this file: anything may be in it
                continue
            n = int(entry.get("cell", 0))
            before = labels[n - 1] if 0 < n <= len(labels) else f"executed cell {n}"
            findings.append(
                {
                    "kind": "runtime_restore",
                    "cell": before,
                    "detail": f"{entry.get('restored')} had been replaced; put back before this cell",
                }
            )
    return findings


# --- the coordinator -------------------------------------------------------------------------------


@dataclass
class Submission:
    """One student's entry for one problem set, as found under submitted/."""

    student: str
    path: Path | None
    problem: str = ""  # why it cannot be graded (missing, wrong file name)
    timestamp: str | None = None


def find_submissions(course: Course, ps: ProblemSet, students: list[str] | None = None) -> list[Submission]:
    """Submissions under `submitted/<student>/<ps>/`, including the ones that cannot be graded."""
    wanted = students or course.students_submitted(ps)
    out = []
    for student in wanted:
        folder = course.submission_dir(ps, student)
        expected = folder / f"{ps.name}.ipynb"
        ts_file = folder / "timestamp.txt"
        ts = _timestamp(ts_file)
        if expected.is_file():
            out.append(Submission(student, expected, timestamp=ts))
            continue
        if not folder.is_dir():
            out.append(Submission(student, None, f"no submission folder submitted/{student}/{ps.name}/"))
            continue
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        if others:
            out.append(
                Submission(
                    student,
                    None,
                    f"wrong file name {', '.join(others)} (expected "
                    f"{ps.name}.ipynb): rename it, or bring it in with `course collect`",
                )
            )
        else:
            out.append(
                Submission(
                    student, None, f"missing notebook: submitted/{student}/{ps.name}/ has no {ps.name}.ipynb"
                )
            )
    return out


def _timestamp(path: Path) -> str | None:
    """The submission time `collect` wrote (a hand-placed file may hold anything: ignored then)."""
    import re

    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 200:
            return None
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    date = r"\d{4}-\d{2}-\d{2}[ T][\d:.]+(?: ?[A-Z]{2,5}|[+-]\d{2}:?\d{2})?"
    return text if re.fullmatch(date, text) else None


def grading_key(course: Course, ps: ProblemSet, template: Template, raw: bytes, mode: str) -> str:
    """What a result depends on: the submission, the assignment, the checks and the grader itself."""
    return sha256_bytes(
        raw,
        template.signature.encode(),
        grader_code_fingerprint(course.checks_dir.parent).encode(),
        grader_code_fingerprint(course.root / "utils").encode(),  # what the kernel imports
        mode.encode(),
        GRADER_VERSION.encode(),
    )


class Executor(Protocol):
    """What runs the grading tasks: `pool.ForkPool` (local) or `cluster.DaskExecutor`."""

    jobs: int

    def run(self, tasks: list) -> Iterator: ...  # yields pool.Outcome as tasks finish

    def shutdown(self) -> None: ...  # stop what is running (interruption)


@dataclass
class RunSummary:
    ps: ProblemSet
    rows: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.rows if r["status"] in statuses)

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.rows if r["status"] not in ("graded",)]

    def line(self) -> str:
        graded = self.count("graded")
        skipped = sum(1 for r in self.rows if r.get("skipped"))
        flagged = sum(1 for r in self.rows if r.get("tamper"))
        bad = len(self.failed)
        text = (
            f"{self.ps.name}: {len(self.rows)} submissions, {graded} graded, {bad} could not be graded, "
            f"{flagged} with tamper findings; {skipped} unchanged since the last run (skipped); "
            f"{self.seconds:.1f} s"
        )
        return text + (" — INTERRUPTED: run again to resume" if self.interrupted else "")


def _apply_to_gradebook(course: Course, ps: ProblemSet, result: dict) -> None:
    """Write one result into the course gradebook (auto scores, comments, flags), keeping manual scores."""
    from nbgrader.api import Gradebook, MissingEntry

    student = result["student"]
    with quiet_logs(), Gradebook(course.db_url, course.course_id()) as gb:
        gb.update_or_create_student(student)
        kwargs = {"timestamp": result["timestamp"]} if result.get("timestamp") else {}
        gb.update_or_create_submission(ps.name, student, **kwargs)
        nb_sub = gb.find_submission_notebook(ps.name, ps.name, student)
        for cell in result["cells"]:
            try:
                grade = gb.find_grade(cell["grade_id"], ps.name, ps.name, student)
            except MissingEntry:
                continue
            previous = grade.auto_score
            grade.auto_score = cell["points"]
            if grade.manual_score is None:
                grade.needs_manual_grade = cell["points"] is None
            else:  # a grader's score stands; ask for a second look only if the autograder changed its mind
                grade.needs_manual_grade = bool(grade.needs_manual_grade or previous != cell["points"])
            if cell["kind"] in ("written", "code_answer"):
                try:
                    comment = gb.find_comment(cell["grade_id"], ps.name, ps.name, student)
                    comment.auto_comment = cell.get("auto_comment")
                except MissingEntry:
                    pass
        nb_sub.late_submission_penalty = result.get("late_penalty")
        if result.get("tamper"):
            nb_sub.flagged = True
        gb.db.commit()


def store_result(course: Course, ps: ProblemSet, result: dict) -> dict:
    """Save a result under autograded/<student>/<ps>/ and into the gradebook; return its summary row."""
    out_dir = course.result_dir(ps, result["student"])
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = result.pop("notebook", None)
    nb_path = out_dir / f"{ps.name}.ipynb"
    if result["status"] == "graded" and notebook is not None:
        write_text_atomic(nb_path, notebook)
        _apply_to_gradebook(course, ps, result)
    elif nb_path.exists():
        nb_path.unlink()  # an older graded notebook no longer stands for this submission
    write_json(
        out_dir / TAMPER_FILE,
        {"student": result["student"], "ps": ps.name, "findings": result.get("tamper", [])},
    )
    result["graded_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    write_json(out_dir / RESULT_FILE, result)  # last: its presence marks the submission as done
    return summary_row(result)


def summary_row(result: dict, skipped: bool = False) -> dict:
    return {
        "student": result["student"],
        "status": result["status"],
        "reason": result.get("reason", ""),
        "score": result.get("score"),
        "max_score": result.get("max_score"),
        "manual_pending": [c["grade_id"] for c in result.get("cells", []) if c.get("points") is None],
        "tamper": tamper.summarize(result.get("tamper", [])),
        "sandboxed": result.get("sandboxed"),
        "seconds": result.get("seconds", 0.0),
        "skipped": skipped,
    }


def load_result(course: Course, ps: ProblemSet, student: str) -> dict | None:
    return read_json(course.result_dir(ps, student) / RESULT_FILE)


def autograde(
    course: Course,
    ps: ProblemSet,
    *,
    students: list[str] | None = None,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    cell_timeout: int | None = None,
    force: bool = False,
    mode: str = "quick",
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: bool = True,
    on_row: Callable[[dict], None] | None = None,
    executor: Executor | None = None,
    sandbox: bool = True,
) -> RunSummary:
    """Grade the submissions of `ps` (all of them, or `students`); see the module docstring.

    `executor` runs the grading tasks: by default a local `pool.ForkPool` of `jobs` processes; a
    `cluster.DaskExecutor` grades on a Dask cluster (`jobs` is then the cluster's). Either way the
    results come back here and are written by this process alone.

    `sandbox=False` (`--no-sandbox`) grades without the bubblewrap sandbox; with it (the default) a
    machine that cannot build the sandbox is refused with the reason and how to fix it.
    """
    from autograder import sandbox as sandbox_mod
    from autograder.pool import ForkPool, Task

    if sandbox:
        try:
            sandbox_mod.require()
        except sandbox_mod.SandboxUnavailable as exc:
            raise CourseError(f"cannot autograde: {exc}") from None

    started = time.monotonic()
    if cell_timeout is None:
        cell_timeout = int(course.nbgrader_config().Execute.get("timeout", 120) or 120)
    summary = RunSummary(ps)
    workdir = Path(tempfile.mkdtemp(prefix=f"course-autograde-{ps.short}-"))
    try:
        template = build_template(course, ps)
        tasks = []
        for sub in find_submissions(course, ps, students):
            if sub.path is None:
                summary.rows.append(_store_invalid(course, ps, sub.student, sub.problem))
                continue
            try:
                raw = tamper.read_submission(sub.path)  # bounded; no symlink followed
            except tamper.InvalidSubmission as exc:
                summary.rows.append(_store_invalid(course, ps, sub.student, str(exc)))
                continue
            key = grading_key(course, ps, template, raw, mode)
            previous = load_result(course, ps, sub.student)
            if (
                previous
                and not force
                and previous.get("key") == key
                and _still_valid(previous, timeout, cell_timeout)
            ):
                if previous["status"] == "graded" and not _in_gradebook(course, ps, sub.student):
                    _apply_to_gradebook(course, ps, previous)
                summary.rows.append(summary_row(previous, skipped=True))
                continue
            try:
                tamper.parse(raw)
            except tamper.InvalidSubmission as exc:
                summary.rows.append(_store_invalid(course, ps, sub.student, str(exc), key=key))
                continue
            task = GradeTask(
                course_root=str(course.root),
                ps_short=ps.short,
                ps_name=ps.name,
                student=sub.student,
                submission=str(sub.path),
                template=str(template.folder),
                cell_timeout=int(cell_timeout),
                mode=mode,
                single_thread=jobs > 1,
                key=key,
                timestamp=sub.timestamp,
                workdir=str(workdir),
                memory_mb=int(memory_mb or 0),
                sandbox=sandbox,
                cpu_seconds=int(2 * timeout + 60),
            )
            tasks.append(Task(sub.student, grade_one, (task,), timeout=timeout))

        pool = executor or ForkPool(jobs, workdir / "pool")
        # one BLAS thread per kernel only when kernels share cores
        concurrent = min(pool.jobs, len(tasks)) > 1
        for t in tasks:
            t.args[0].single_thread = concurrent
        bar = _progress(len(tasks), f"autograde {ps.short}", progress)
        seen: set[str] = set()
        try:
            for outcome in pool.run(tasks):
                task = outcome.task.args[0]
                if task.student in seen:  # an executor that delivered a submission twice: store it once
                    continue
                seen.add(task.student)
                if outcome.status == "ok":
                    result = outcome.result
                else:
                    result = {
                        "student": task.student,
                        "ps": ps.name,
                        "cells": [],
                        "tamper": [],
                        "key": task.key,
                        "seconds": outcome.seconds,
                        "timeout": timeout,
                        "status": "timeout" if outcome.status == "timeout" else "error",
                        "reason": outcome.reason,
                    }
                row = store_result(course, ps, result)
                summary.rows.append(row)
                if on_row:
                    on_row(row)
                bar.set_postfix_str(f"{row['student']}: {row['status']}", refresh=False)
                bar.update(1)
        except KeyboardInterrupt:
            pool.shutdown()
            summary.interrupted = True
        finally:
            bar.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    summary.rows.sort(key=lambda r: r["student"])
    summary.seconds = time.monotonic() - started
    return summary


def _store_invalid(course: Course, ps: ProblemSet, student: str, reason: str, key: str = "") -> dict:
    """Store an `invalid` result (a submission that cannot be graded, with the reason); its row."""
    result = {"student": student, "ps": ps.name, "status": "invalid", "reason": reason}
    result.update(cells=[], tamper=[])
    if key:
        result["key"] = key
    return store_result(course, ps, result)


def _still_valid(previous: dict, timeout: float, cell_timeout: int) -> bool:
    """A stored result stands unless it timed out under a shorter limit than asked for now."""
    if previous.get("status") == "timeout":
        return float(previous.get("timeout") or 0) >= timeout
    if previous.get("status") == "error":
        return False
    return True


def _in_gradebook(course: Course, ps: ProblemSet, student: str) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with quiet_logs(), Gradebook(course.db_url, course.course_id()) as gb:
        try:
            gb.find_submission(ps.name, student)
            return True
        except MissingEntry:
            return False


def _progress(total: int, desc: str, enabled: bool):
    import sys

    from tqdm.auto import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the coordinator forks
    return tqdm(
        total=total,
        desc=desc,
        unit="nb",
        disable=not enabled or total == 0,
        file=sys.stderr,
        dynamic_ncols=True,
        leave=False,
    )


__all__ = [
    "GradeTask",
    "Template",
    "RunSummary",
    "autograde",
    "build_template",
    "grade_one",
    "find_submissions",
    "store_result",
    "load_result",
]

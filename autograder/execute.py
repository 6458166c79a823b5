"""nbgrader's Execute step as the course runs it: `CourseExecute`.

The kernel runs in the sandbox (`autograder.sandbox`) with the course's environment; the hidden
tests' checks run here, in the grader, through the judge (`autograder.judge`), and the score of each
test cell is written from their verdicts (`_apply_verdicts`), never from what the kernel printed.
Output is capped per cell and per notebook; a dead or stuck kernel zeroes the cells it did not run
instead of abandoning the submission. `grade_one` (autograder.grading) configures it through
nbgrader's config (`config.CourseExecute.*`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Dict, Integer, List, Unicode

from autograder import isolation
from autograder.course import is_autograded_test

OUTPUT_CELL_CHARS = 2_000_000  # output kept per cell (plots are ~50-100 k characters each)
OUTPUT_NOTEBOOK_CHARS = 12_000_000  # output kept per notebook
OUTPUT_MESSAGE_BYTES = 32 * 1024 * 1024  # ZeroMQ drops a larger single message from the kernel


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
            ran = any(v.cell_index == index for v in self._judge.verdicts)
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
        """Execute the notebook as nbgrader's Execute does, with the course's additions: the judge's
        channel, the sandbox (or an isolating command prefix), a stopped kernel marked in the cells,
        the verdicts of hidden tests written into their cells, and an events file."""
        from nbclient import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self._chars_by_cell: dict[int, int] = {}
        self._chars_total = 0
        self._cut_cells: set[int] = set()
        self._sandbox = None
        env = dict(self.kernel_env)
        self._open_channel(env, resources)
        if self.sandbox_folder:
            env_for_launch, prefix = self._launch_in_sandbox(env, km), []
        else:
            prefix = isolation.kernel_prefix(int(self.memory_mb or 0))
            env_for_launch = self._launch_with_prefix(env, km, prefix)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        events: list[dict] = []
        timings: dict[str, float] = {}
        cells_done = self._run_kernel(resources, env_for_launch, events, timings)
        self._apply_verdicts()
        if cells_done is not None:
            timings["kernel_shutdown"] = time.monotonic() - cells_done
        self._note_unrecorded_timeouts(events)
        if self.events_file:
            self._write_events(events, timings, isolated=self._sandbox is not None or bool(prefix))
        return self.nb, self.resources

    def _open_channel(self, env: dict, resources) -> None:
        """Open the judge's socket (the hidden tests' checks run here; the kernel reaches them over it)
        and tell the kernel where it is (in `env`)."""
        from autograder import judge as judge_mod
        from autograder.in_kernel import CHANNEL_ENV

        channel_dir = Path(self.sandbox_folder or self.channel_folder)
        channel_dir.mkdir(parents=True, exist_ok=True)
        student = ((resources or {}).get("nbgrader") or {}).get("student")
        self._judge = judge_mod.Judge(channel_dir, student=str(student) if student else None)
        env[CHANNEL_ENV] = str(self._judge.path)

    def _launch_in_sandbox(self, env: dict, km) -> dict:
        """Start the kernel inside the sandbox (with its limits); the environment to launch it with."""
        from autograder import sandbox as sandbox_mod

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
        return {"PATH": "/usr/bin:/bin"}  # bwrap's own; the kernel's is set inside

    def _launch_with_prefix(self, env: dict, km, prefix: list[str]) -> dict:
        """Start the kernel behind the isolation command prefix (if any); the environment to launch it
        with."""
        self._memory_in_command = isolation.limits_in_prefix(prefix)
        if km is None:
            self.kernel_manager_class = self._manager_class(
                lambda argv: prefix + argv, message_interrupts=False
            )
        return env

    def _run_kernel(self, resources, env_for_launch: dict, events: list[dict],
                    timings: dict[str, float]) -> float | None:
        """Start the kernel, run every cell, shut it down; a kernel that stopped or hung is recorded in
        `events` and its cells. Returns when the cells were done (None if they were not)."""
        self._current = -1
        t0 = time.monotonic()
        cells_done = None
        kwargs: dict = {"env": env_for_launch} if env_for_launch else {}
        log = open(self.kernel_log, "ab") if self.kernel_log else None
        if log is not None:  # the kernel's own stdout/stderr (not the cells'): keep the console clean
            kwargs.update(stdout=log, stderr=log)
        try:
            with self.setup_kernel(**kwargs):
                self._start_kernel()
                timings["kernel_start"] = time.monotonic() - t0
                t1 = time.monotonic()
                self._run_cells(resources)
                timings["cells"] = time.monotonic() - t1
                cells_done = time.monotonic()
        except (DeadKernelError, CellTimeoutError, RuntimeError, TimeoutError) as exc:
            events.append(self._kernel_stopped(exc))
        finally:
            if log is not None:
                log.close()
            self._judge.close()
        return cells_done

    def _start_kernel(self) -> None:
        """Limit the new kernel's memory, wait until it answers, lock the sandbox, note its language."""
        self._limit_kernel_memory()
        info = self.wait_for_reply(self.kc.kernel_info())
        if self._sandbox is not None:
            self._sandbox.lock()  # sockets exist: the kernel may add no file any more
        self.nb.metadata["language_info"] = info["content"]["language_info"]

    def _run_cells(self, resources) -> None:
        """Run the cells in order (the judge knows which cell is running)."""
        for index, cell in enumerate(self.nb.cells):
            self._current = index
            self._judge.cell_index = index
            self.preprocess_cell(cell, resources, index)
        self._current = len(self.nb.cells)

    def _kernel_stopped(self, exc: BaseException) -> dict:
        """The kernel died or a cell could not be interrupted: mark the cell it stopped in and the cells
        not run; the event to record."""
        current = self._current
        died = isinstance(exc, DeadKernelError) or "died" in str(exc).lower()
        kind = "kernel_died" if died else "cell_timeout"
        detail = f"{type(exc).__name__}: {exc}"
        if current < 0 and self.kernel_log:  # it never started: say why (instructors only)
            detail += " | kernel log: " + _tail(Path(self.kernel_log))
        for index in range(max(current, 0), len(self.nb.cells)):
            cell = self.nb.cells[index]
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            ename, evalue = _stopped_error(died) if index == current else (
                "NotRun", "not run: the kernel had stopped before this cell")
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            cell.outputs.append(
                NotebookNode(
                    output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
                )
            )
        return {"kind": kind, "cell_index": current, "detail": detail}

    def _note_unrecorded_timeouts(self, events: list[dict]) -> None:
        """An event for each cell that timed out (and was interrupted) without an event of its own."""
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

    def _write_events(self, events: list[dict], timings: dict[str, float], *, isolated: bool) -> None:
        """Write what happened during the run (events, timings, isolation, verdicts) to `events_file`."""
        record = {
            "events": events,
            "timings": timings,
            "isolated": isolated,  # own PID namespace
            "sandboxed": self._sandbox is not None,
            "output_cut": sorted(self._cut_cells),
            "verdicts": [asdict(v) for v in self._judge.verdicts],
            "channel_problems": self._judge.problems,
        }
        Path(self.events_file).write_text(json.dumps(record), encoding="utf-8")


def _stopped_error(died: bool) -> tuple[str, str]:
    """The error shown in the cell the kernel stopped in: it died, or it hung past its time limit."""
    if died:
        return "KernelDied", ("the kernel stopped while running this cell (sys.exit, os._exit, a "
                              "crash or too much memory)")
    return "CellTimeoutError", "this cell ran past the time limit and could not be interrupted"


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

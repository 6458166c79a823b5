"""Measuring on a shared, noisy machine: summaries, interleaved comparisons, peak memory of a process tree.

Every figure is a `Summary` of repeated measurements (median, min, max, n). A comparison is never two
figures measured at different times: `interleave` runs the contenders round by round (A B, B A, …, the
order rotated each round so that drift favours no one) and each round's ratio is a measurement of its
own; the ratio reported is the median of those.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Summary:
    """Median, min and max of repeated measurements (`values` in the order they were taken)."""

    values: list[float]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else math.nan

    @property
    def min(self) -> float:
        return min(self.values) if self.values else math.nan

    @property
    def max(self) -> float:
        return max(self.values) if self.values else math.nan

    def as_dict(self) -> dict:
        return {"median": self.median, "min": self.min, "max": self.max, "n": self.n, "values": self.values}

    def fmt(self, unit: str = "", digits: int = 2, scale: float = 1.0) -> str:
        """`median (min–max, n=…)` with `digits` significant decimals."""
        if not self.values:
            return "n/a"
        f = f"{{:.{digits}f}}"
        med, lo, hi = (f.format(v * scale) for v in (self.median, self.min, self.max))
        u = f" {unit}" if unit else ""
        if self.n == 1:
            return f"{med}{u} (n=1)"
        return f"{med}{u} ({lo}–{hi}, n={self.n})"


def summarize(values: Sequence[float]) -> Summary:
    return Summary([float(v) for v in values])


@dataclass
class Comparison:
    """Contenders measured round by round; `samples[name]` holds one result dict per round."""

    names: list[str]
    samples: dict[str, list[dict]] = field(default_factory=dict)

    def metric(self, name: str, key: str = "seconds") -> Summary:
        return summarize([s[key] for s in self.samples[name] if s.get(key) is not None])

    def ratio(self, a: str, b: str, key: str = "seconds") -> Summary:
        """Per-round ratio a/b of `key` (rounds where either is missing are dropped)."""
        out = []
        for sa, sb in zip(self.samples[a], self.samples[b], strict=False):
            va, vb = sa.get(key), sb.get(key)
            if va is not None and vb not in (None, 0):
                out.append(va / vb)
        return summarize(out)


def interleave(
    contenders: Sequence[tuple[str, Callable[[], dict]]],
    rounds: int,
    on_result: Callable[[str, int, dict], None] | None = None,
    start: int = 0,
) -> Comparison:
    """Run every contender once per round, rotating the order each round (A B C, B C A, C A B, …),
    beginning with the rotation `start` (so that comparisons of one round each do not always run in the
    same order).

    Each callable returns a dict of measurements (at least "seconds").
    """
    names = [n for n, _ in contenders]
    comp = Comparison(names, {n: [] for n in names})
    k = len(contenders)
    for r in range(rounds):
        order = [contenders[(start + r + i) % k] for i in range(k)]
        for name, fn in order:
            result = fn()
            comp.samples[name].append(result)
            if on_result:
                on_result(name, r, result)
    return comp


def timed(fn: Callable[[], Any]) -> dict:
    """{"seconds": wall time of fn(), "value": its result}."""
    started = time.perf_counter()
    value = fn()
    return {"seconds": time.perf_counter() - started, "value": value}


# --- peak memory of a process tree ---------------------------------------------------------------


def _tree_memory(proc) -> int:
    """Memory of `proc` and all its descendants now, in bytes: PSS where the kernel gives it (shared pages
    of forked children counted once), else RSS."""
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            try:
                total += p.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


class TreeMonitor:
    """Samples the memory of a process and its descendants in a thread; `peak` in bytes."""

    def __init__(self, pid: int, interval: float = 0.25):
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_memory(self.proc))
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class CommandRun:
    """One command run to the end: wall time, peak memory of its process tree, exit code, output."""

    argv: list[str]
    seconds: float
    peak_bytes: int
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 15) -> str:
        text = (self.stdout + "\n" + self.stderr).strip().splitlines()
        return "\n".join(text[-lines:])


def run_command(
    argv: Sequence[str],
    *,
    cwd: str | os.PathLike | None = None,
    env: dict | None = None,
    timeout: float | None = None,
    interval: float = 0.25,
) -> CommandRun:
    """Run `argv`, measuring its wall time and the peak memory of its whole process tree (kernels
    included). A command past `timeout` is killed with its tree and reported with returncode -9.

    Sampling costs CPU that the measured command may need (PSS of a process with PyTorch loaded: ~6 ms
    of kernel time per process per sample), hence 4 samples a second: memory peaks of notebooks last
    seconds."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    with TreeMonitor(proc.pid, interval) as mon:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                for child in psutil.Process(proc.pid).children(recursive=True):
                    child.kill()
            except psutil.Error:
                pass
            proc.kill()
            out, err = proc.communicate()
            err += f"\n[benchmarks] killed after {timeout} s"
    seconds = time.perf_counter() - started
    return CommandRun(list(argv), seconds, mon.peak, proc.returncode, out, err)


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None

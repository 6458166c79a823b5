"""What the sandbox and the judge cost: starting a process in the bubblewrap sandbox, and one call of a
student function through the grader's channel (autograder/sandbox.py, autograder/judge/).

- sandbox start: `/bin/true` run plainly and inside the sandbox (bwrap + setpriv + prlimit), median of
  `reps` runs each; the difference is what every grading kernel pays once;
- channel: a trivial student function called from a check, locally and through the channel (the
  kernel's side in this process over a socket pair, exactly the codec and proxies a grading kernel
  uses), median time per call; and one round trip of a 784×100 float64 array (a weight matrix).
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time

import numpy as np


def sandbox_start(reps: int = 20) -> dict | None:
    from autograder import sandbox

    if not sandbox.available():
        return None
    box = sandbox.Sandbox(folder=None, python_prefixes=sandbox.python_prefixes(sys.executable))

    def timed(argv: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(argv, check=True)
        return time.perf_counter() - t0

    plain = [timed(["/bin/true"]) for _ in range(reps)]
    boxed = [timed(box.wrap(["/bin/true"], {"PATH": "/usr/bin"})) for _ in range(reps)]
    return {
        "plain_ms": 1000 * statistics.median(plain),
        "sandboxed_ms": 1000 * statistics.median(boxed),
        "reps": reps,
    }


def channel_call(calls: int = 2000) -> dict:
    from autograder import judge
    from autograder.in_kernel import serve, wire

    def student(x):
        return x

    kernel_end, grader_end = socket.socketpair()
    session = serve._Session(kernel_end)
    payload, blobs = session.encode({"args": [student], "kwargs": {}})
    wire.send_message(kernel_end, {"op": "check", "ps": "-", "check": "-", "value": payload}, blobs)
    header, blobs = wire.recv_message(grader_end)
    channel = judge.Channel(grader_end)
    channel.deadline = time.monotonic() + 3600
    remote = channel.decode(header["value"], blobs)["args"][0]
    server = threading.Thread(target=session.serve, daemon=True)
    server.start()

    def per_call(fn, arg, n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            fn(arg)
        return (time.perf_counter() - t0) / n

    local = statistics.median(per_call(student, 1.0, calls) for _ in range(3))
    remote_scalar = statistics.median(per_call(remote, 1.0, calls) for _ in range(3))
    weights = np.random.default_rng(0).normal(size=(784, 100))
    remote_array = statistics.median(per_call(remote, weights, max(1, calls // 20)) for _ in range(3))
    wire.send_message(grader_end, {"op": "verdict", "passed": True}, [])
    server.join(timeout=10)
    kernel_end.close()
    grader_end.close()
    return {
        "local_us": 1e6 * local,
        "remote_us": 1e6 * remote_scalar,
        "array_784x100_us": 1e6 * remote_array,
        "calls": calls,
    }


def measure(reps: int = 20, calls: int = 2000) -> dict:
    return {"sandbox": sandbox_start(reps), "channel": channel_call(calls)}


def section(value: dict) -> list[str]:
    """Markdown lines for RESULTS.md."""
    lines = []
    box = value.get("sandbox")
    if box:
        lines.append(
            "- **Sandbox start** (`/bin/true` inside bubblewrap + setpriv + prlimit, median of "
            f"{box['reps']}): "
            f"{box['sandboxed_ms']:.1f} ms, against {box['plain_ms']:.1f} ms plainly: "
            f"{box['sandboxed_ms'] - box['plain_ms']:.1f} ms more per grading kernel."
        )
    else:
        lines.append("- **Sandbox start**: not measured (the sandbox is not available on this machine).")
    ch = value["channel"]
    lines.append(
        f"- **Channel** (a check calling a student function through the judge's socket, median of "
        f"{ch['calls']} calls): {ch['remote_us']:.0f} µs per call with a float argument, "
        f"{ch['array_784x100_us']:.0f} µs with a 784×100 float64 array (sent and returned), against "
        f"{ch['local_us']:.2f} µs for a local call."
    )
    return lines


if __name__ == "__main__":
    result = measure()
    print("\n".join(section(result)))

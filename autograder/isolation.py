"""Grading kernels in their own PID namespace, so student code cannot signal the grader.

A kernel runs as the grader's user, so without this a cell could kill its grading process, the
coordinator (`os.kill(os.getppid(), 9)` and up the tree, or any pid read from /proc), or — as root —
every process of the machine (`os.kill(-1, 9)`), and stop everyone else's grading. Started as
`unshare --pid --fork --kill-child <kernel command>`, the kernel is process 1 of a fresh PID
namespace: its parent shows as pid 0, the pids it can signal are only its own descendants (a pid read
from /proc names nothing there, and `kill(-1)` reaches only the namespace), and when it dies every
process it started dies with it. Signals from the grader (interrupt on a cell timeout, kill on
shutdown) still reach it: the kernel is in the process group the grader signals, and it installs a
SIGINT handler.

`unshare` needs CAP_SYS_ADMIN (root, as the grading machine and CI run) or unprivileged user
namespaces; `kernel_prefix()` probes once and returns [] where it is refused, and the grader then
records in each result that its kernel ran without this isolation.

The memory limit (`--memory`) is applied in the same command with `prlimit --as`, so it holds from
the kernel's first instruction (a limit set on a running process is not inherited by a process it
forked before).
"""

from __future__ import annotations

import functools
import shutil
import subprocess

UNSHARE_ARGS = ("--pid", "--fork", "--kill-child")


@functools.cache
def unshare_command() -> tuple[str, ...]:
    """`[setpriv --pdeathsig KILL] unshare --pid --fork --kill-child` if this machine lets us use it,
    else (). `setpriv` makes `unshare` die with the grading process that started it (and `--kill-child`
    then takes the kernel along): a kernel in its own namespace cannot see its parent go, so nothing
    else would end it when a grading process or a Dask worker is killed."""
    exe = shutil.which("unshare")
    if not exe:
        return ()
    command = (exe, *UNSHARE_ARGS)
    setpriv = shutil.which("setpriv")
    if setpriv:
        command = (setpriv, "--pdeathsig", "KILL", *command)
    try:
        probe = subprocess.run([*command, "sh", "-c", "test $$ -eq 1"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ()
    return command if probe.returncode == 0 else ()


def available() -> bool:
    """Whether grading kernels get their own PID namespace here."""
    return bool(unshare_command())


def kernel_prefix(memory_mb: int = 0) -> list[str]:
    """The words to put before a kernel's command: the PID namespace and, when asked and possible,
    the address-space limit. [] when the namespace is not available."""
    prefix = list(unshare_command())
    if prefix and memory_mb > 0:
        prlimit = shutil.which("prlimit")
        if prlimit:
            limit = int(memory_mb) * 1024 * 1024
            prefix += [prlimit, f"--as={limit}:{limit}"]
    return prefix


def limits_in_prefix(prefix: list[str]) -> bool:
    """Whether `prefix` already sets the memory limit (so it need not be set after start)."""
    return any(word.startswith("--as=") for word in prefix)

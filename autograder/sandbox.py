"""The sandbox every grading kernel runs in: bubblewrap, an unprivileged uid, nothing of the course.

A kernel started by `course` (autograde, validate, demo; local pool and Dask workers alike) runs as

    bwrap <namespaces> <filesystem> --clearenv <allow-listed env> \
        setpriv <unprivileged uid, no capabilities> prlimit <limits> python -m ipykernel_launcher -f ...

- **Namespaces**: new PID, IPC, UTS, network, mount (and cgroup where possible); `--die-with-parent`, so
  the sandbox ends with the grading process, and with it every process student code started (when the
  PID namespace's first process exits, the kernel kills the rest).
- **Filesystem**: read-only system folders (`/usr` and the merged-usr links, a few `/etc` files), the
  read-only Python installation and virtual environment, the read-only packages a kernel needs
  (`utils`, and the kernel-side files of `autograder`), read-only datasets, a private `/proc`, `/dev`,
  and size-capped tmpfs folders (`/tmp`, the home folder, which is also the working directory). The one
  host folder it can write is this submission's sandbox folder, where its connection sockets live; the
  grader takes the folder back (owner root, mode 0755) once the kernel has started, so afterwards the
  kernel can only write its runtime log there (the file already exists), within the file-size limit.
  Nothing else of the course exists inside: not `source/`, not any gradebook, template, submission or
  result.
- **User**: as root (the grading machine, CI) the kernel runs as a uid of its own (`UID_BASE` + the
  grading process's pid modulo `UID_SPAN`: not root, not the grader's, so per-user limits are per kernel)
  with every capability dropped and `no_new_privs`. As an ordinary user, bwrap needs unprivileged user
  namespaces and maps the kernel to `nobody` inside; outside it is then the grader's own uid, confined by
  the namespaces and mounts (documented in docs/grading.md).
- **Environment**: built from an allow-list (`kernel.kernel_env`), nothing inherited.
- **Limits** (`Limits`): address space, file size, processes (threads count), CPU time, open files,
  no core dumps, and the tmpfs sizes. Output is capped by the grader (`execute.CourseExecute`).
- **Connection**: Unix domain sockets in the sandbox folder (jupyter_client's `ipc` transport), since the
  network namespace shares no loopback with the grader; interrupts are sent as messages (a signal to
  the process group would reach bubblewrap, not the kernel).

`available()` probes once whether this machine can build it. Where it cannot (no `bwrap`, user
namespaces refused, macOS), `course autograde` refuses unless `--no-sandbox` is given.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

UID_BASE = 100_000  # kernels' uids: UID_BASE .. UID_BASE + UID_SPAN - 1 (no such users on the host)
UID_SPAN = 50_000
HOME = "/home/student"  # the kernel's home and working directory (tmpfs)
IPYTHON_DIR = f"{HOME}/.ipython"  # IPYTHONDIR inside; its profile is the grader's, read-only
# The kernel-side files of the `autograder` package: what a hidden cell imports (`run_check` and what it
# loads). Everything else of the package (the `course` command, grading, feedback, ...) stays outside.
KERNEL_SIDE = ("__init__.py", "in_kernel")
# (in_kernel/ is the channel's kernel end and the arming for the tamper report. No check code: every
# check runs in the grader.)
# /etc entries a Python kernel reads (dynamic linker, name service, time zone, fonts).
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "nsswitch.conf",
    "localtime",
    "hosts",
    "fonts",
    "mime.types",
)
INSTALL_HINT = (
    "the grading sandbox needs bubblewrap: install it (Debian/Ubuntu: `apt-get install bubblewrap`, "
    "Fedora: `dnf install bubblewrap`) and run as root or with unprivileged user namespaces enabled; "
    "on a machine where that is impossible, `--no-sandbox` grades without it (results are marked "
    "unsandboxed)"
)


class SandboxUnavailable(RuntimeError):
    """This machine cannot build the sandbox (the message says why and how to get it)."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (all processes it starts share the uid's process count)."""

    memory_mb: int = 4096  # RLIMIT_AS of each process
    file_mb: int = 256  # RLIMIT_FSIZE: the largest file it may write
    processes: int = 256  # RLIMIT_NPROC: processes and threads of the kernel's uid (a kernel uses ~10)
    cpu_seconds: int = 1800  # RLIMIT_CPU of each process
    open_files: int = 1024  # RLIMIT_NOFILE
    tmp_mb: int = 512  # size of /tmp (tmpfs)
    home_mb: int = 512  # size of the home and working folder (tmpfs)

    def prlimit_args(self) -> list[str]:
        mb = 1024 * 1024
        args = [
            f"--fsize={self.file_mb * mb}",
            f"--nproc={self.processes}",
            f"--cpu={self.cpu_seconds}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]
        if self.memory_mb > 0:
            args.insert(0, f"--as={self.memory_mb * mb}")
        return args


@functools.cache
def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@functools.cache
def _probe() -> str:
    """'' when a sandbox can be built here, else the reason it cannot."""
    if sys.platform != "linux":
        return f"bubblewrap sandboxes need Linux (this is {sys.platform})"
    exe = bwrap_path()
    if not exe:
        return "`bwrap` (bubblewrap) is not installed"
    for tool in ("setpriv", "prlimit"):
        if running_as_root() and not shutil.which(tool):
            return f"`{tool}` (util-linux) is not installed"
    probe = Sandbox(folder=None, readonly=(), python_prefixes=())
    try:
        done = subprocess.run(
            probe.wrap(["/bin/sh", "-c", "test $$ -gt 0 && test ! -e /root/.bashrc"], env={}),
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap could not run: {exc}"
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        return "bwrap refused to build the sandbox" + (f" ({detail[-1]})" if detail else "")
    return ""


def available() -> bool:
    """Whether grading kernels can run in the sandbox on this machine."""
    return not _probe()


def require() -> None:
    """Raise `SandboxUnavailable` (with the reason and how to fix it) unless `available()`."""
    reason = _probe()
    if reason:
        raise SandboxUnavailable(f"{reason}; {INSTALL_HINT}")


@functools.cache
def python_prefixes(python: str) -> tuple[str, ...]:
    """The folders a Python interpreter runs from: its environment and the installation behind it."""
    try:
        out = subprocess.run(
            [python, "-I", "-c", "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix]))"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        prefixes = json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        prefixes = [sys.prefix, sys.base_prefix]
    real = [str(Path(p).resolve()) for p in prefixes]
    return tuple(dict.fromkeys([*prefixes, *real]))


def kernel_uid() -> int:
    """The uid of the kernels this process starts (root only): one of its own per grading process."""
    return UID_BASE + os.getpid() % UID_SPAN


def course_readonly(root: Path, data_dir: Path | None = None) -> list[Path]:
    """What a kernel may read of the course: `utils`, the kernel-side `autograder` files, the datasets
    (and what the dataset cache's symlinks point to). The packages are the course's own copies when
    it has them (a kernel's PYTHONPATH starts at the course root), else the installed ones."""
    utils_dir, grader_dir = _package_dirs(root)
    paths = [utils_dir]
    paths += [grader_dir / name for name in KERNEL_SIDE]
    data = data_dir or root / "data"
    if data.is_dir():
        paths.append(data)
        for link in data.rglob("*"):
            if link.is_symlink():
                target = link.resolve()
                if target.exists():
                    paths.append(target)
    return [p for p in paths if p.exists()]


def _package_dirs(root: Path) -> tuple[Path, Path]:
    import autograder
    import utils

    mine = root / "utils", root / "autograder"
    installed = Path(utils.__file__).resolve().parent, Path(autograder.__file__).resolve().parent
    return tuple(m if m.is_dir() else i for m, i in zip(mine, installed, strict=True))  # type: ignore[return-value]


@dataclass
class Sandbox:
    """One kernel's sandbox: what it may read, the one host folder it may write, its limits."""

    folder: Path | None  # the submission's sandbox folder (host; connection files, runtime log)
    readonly: tuple[Path, ...] | list[Path] = ()
    python_prefixes: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    uid: int = field(default_factory=kernel_uid)

    def wrap(self, argv: list[str], env: dict[str, str]) -> list[str]:
        """The command that runs `argv` inside the sandbox with exactly the environment `env`."""
        exe = bwrap_path() or "bwrap"
        cmd = [
            exe,
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-net",
            "--unshare-cgroup-try",
            "--die-with-parent",
            "--hostname",
            "sandbox",
        ]
        if not running_as_root():
            cmd += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
        made: set[str] = {"/"}
        cmd += _system_mounts(made)
        cmd += ["--proc", "/proc", "--dev", "/dev"]
        # tmpfs folders first: the read-only binds below may lie under /tmp (a course copy in tests)
        cmd += ["--perms", "1777", "--size", str(self.limits.tmp_mb << 20), "--tmpfs", "/tmp"]
        made.add("/tmp")
        cmd += _dirs(Path(HOME).parent, made)
        cmd += ["--perms", "1777", "--size", str(self.limits.home_mb << 20), "--tmpfs", HOME]
        made.add(HOME)
        for prefix in self.python_prefixes:
            cmd += _bind(Path(prefix), made)
        for path in self.readonly:
            cmd += _bind(Path(path), made)
        if self.folder is not None:
            cmd += _dirs(self.folder.parent, made) + ["--bind", str(self.folder), str(self.folder)]
            made.add(str(self.folder))
            cmd += ["--ro-bind", str(self.folder / ".passwd"), "/etc/passwd"]
            cmd += ["--ro-bind", str(self.folder / ".group"), "/etc/group"]
            profile = self.folder / "ipython" / "profile_default"
            if profile.is_dir():  # IPython needs a writable IPYTHONDIR; the profile in it stays read-only
                cmd += ["--perms", "1777", "--dir", IPYTHON_DIR]
                cmd += ["--ro-bind", str(profile), f"{IPYTHON_DIR}/profile_default"]
        cmd += ["--chdir", HOME, "--clearenv"]
        for key, value in sorted(env.items()):
            cmd += ["--setenv", key, value]
        if running_as_root():
            cmd += [
                shutil.which("setpriv") or "setpriv",
                f"--reuid={self.uid}",
                f"--regid={self.uid}",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--no-new-privs",
                "--",
            ]
            cmd += [shutil.which("prlimit") or "prlimit", *self.limits.prlimit_args(), "--"]
        elif shutil.which("prlimit"):
            cmd += [shutil.which("prlimit"), *self.limits.prlimit_args(), "--"]
        return cmd + list(argv)

    def prepare(self) -> None:
        """Create the sandbox folder, writable by the kernel's uid until `lock()`."""
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        uid = self.uid if running_as_root() else 65534  # (as an ordinary user: nobody, inside)
        (self.folder / ".passwd").write_text(
            f"root:x:0:0:root:/root:/usr/sbin/nologin\nstudent:x:{uid}:{uid}:student:{HOME}:/bin/sh\n",
            encoding="utf-8",
        )
        (self.folder / ".group").write_text(f"root:x:0:\nstudent:x:{uid}:\n", encoding="utf-8")
        if running_as_root():
            os.chown(self.folder, self.uid, self.uid)
            os.chmod(self.folder, 0o700)

    def give(self, path: Path) -> Path:
        """A file in the sandbox folder that the kernel may write (after `lock()` too)."""
        assert self.folder is not None
        path.touch()
        if running_as_root():
            os.chown(path, self.uid, self.uid)
        return path

    def lock(self) -> None:
        """Take the folder back once the kernel has created its sockets: it can add no file any more."""
        if self.folder is None or not running_as_root():
            return
        try:
            os.chown(self.folder, 0, 0)
            os.chmod(self.folder, 0o755)
        except OSError:
            pass


def _dirs(path: Path, made: set[str]) -> list[str]:
    """`--dir` for `path` and every ancestor not made yet, each mode 0755 (bwrap would otherwise copy
    the host's mode, e.g. 0700 for /root, and the unprivileged kernel could not traverse it)."""
    args: list[str] = []
    for part in [*reversed(path.parents), path]:
        key = str(part)
        if key in made:
            continue
        made.add(key)
        args += ["--perms", "0755", "--dir", key]
    return args


def _bind(path: Path, made: set[str], *, writable: bool = False) -> list[str]:
    if not path.exists() or str(path) in made:
        return []
    args = _dirs(path.parent, made)
    made.add(str(path))
    return [*args, "--bind" if writable else "--ro-bind", str(path), str(path)]


def _system_mounts(made: set[str]) -> list[str]:
    """Read-only /usr (and /bin, /lib, ... as links or binds, as on the host) and a few /etc files."""
    args: list[str] = []
    args += _bind(Path("/usr"), made)
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
            made.add(str(host))
        elif host.is_dir():
            args += _bind(host, made)
    args += _dirs(Path("/etc"), made)
    for name in ETC_FILES:
        args += _bind(Path("/etc") / name, made)
    return args


def describe() -> str:
    """One line for humans: whether the sandbox is available here and why not."""
    reason = _probe()
    return "bubblewrap sandbox: available" if not reason else f"bubblewrap sandbox: NOT available ({reason})"

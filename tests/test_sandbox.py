"""The grading sandbox (autograder/sandbox.py): what a kernel's process sees and may do.

Each test runs a small Python program inside the same sandbox a grading kernel gets (the course's
real read-only paths, an allow-listed environment, the limits) and asserts on what it reports.
On CI (`SANDBOX_REQUIRED=1`, set by .ci/run) a machine without the sandbox fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from autograder import kernel, sandbox
from autograder.problemsets import REPO

if not sandbox.available():
    if os.environ.get("SANDBOX_REQUIRED"):
        pytest.fail(sandbox.describe(), pytrace=False)
    pytest.skip(sandbox.describe(), allow_module_level=True)

SECRET = "grader-secret-6d1f"


def run_inside(tmp_path: Path, code: str, limits: sandbox.Limits | None = None) -> dict:
    """Run `code` (which must print one JSON line last) in a kernel's sandbox; return that JSON."""
    box = sandbox.Sandbox(
        folder=tmp_path / "box",
        readonly=sandbox.course_readonly(REPO),
        python_prefixes=sandbox.python_prefixes(sys.executable),
        limits=limits or sandbox.Limits(),
    )
    box.prepare()
    env = kernel.kernel_env(
        mode="quick",
        ipython_dir=sandbox.IPYTHON_DIR,
        python_path=str(REPO),
        single_thread=True,
        home=sandbox.HOME,
        base={**os.environ, "LMS_TOKEN": SECRET},
    )
    done = subprocess.run(
        box.wrap([sys.executable, "-c", textwrap.dedent(code)], env),
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "LMS_TOKEN": SECRET},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_kernel_sees_only_its_libraries_and_no_course_file(tmp_path):
    seen = run_inside(
        tmp_path,
        f"""
        import json, os
        root = {str(REPO)!r}
        print(json.dumps({{
            "root": sorted(os.listdir("/")),
            "course": sorted(os.listdir(root)),
            "autograder": sorted(os.listdir(os.path.join(root, "autograder"))),
            "checks": os.path.exists(os.path.join(root, "autograder", "checks")),
            "checklib": os.path.exists(os.path.join(root, "autograder", "checklib.py")),
            "source": os.path.exists(os.path.join(root, "source")),
            "gradebook": os.path.exists(os.path.join(root, "gradebook.db")),
            "home": os.path.expanduser("~"), "cwd": os.getcwd(),
        }}))
        """,
    )
    venv = [".venv"] if Path(sys.prefix).parent == REPO else []  # the read-only environment itself
    assert seen["course"] == sorted([*venv, "autograder", "data", "utils"]), seen["course"]
    assert set(seen["autograder"]) == set(sandbox.KERNEL_SIDE), seen["autograder"]
    assert not seen["checks"] and not seen["checklib"]  # no check code at all: the grader runs every check
    assert not seen["source"] and not seen["gradebook"]
    assert "root" not in seen["root"] or seen["root"].count("root") == 1  # only as a parent of Python
    assert seen["home"] == sandbox.HOME == seen["cwd"]


def test_the_kernel_is_unprivileged_and_alone(tmp_path):
    seen = run_inside(
        tmp_path,
        """
        import json, os
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        caps = [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1]
        print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "pids": pids, "caps": caps,
                          "hostname": os.uname().nodename}))
        """,
    )
    assert seen["uid"] != 0 and seen["uid"] != os.getuid() or not sandbox.running_as_root()
    assert seen["uid"] != 0 and seen["gid"] != 0
    assert int(seen["caps"], 16) == 0
    assert len(seen["pids"]) <= 3, seen["pids"]  # bubblewrap's init, the program (and maybe a helper)
    assert seen["hostname"] == "sandbox"


def test_the_kernel_has_no_network_and_no_secret(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted: list[object] = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        seen = run_inside(
            tmp_path,
            f"""
            import json, os, socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=3)
                reached = True
            except OSError:
                reached = False
            readable = [f"/proc/{{p}}/environ" for p in os.listdir("/proc") if p.isdigit()]
            environ = [open(f, "rb").read().decode("latin-1") for f in readable if os.access(f, os.R_OK)]
            print(json.dumps({{"reached": reached, "env": dict(os.environ), "proc_env": environ}}))
            """,
        )
    finally:
        server.close()
    assert not seen["reached"] and not accepted
    assert SECRET not in json.dumps(seen)
    assert set(seen["env"]) <= {
        *kernel.THREAD_VARS,
        *kernel.PASSED_THROUGH,
        "COURSE_MODE", "MPLBACKEND", "IPYTHONDIR", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE",
        "PYDEVD_DISABLE_FILE_VALIDATION", "PATH", "HOME", "TMPDIR", "MPLCONFIGDIR", "LANG", "LC_ALL",
        "USER", "LOGNAME", "PWD", "LC_CTYPE",
    }, seen["env"]


def test_the_kernel_writes_only_its_folder_and_tmpfs(tmp_path):
    seen = run_inside(
        tmp_path,
        f"""
        import json, os
        def can_write(path):
            try:
                with open(path, "w") as f:
                    f.write("x")
                return True
            except OSError:
                return False
        print(json.dumps({{
            "utils": can_write({str(REPO / "utils" / "zz_sandbox_probe.py")!r}),
            "checks": can_write({str(REPO / "autograder" / "checks" / "zz_sandbox_probe.py")!r}),
            "usr": can_write("/usr/zz_sandbox_probe"),
            "home": can_write("zz_probe"), "tmp": can_write("/tmp/zz_probe"),
            "folder": can_write({str(tmp_path / "box" / "zz_probe")!r}),
        }}))
        """,
    )
    assert seen == {"utils": False, "checks": False, "usr": False, "home": True, "tmp": True, "folder": True}
    assert not (REPO / "utils" / "zz_sandbox_probe.py").exists()


def test_locked_folder_takes_no_new_file(tmp_path):
    if not sandbox.running_as_root():
        pytest.skip("the folder is taken back by changing its owner, which needs root")
    box = sandbox.Sandbox(folder=tmp_path / "box", python_prefixes=sandbox.python_prefixes(sys.executable))
    box.prepare()
    log = box.give(box.folder / "runtime.jsonl")
    box.lock()
    code = f"""
import os
open({str(log)!r}, "a").write("still writable")
try:
    open({str(box.folder / "new")!r}, "w")
    print("created")
except OSError:
    print("refused")
"""
    command = box.wrap([sys.executable, "-c", code], {"PATH": "/usr/bin"})
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.stdout.strip() == "refused", done.stdout + done.stderr
    assert log.read_text() == "still writable"


def test_limits_hold(tmp_path):
    seen = run_inside(
        tmp_path,
        """
        import json, resource
        names = ("RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NPROC", "RLIMIT_CPU", "RLIMIT_CORE")
        print(json.dumps({name: resource.getrlimit(getattr(resource, name))[0] for name in names}))
        """,
        limits=sandbox.Limits(memory_mb=2048, file_mb=8, processes=64, cpu_seconds=30),
    )
    assert seen == {
        "RLIMIT_AS": 2048 << 20,
        "RLIMIT_FSIZE": 8 << 20,
        "RLIMIT_NPROC": 64,
        "RLIMIT_CPU": 30,
        "RLIMIT_CORE": 0,
    }


def test_refusal_names_the_way_out(monkeypatch):
    monkeypatch.setattr(sandbox, "_probe", lambda: "`bwrap` (bubblewrap) is not installed")
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap.*--no-sandbox"):
        sandbox.require()


def test_plain_nbgrader_autograde_refuses_and_names_course_autograde(tmp_path):
    """`nbgrader autograde` (and so the formgrader's Autograde button) would grade without the sandbox."""
    from autograder import corpus
    from tests.course_helpers import course_cmd, course_copy, submit

    course = course_copy(tmp_path / "course", keep=set())
    course_cmd("release", "ps0", root=course.root, check=True)
    ps = course.resolve(["ps0"])[0]
    submit(course, ps, [v for v in corpus.load_variants(ps.corpus) if v.name == "reference"])
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ps.name, "--student", "reference"],
        capture_output=True,
        text=True,
        cwd=course.root,
        timeout=300,
    )
    assert done.returncode != 0
    assert "course autograde" in done.stdout + done.stderr
    assert not (course.root / "autograded" / "reference" / ps.name / f"{ps.name}.ipynb").exists()

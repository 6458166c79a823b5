"""A JupyterLab server for the browser test, and the processes it leaves to clean up.

The server runs from the interpreter running the tests (the course's venv), listens on 127.0.0.1 with
a random token, serves a temporary root, and reads its Jupyter configuration from a temporary
folder (`JUPYTER_CONFIG_DIR`): nothing global is read or changed. That configuration is a student's:
nbgrader's validate/assignment-list extensions stay on (they are enabled in the venv), formgrader
and create-assignment are off, no news or update checks, every notebook cell attached to the DOM.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

STUDENT_PAGE_CONFIG = {
    # What nbgrader's docs tell instructors to disable for students.
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
    }
}
SERVER_CONFIG = {
    "ServerApp": {
        "jpserver_extensions": {"nbgrader.server_extensions.formgrader": False, "jupyter_lsp": False},
        "terminals_enabled": False,
    },
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
        # window.jupyterapp: the test reads cell metadata (grade_id) and kernel state from it.
        "expose_app_in_browser": True,
    },
}
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Every cell in the DOM, so the page text is the whole notebook (no virtualised cells).
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(config_dir: Path) -> None:
    """A student's Jupyter configuration in `config_dir` (used as JUPYTER_CONFIG_DIR)."""
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps(STUDENT_PAGE_CONFIG))
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG))
    for plugin, values in USER_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@dataclass
class ProcessLedger:
    """Every process the test started (and their children): ended by pid at the end, never by name."""

    procs: dict[int, psutil.Process] = field(default_factory=dict)

    def add(self, pid: int) -> None:
        with suppress(psutil.Error):
            proc = psutil.Process(pid)
            self.procs.setdefault(pid, proc)

    def add_tree(self, pid: int) -> None:
        """`pid` and all its current descendants."""
        self.add(pid)
        with suppress(psutil.Error):
            for child in psutil.Process(pid).children(recursive=True):
                self.add(child.pid)

    def alive(self) -> list[psutil.Process]:
        # is_running() also compares the creation time: a reused pid is not ours.
        out = []
        for p in self.procs.values():
            with suppress(psutil.Error):
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    out.append(p)
        return out

    def end_all(self, grace: float = 5.0) -> list[str]:
        """Terminate, then kill, whatever is still running, children first recorded so that none
        escapes to init. Returns what had to be ended."""
        for p in self.alive():
            self.add_tree(p.pid)
        left = self.alive()
        ended = []
        for p in left:
            with suppress(psutil.Error):
                ended.append(f"{p.pid} {' '.join(p.cmdline()[:3])[:120]}")
        for p in left:
            with suppress(psutil.Error):
                p.terminate()
        _, still = psutil.wait_procs(left, timeout=grace)
        for p in still:
            with suppress(psutil.Error):
                p.kill()
        psutil.wait_procs(still, timeout=grace)
        return ended


class LabServer:
    """`jupyter lab` on loopback: start with `start()`, end with `stop()` (graceful, then by pid)."""

    def __init__(self, root: Path, home: Path, ledger: ProcessLedger, env: dict[str, str] | None = None):
        self.root = Path(root)
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.ledger = ledger
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / "jupyterlab.log"
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self._log = None

    # --- lifecycle -------------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "JPY_", "IPYTHON", "PYTEST", "COV_")) and k != "MPLBACKEND"}
        config = self.home / "config"
        write_config(config)
        env.update(
            JUPYTER_CONFIG_DIR=str(config),
            JUPYTER_DATA_DIR=str(self.home / "data"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60.0) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the server process (returns at once; `wait_ready` waits for it to answer)."""
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # CI and these machines run as root
        log = open(self.log_path, "wb")
        self._log = log
        # cwd = the root: nbgrader's Validate reads nbgrader_config.py from the server's cwd, and a
        # student's folder has none.
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.environment(), stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.ledger.add(self.proc.pid)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}")
            with suppress(OSError, urllib.error.URLError):
                if self.api("GET", "/api/status", timeout=2) is not None:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"jupyter lab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Shut the server down through its API (it ends its kernels), then make sure by pid."""
        if self.proc is None:
            return
        self.ledger.add_tree(self.proc.pid)  # the kernels it started
        if self.proc.poll() is None:
            with suppress(OSError, urllib.error.URLError, ValueError):
                self.api("POST", "/api/shutdown", timeout=5)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
        if self._log:
            self._log.close()

    def log_tail(self, n: int = 40) -> str:
        with suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        return ""

    # --- REST ------------------------------------------------------------------------------------

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else {}

    def notebook_url(self, path: str, workspace: str | None = None) -> str:
        """The JupyterLab URL opening `path`; a named workspace keeps other tabs out of it."""
        from urllib.parse import quote

        ws = f"/workspaces/{quote(workspace)}" if workspace else ""
        return f"{self.url}/lab{ws}/tree/{quote(path)}?token={self.token}"

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shutdown_kernels(self) -> None:
        """End every kernel through the API (frees the CPU between notebooks)."""
        for kernel in self.kernels():
            with suppress(OSError, urllib.error.URLError, ValueError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=10)

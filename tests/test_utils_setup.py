"""utils.notebook_setup: the setup cell's shared lines (seeds, print options, one thread, the mode)."""

from __future__ import annotations

import os
import subprocess
import sys

from autograder.problemsets import REPO

PROBE = """
import numpy as np, torch
from threadpoolctl import threadpool_info
from utils import notebook_setup
rng = notebook_setup(3, precision=4)
a = (rng.normal(), np.random.rand(), torch.rand(1).item())
rng = notebook_setup(3, precision=4)
b = (rng.normal(), np.random.rand(), torch.rand(1).item())
assert a == b, "not seeded"
assert np.get_printoptions()["precision"] == 4 and np.get_printoptions()["suppress"]
assert torch.get_num_threads() == 1
assert all(i["num_threads"] == 1 for i in threadpool_info() if i["user_api"] == "blas")
"""


def _run(mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COURSE_MODE": mode, "OMP_NUM_THREADS": "2"}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_notebook_setup_seeds_limits_threads_and_says_the_mode():
    quick, full = _run("quick"), _run("full")
    assert quick.returncode == 0, quick.stderr
    assert full.returncode == 0, full.stderr
    assert quick.stdout.startswith("QUICK mode") and "| numpy " in quick.stdout and "| torch " in quick.stdout
    assert full.stdout.startswith("full mode")


def test_every_problem_set_setup_cell_uses_notebook_setup():
    """One set of setup lines for the whole course: each source notebook's setup cell calls it."""
    import json

    missing = []
    for path in sorted((REPO / "source").glob("ps[1-9]*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = [c for c in cells if "setup" in c.get("metadata", {}).get("tags", [])]
        if len(setup) != 1 or "notebook_setup(" not in "".join(setup[0]["source"]):
            missing.append(path.parent.name)
    assert not missing, f"setup cells without utils.notebook_setup: {missing}"

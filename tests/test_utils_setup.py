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

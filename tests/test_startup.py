"""Importing the grader changes nothing in the process; the entry points set it up."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
path = os.environ["PATH"]
import autograder.course, autograder.grading, autograder.corpus  # noqa
assert os.environ["PATH"] == path, "an import rewrote PATH"
assert not isinstance(sys.modules.get("rfc3987_syntax"), type(sys)) or \\
    getattr(sys.modules["rfc3987_syntax"], "__file__", None), "an import stubbed rfc3987_syntax"
from autograder import startup
startup.prepare_process()
assert os.environ["PATH"].split(os.pathsep)[0] == str(startup.BIN_DIR)
print("ok")
"""


def test_imports_have_no_side_effects_and_prepare_process_does_the_setup():
    env = {"PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"

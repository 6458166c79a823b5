"""`make setup` says what it is doing, and the package metadata builds without setuptools' license
deprecation warning."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from autograder.problemsets import REPO


def test_license_is_an_spdx_expression():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "MIT"
    assert any(re.match(r"setuptools>=(7[7-9]|[89]\d)", r) for r in meta["build-system"]["requires"])


def test_metadata_builds_without_license_warning(tmp_path):
    """setuptools applies pyproject.toml as when building (a `{ text = ... }` table warned here)."""
    proc = subprocess.run(
        [sys.executable, "-W", "always", "-c",
         "from setuptools.config.pyprojecttoml import apply_configuration as a; "
         "from setuptools.dist import Distribution; "
         f"a(Distribution(), {str(REPO / 'pyproject.toml')!r})"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "license" not in proc.stderr.lower(), proc.stderr


def test_make_setup_prints_progress():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    steps = re.findall(r'@echo "setup \[(\d)/(\d)\]', makefile)
    assert len(steps) >= 4 and all(total == steps[0][1] for _n, total in steps)

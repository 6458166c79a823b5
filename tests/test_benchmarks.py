"""Smoke test of `make bench`: the benchmark code runs end to end (quick mode: one repetition, tiny sizes, the
fixture problem set) and writes a report with every section, every figure positive and finite. No timing is
asserted: this machine's speed is not under test."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real kernels and nbgrader runs, as the pipeline tests

REPO = Path(__file__).resolve().parent.parent
POSITIVE = {
    "seconds",
    "peak_mb",
    "per_minute",
    "gflops",
    "images",
    "examples",
    "start",
    "shutdown",
    "kernel_start",
    "cells_wall",
    "inner_seconds",
}


def _figures(node, path=""):
    """(path, key, value) of every numeric measurement in the raw results."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                yield path, k, v
            else:
                yield from _figures(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _figures(v, f"{path}[{i}]")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--quick",
            "--out",
            str(out / "RESULTS.md"),
            "--json",
            str(out / "results.json"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out, proc


def test_report_has_every_section(run):
    out, proc = run
    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    for heading in (
        "## Headlines",
        "## Targets",
        "## Machine",
        "## 1. Per problem set",
        "## 2. Grading throughput",
        "## 3. NumPy vs PyTorch",
        "## 4. Loading the data",
    ):
        assert heading in text, f"{heading!r} missing from the report"
    assert "Problems during the run" not in text, text
    assert "openblas" in text.lower() or "mkl" in text.lower(), "the BLAS library is not reported"


def test_figures_positive_and_finite(run):
    out, _ = run
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["problems"] == []
    sections = results["sections"]
    for name in ("machine", "mlp", "data", "per_ps", "fixed_costs"):
        assert sections.get(name, {}).get("value"), f"section {name} produced nothing"
    per_ps = sections["per_ps"]["value"]
    assert per_ps, "no problem set was measured"
    for entry in per_ps.values():
        assert set(entry["item1"]["comparison"]) == {"execute", "autograde"}
        assert set(entry["item2"]) >= {"course_j1", "nbgrader"}  # --jobs 2 only with N >= 2
        for grader in entry["item2"].values():
            for sample in grader["samples"]:
                assert sample["graded"] == sample["expected"] >= 1, sample.get("tail")
    checked = 0
    for path, key, value in _figures(sections):
        assert math.isfinite(value), f"{path}/{key} = {value}"
        if key in POSITIVE and "/samples" in path:
            assert value > 0, f"{path}/{key} = {value}"
            checked += 1
    assert checked > 30
    mlp = sections["mlp"]["value"]
    assert any(k.endswith("float32") for k in mlp) and any(k.endswith("float64") for k in mlp)

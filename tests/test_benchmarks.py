"""Smoke test of `make bench`: the benchmark code runs end to end (quick mode: one repetition, tiny sizes, the
fixture problem set, the grading items alongside the in-process ones) and writes a report with every
section, every figure positive and finite, and the graders' results as expected. No timing is asserted:
this machine's speed is not under test. A few helpers are tested on their own (fast)."""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from benchmarks.data import gzip_parallel
from benchmarks.mlp import _Take
from benchmarks.stats import interleave

slow = pytest.mark.slow  # real kernels and nbgrader runs, as the pipeline tests

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


# --- helpers, on their own --------------------------------------------------------------------------


def test_gzip_parallel_is_one_ordinary_gzip_member():
    data = os.urandom(300_000) + b"course " * 200_000 + os.urandom(1234)
    packed = gzip_parallel(data, chunk=1 << 16, workers=2)
    assert gzip.decompress(packed) == data
    assert packed[:3] == b"\x1f\x8b\x08" and len(packed) < len(data) / 2
    # the CIFAR loader reads archives as a tar stream ("r|gz"), which takes a single gzip member only
    raw = io.BytesIO()
    blobs = {f"cifar-10-batches-py/b{i}": os.urandom(70_000 + i) for i in range(3)}
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, blob in blobs.items():
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    with tarfile.open(fileobj=io.BytesIO(gzip_parallel(raw.getvalue(), chunk=50_000)), mode="r|gz") as tar:
        read = {m.name: tar.extractfile(m).read() for m in tar}
    assert read == blobs


def test_take_and_interleave():
    assert list(_Take(range(10), 3)) == [0, 1, 2] and len(_Take(range(10), 3)) == 3
    assert len(_Take(range(2), 5)) == 2
    order = []
    comp = interleave(
        [(n, lambda n=n: order.append(n) or {"seconds": {"a": 1.0, "b": 2.0}[n]}) for n in "ab"], 3
    )
    assert order == ["a", "b", "b", "a", "a", "b"]  # the order rotates every round
    assert comp.ratio("b", "a").median == 2.0 and comp.metric("a").n == 3


def test_course_import_defers_the_iri_grammar_and_keeps_iri_checks():
    """A prepared `course` process imports nbformat without building rfc3987_syntax's grammar (the "course
    import" fixed cost); an IRI check, should anything make one, still gives the real answers."""
    code = (
        "import sys\nfrom autograder import startup\nstartup.prepare_process()\n"
        "import autograder.course, jsonschema\n"
        "assert 'lark' not in sys.modules, 'grammar built at import'\n"
        "fc = jsonschema.Draft7Validator.FORMAT_CHECKER\n"
        "print(fc.conforms('https://example.org/a', 'iri'), fc.conforms('not an iri', 'iri'))\n"
        "assert 'lark' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "False"]


# --- the smoke run -----------------------------------------------------------------------------------


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


@slow
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
    assert "steady state" in text and "scaled to a whole epoch" in text
    assert "importing what `course autograde` imports" in text
    for part in ("machine done", "mlp done", "data done", "set-up done", "per_ps done", "fixed_costs done"):
        assert part in proc.stdout, f"no elapsed time printed for {part!r}"


@slow
def test_figures_positive_and_finite(run):
    out, _ = run
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["problems"] == []
    sections = results["sections"]
    for name in ("machine", "mlp", "data", "setup", "per_ps", "fixed_costs"):
        assert sections.get(name, {}).get("value"), f"section {name} produced nothing"
    channel = sections["isolation"]["value"]["channel"]
    assert 0 < channel["local_us"] < channel["remote_us"] < channel["array_784x100_us"]
    per_ps = sections["per_ps"]["value"]
    assert per_ps, "no problem set was measured"
    for entry in per_ps.values():
        assert entry["template_seconds"] > 0  # built in the set-up: the graders are timed in steady state
        assert set(entry["item1"]["comparison"]) == {"execute", "autograde"}
        executed = entry["item1"]["comparison"]["execute"]["samples"][0]
        assert executed["errors"] == [] and executed["cells_timed"] > 0
        assert set(entry["item2"]) >= {"course_j1", "nbgrader"}  # --jobs 2 only with N >= 2
        for grader in entry["item2"].values():
            for sample in grader["samples"]:
                assert sample["graded"] == sample["expected"] >= 1, sample.get("tail")
        # both graders graded the same submissions, the reference first, with the same scores
        course = entry["item2"]["course_j1"]["samples"][0]["results"]
        plain = entry["item2"]["nbgrader"]["samples"][0]["scores"]
        assert list(course) == entry["students"] and entry["students"][0].endswith("reference")
        for sid, r in course.items():
            assert r["status"] == "graded" and 0 < r["score"] <= r["max_score"], r
            assert set(r["timings"]) >= {"kernel_start", "cells", "kernel_shutdown"}
            assert plain[sid] == r["score"]
    assert set(sections["fixed_costs"]["value"]["comparison"]) == {
        "nbgrader_import",
        "course_import",
        "kernel_graceful",
        "kernel_immediate",
    }
    checked = 0
    for path, key, value in _figures(sections):
        assert math.isfinite(value), f"{path}/{key} = {value}"
        if key in POSITIVE and "/samples" in path:
            assert value > 0, f"{path}/{key} = {value}"
            checked += 1
    assert checked > 30
    mlp = sections["mlp"]["value"]
    assert any(k.endswith("float32") for k in mlp) and any(k.endswith("float64") for k in mlp)
    for r in mlp.values():
        for name, contender in r["comparison"].items():
            for sample in contender["samples"]:
                # a few minibatches timed, scaled to the whole epoch
                assert sample["batches"] == r["batches"] == 4, name
                assert sample["seconds"] == pytest.approx(
                    sample["measured"] * r["examples"] / (4 * r["config"]["batch_size"])
                )
                assert math.isfinite(sample["loss"]), name

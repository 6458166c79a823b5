"""The sections of RESULTS.md after the headlines: the machine, item 1 (one notebook per problem set),
item 2 (throughput against plain nbgrader), the MLP epochs, data loads and Dask; with their formatting
helpers."""

from __future__ import annotations

import math
import statistics

from benchmarks.stats import Comparison


def _f(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def _mb(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.0f}"


def _value(results: dict, name: str):
    sec = results["sections"].get(name)
    return None if sec is None else sec.get("value")


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**yes**" if ok else "**no**")


# --- sections --------------------------------------------------------------------------------------------


def machine_section(results: dict) -> list[str]:
    f = results["facts"]
    blas = "; ".join(
        f"{b.get('internal_api')} {b.get('version') or ''} ({b.get('prefix')}, "
        f"{b.get('num_threads')} threads"
        + (f", kernel {b['architecture']}" if b.get("architecture") else "")
        + ")"
        for b in f["blas"]
    )
    env = ", ".join(f"{k}={v}" for k, v in f["env"].items() if v is not None) or "none set"
    load = f["load_average"]
    lines = [
        "| fact | value |",
        "| --- | --- |",
        f"| CPU | {f['cpu_model']}, {f['logical_cpus']} logical CPUs ({f['usable_cpus']} usable), "
        f"SIMD: {', '.join(f['simd']) or 'n/a'} |",
        f"| memory | {_f(f['memory_gib'], 1)} GiB |",
        f"| OS | {f['platform']} |",
        f"| Python / NumPy / PyTorch | {f['python']} / {f['numpy']} / {f['torch']} |",
        f"| nbgrader / nbclient | {f['nbgrader']} / {f['nbclient']} |",
        f"| BLAS (threadpoolctl {f['threadpoolctl']}) | {blas} |",
        f"| PyTorch BLAS, threads | {f['torch_blas']}, {f['torch_threads']} intra-op threads |",
        f"| BLAS environment | {env} |",
        f"| load average at start / end | {_load(load)} / {_load(results.get('load_end'))} |",
    ]
    comps = _value(results, "machine")
    if comps:
        lines += [
            "",
            "Large matrix product (the machine's limit below): GFLOP/s, side by side per dtype.",
            "",
            "| dtype | NumPy | PyTorch |",
            "| --- | --- | --- |",
        ]
        for dtype, comp in comps.items():
            lines.append(
                f"| {dtype} | {comp.metric('numpy', 'gflops').fmt('', 1)} | "
                f"{comp.metric('torch', 'gflops').fmt('', 1)} |"
            )
    return lines


def _load(load) -> str:
    return "n/a" if not load else " ".join(f"{x:.1f}" for x in load)


def item1_section(per_ps: dict) -> list[str]:
    lines = [
        "| problem set | execute reference notebook (quick) | its peak memory (MB) | "
        "`course autograde` one correct submission | its peak memory (MB) | autograde / execute | "
        "score | slowest cells (execute) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for ps, entry in per_ps.items():
        item1 = entry.get("item1")
        if not item1:
            continue
        comp: Comparison = item1["comparison"]
        ex = comp.samples["execute"]
        ag = comp.samples["autograde"]
        slow = ex[-1].get("slowest", [])[:3] if ex else []
        score = ""
        res = ag[-1].get("results", {}) if ag else {}
        for r in res.values():
            score = f"{_f(r.get('score'), 0)}/{_f(r.get('max_score'), 0)}"
        lines.append(
            f"| {ps} | {comp.metric('execute').fmt('s', 1)} | "
            f"{_mb(comp.metric('execute', 'peak_mb').median)} | "
            f"{comp.metric('autograde').fmt('s', 1)} | {_mb(comp.metric('autograde', 'peak_mb').median)} | "
            f"{comp.ratio('autograde', 'execute').fmt('×')} | {score} | "
            + ", ".join(f"{n} {s:.1f} s" for n, s in slow)
            + " |"
        )
        errors = sorted({e for s in ex for e in s.get("errors", [])})
        if errors:
            notes.append(
                f"- {ps}: the reference notebook raised {len(errors)} error(s) when executed: "
                + "; ".join(errors[:3])
            )
        fails = [s.get("tail") for s in ex + ag if s.get("tail")]
        if fails:
            notes.append(f"- {ps}: a run failed: `{fails[0].splitlines()[-1][:200] if fails[0] else ''}`")
        full = item1.get("full")
        if full:
            notes.append(
                f"- {ps}: executed in full mode (COURSE_MODE=full): "
                f"{full.metric('execute_full').fmt('s', 1)}, "
                f"peak {_mb(full.metric('execute_full', 'peak_mb').median)} MB"
            )
    return lines + ([""] + notes if notes else [])


def item2_section(per_ps: dict, fixed: dict | None) -> list[str]:
    """Item 2: the throughput table of each grader per problem set, with notes (set-up, timings per
    submission, differing scores, fixed costs)."""
    lines = [
        "| problem set | N | grader | wall (s) | submissions / min | time in cells (s) | "
        "rest per submission (s) | peak memory (MB) | throughput vs plain nbgrader |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = _item2_template_notes(per_ps)
    for ps, entry in per_ps.items():
        comp: Comparison | None = entry.get("item2")
        if comp is None:
            continue
        n = len(entry.get("students", []))
        lines += _item2_rows(ps, n, comp, notes)
        notes += _item2_course_notes(ps, comp)
    if fixed is not None:
        notes += _fixed_costs_notes(fixed)
    return lines + ([""] + notes if notes else [])


_ITEM2_GRADERS = (
    ("course_j1", "`course autograde --jobs 1`"),
    ("course_j2", "`course autograde --jobs 2`"),
    ("nbgrader", "`nbgrader autograde` (plain)"),
)


def _item2_template_notes(per_ps: dict) -> list[str]:
    """A note on the set-up not timed: how long each problem set's grading template took to build."""
    templates = [
        f"{ps} {entry['template_seconds']:.1f} s"
        for ps, entry in per_ps.items()
        if entry.get("template_seconds") is not None
    ]
    if not templates:
        return []
    return [
        "- Set-up, not timed: the course's grading template of each problem set (built by the first "
        "`course autograde` after a change of `source/`, then reused from `autograded/.templates/`): "
        + ", ".join(templates)
        + "; plain nbgrader's `generate_assignment` likewise ran before."
    ]


def _item2_rows(ps: str, n: int, comp: Comparison, notes: list[str]) -> list[str]:
    """One table row per grader measured on a problem set; a note for each run that graded fewer
    submissions than expected."""
    rows = []
    for name, label in _ITEM2_GRADERS:
        if name not in comp.samples:
            continue
        rest = comp.metric(name, "overhead_per_submission").fmt("", 1)
        if name == "course_j2":
            rest = "(overlap)"
        ratio = "1" if name == "nbgrader" else comp.ratio(name, "nbgrader", "per_minute").fmt("×")
        rows.append(
            f"| {ps} | {n} | {label} | {comp.metric(name).fmt('', 1)} | "
            f"{comp.metric(name, 'per_minute').fmt('', 2)} | "
            f"{comp.metric(name, 'cells_seconds').fmt('', 1)} | "
            f"{rest} | "
            f"{_mb(comp.metric(name, 'peak_mb').median)} | {ratio} |"
        )
        for s in comp.samples[name]:
            if s.get("graded") != s.get("expected"):
                notes.append(
                    f"- {ps} {name}: graded {s.get('graded')} of {s.get('expected')} "
                    f"(exit {s.get('returncode')}): {(s.get('tail') or '').splitlines()[-1:]}"
                )
    return rows


def _course_parts(comp: Comparison) -> tuple[dict[str, list[float]], dict]:
    """From `course --jobs 1`'s runs: the grader's own timings of each submission (kernel start, cells,
    kernel shutdown, all) and each submission's score."""
    parts: dict[str, list[float]] = {
        "kernel_start": [],
        "cells": [],
        "kernel_shutdown": [],
        "seconds": [],
    }
    scores_course: dict = {}
    for s in comp.samples["course_j1"]:
        for sid, r in (s.get("results") or {}).items():
            t = r.get("timings") or {}
            for k in ("kernel_start", "cells", "kernel_shutdown"):
                if t.get(k) is not None:
                    parts[k].append(t[k])
            if r.get("seconds") is not None:
                parts["seconds"].append(r["seconds"])
            scores_course[sid] = r.get("score")
    return parts, scores_course


def _item2_course_notes(ps: str, comp: Comparison) -> list[str]:
    """Notes on `course --jobs 1`: time outside submissions, time per submission by part, and scores
    that differ from plain nbgrader's."""
    notes = []
    # course timings per submission: kernel start / cells / shutdown as the grader measured them
    parts, scores_course = _course_parts(comp)
    if parts["seconds"]:
        outside = [s["seconds"] - sum(r.get("seconds") or 0 for r in (s.get("results") or {}).values())
                   for s in comp.samples["course_j1"]]
        notes.append(
            f"- {ps}, `course --jobs 1`: {_med(outside)} s of each run outside any submission (process "
            "start, imports, the assignment's template and gradebook, results written)."
        )
        notes.append(
            f"- {ps}, `course --jobs 1`, per submission as the grader times it (median): "
            f"{statistics.median(parts['seconds']):.1f} s in all, of which kernel start (armed: "
            f"it imports NumPy and PyTorch) {_med(parts['kernel_start'])} s, cells "
            f"{_med(parts['cells'])} s, kernel shutdown {_med(parts['kernel_shutdown'])} s."
        )
    scores_plain: dict = {}
    for s in comp.samples["nbgrader"]:
        scores_plain.update(s.get("scores") or {})
    notes += _score_difference_notes(ps, scores_course, scores_plain)
    return notes


def _score_difference_notes(ps: str, scores_course: dict, scores_plain: dict) -> list[str]:
    """A note naming the submissions the two graders scored differently (none if they agree)."""
    differ = sorted(
        sid
        for sid in scores_course
        if scores_plain.get(sid) is not None
        and scores_course[sid] is not None
        and abs(scores_course[sid] - scores_plain[sid]) > 1e-9
    )
    if not differ:
        return []
    return [
        f"- {ps}: autograded scores differ between the graders for {', '.join(differ)}: course "
        + ", ".join(_f(scores_course[s], 1) for s in differ)
        + " vs plain nbgrader "
        + ", ".join(_f(scores_plain[s], 1) for s in differ)
        + " (plain nbgrader scores 0 for a passing test cell that wrote to stderr)."
    ]


def _fixed_costs_notes(fixed: dict) -> list[str]:
    """The table of fixed costs measured on their own: imports, kernel start and shutdown."""
    fc: Comparison = fixed["comparison"]
    imports = fixed["imports"]
    course_import = fc.metric("course_import").fmt("", 2) if "course_import" in fc.names else "n/a"
    return [
        "",
        "Fixed costs, measured on their own (side by side):",
        "",
        "| what | seconds |",
        "| --- | --- |",
        "| a Python process importing nbgrader's autograde app | "
        f"{fc.metric('nbgrader_import').fmt('', 2)} |",
        "| a Python process importing what `course autograde` imports (its CLI, grading, nbgrader's "
        f"converters) | {course_import} |",
        f"| kernel start until ready | {fc.metric('kernel_graceful', 'start').fmt('', 2)} |",
        f"| kernel shutdown after `import {imports}`, graceful (nbgrader's default) | "
        f"{fc.metric('kernel_graceful', 'shutdown').fmt('', 2)} |",
        f"| kernel shutdown after `import {imports}`, immediate (the course's) | "
        f"{fc.metric('kernel_immediate', 'shutdown').fmt('', 2)} |",
    ]


def _med(values: list[float]) -> str:
    return _f(statistics.median(values), 1) if values else "n/a"


def mlp_section(results: dict) -> list[str]:
    mlp = _value(results, "mlp") or {}
    peaks = {}
    comps = _value(results, "machine")
    if comps:
        peaks = {
            dtype: max(comp.metric(lib, "gflops").median for lib in comp.names)
            for dtype, comp in comps.items()
        }
    lines = [
        "| architecture, batch | dtype | NumPy (ps2) s/epoch | PyTorch (ps3) s/epoch | NumPy / PyTorch | "
        "PyTorch + DataLoader s/epoch | GFLOP per epoch | machine's limit s/epoch | "
        "NumPy, PyTorch at % of limit |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for _key, r in mlp.items():
        comp: Comparison = r["comparison"]
        gflop = r["flops"] / 1e9
        peak = peaks.get(r["dtype"])
        limit = gflop / peak if peak else None
        eff = ""
        if limit:
            eff = (
                f"{100 * limit / comp.metric('numpy').median:.0f} %, "
                f"{100 * limit / comp.metric('torch').median:.0f} %"
            )
        dl = comp.metric("torch_dataloader").fmt("", 2) if "torch_dataloader" in comp.names else "—"
        lines.append(
            f"| {r['config'].label} | {r['dtype']} | {comp.metric('numpy').fmt('', 2)} | "
            f"{comp.metric('torch').fmt('', 2)} | {comp.ratio('numpy', 'torch').fmt('×')} | {dl} | "
            f"{gflop:.1f} | {_f(limit, 2)} | {eff} |"
        )
        kept = all(s.get("dtype_kept", True) for s in comp.samples["numpy"])
        if not kept:
            lines.append(
                f"|  | | (NumPy parameters left {r['dtype']} during the epoch: the reference promotes) "
                "| | | | | | |"
            )
    if mlp:
        first = next(iter(mlp.values()))
        batches = "/".join(str(b) for b in sorted({r.get("batches") or 0 for r in mlp.values()}) if b)
        full = all(r.get("batches") is None or r["batches"] * r["config"].batch_size >= r["examples"]
                   for r in mlp.values())
        if full:
            timed = "Whole epochs timed"
        else:
            timed = (
                f"Each measurement times the first {batches} minibatches "
                "of a fresh permutation of all the training images and is scaled to a whole epoch (every "
                "minibatch costs the same; the ratios are unaffected)"
            )
        lines += [
            "",
            f"{timed}: an epoch is {first['examples']:,} MNIST training images (the incomplete last "
            "minibatch dropped); learning rate 0.1; a short warm-up of each contender first. Both libraries "
            "run with their default threads (table above); on a shared machine PyTorch's intra-op threads "
            "suffer most from other load (a preempted thread stalls every parallel region of every "
            "minibatch), so read these figures with the load average.",
        ]
    return lines


def data_section(results: dict) -> list[str]:
    d = _value(results, "data")
    if not d:
        return []
    m: Comparison = d["mnist"]["comparison"]
    c: Comparison = d["cifar_small"]["comparison"]
    standin = d["cifar_small"]["standin"]
    lines = [
        "| dataset | from | seconds |",
        "| --- | --- | --- |",
        f"| MNIST, `load_mnist(test=True)` ({d['mnist']['images']:,} images, float32) | cache = compressed "
        f"originals ({d['mnist']['compressed_mb']:.1f} MB of IDX .gz), first load in a process (checksums) | "
        f"{m.metric('first').fmt('', 2)} |",
        f"| | same, repeated load (checksums remembered) | {m.metric('repeat').fmt('', 2)} |",
        f"| | decoding alone, `read_idx` of the 4 files: .gz | {m.metric('idx_gz').fmt('', 2)} |",
        f"| | decoding alone, `read_idx` of the 4 files: uncompressed IDX | {m.metric('idx_raw').fmt('', 2)} "
        f"(.gz / raw: {m.ratio('idx_gz', 'idx_raw').fmt('×')}) |",
        f'| CIFAR-10 small, `load_cifar10(subset="small", test=True)` (5,000 images) | the cache\'s '
        f"`cifar10_subset.npz` ({d['cifar_small']['npz_mb']:.1f} MB), first load | "
        f"{c.metric('npz_first').fmt('', 2)} |",
        f"| | same, repeated load | {c.metric('npz_repeat').fmt('', 2)} |",
        f"| | the compressed original `cifar-10-python.tar.gz`{' (stand-in)' if standin else ''} "
        f"({d['cifar_small']['archive_mb']:.0f} MB), first load | {c.metric('archive_first').fmt('', 2)} "
        f"(archive / npz: {c.ratio('archive_first', 'npz_first').fmt('×')}) |",
        f"| | same, repeated load | {c.metric('archive_repeat').fmt('', 2)} |",
    ]
    if standin:
        size = (
            "a small stand-in (quick mode)"
            if d["cifar_small"].get("quick_standin")
            else "a full-size stand-in"
        )
        lines += [
            "",
            f"The original CIFAR-10 archive is not in the data cache here; {size} in its exact format "
            "(six pickled batches in `cifar-10-batches-py/`, `data_batch_1` last, so the whole archive is "
            "decompressed; one gzip member at level 6, compressed in pieces on all cores as pigz does) was "
            "built from the subset's images and read through the loader's own code path.",
        ]
    return lines


def dask_section(results: dict, dask: dict) -> list[str]:
    """The Dask measurement as measured, then a projection to a large class (stated as one)."""
    lines = [dask["text"], ""]
    by = {r["way"]: r for r in dask["rows"]}
    one, two = by.get("Dask, 1 worker"), by.get("Dask, 2 workers")
    per_ps = _value(results, "per_ps") or {}
    grading = [e["item1"]["comparison"].metric("autograde").median for e in per_ps.values() if e.get("item1")]
    if not (one and two and grading):
        return lines
    efficiency = min(1.0, two["per_min_inner"] / (2 * one["per_min_inner"]))
    per_notebook = sum(grading) / len(grading)  # seconds of one core per notebook, the problem sets' mean
    core_seconds = 2500 * per_notebook
    lines.append(
        f"**Projection, not a measurement:** 2,500 notebooks (500 students × 5 problem sets) at "
        f"{per_notebook:.0f} s of one core each (the mean of item 1's autograde times) are "
        f"{core_seconds / 3600:.1f} core-hours; at the {efficiency:.0%} parallel efficiency of 2 Dask "
        f"workers here, that is about {core_seconds / (16 * efficiency) / 60:.0f} min on 16 cores and "
        f"{core_seconds / (64 * efficiency) / 60:.0f} min on 64 cores (more if the cores' memory, ~1 GB "
        "per PyTorch kernel, or the coordinator's one-at-a-time gradebook writes become the limit)."
    )
    return lines

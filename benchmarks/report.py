"""RESULTS.md from the results of `benchmarks.run`: headlines first, then every item's tables."""

from __future__ import annotations

from benchmarks.report_sections import (
    _load,
    _met,
    _value,
    dask_section,
    data_section,
    item1_section,
    item2_section,
    machine_section,
    mlp_section,
)
from benchmarks.stats import Comparison, Summary, summarize

# Autograde of one correct submission: the problem sets whose checks retrain the student's model on the
# full data (the headline targets) may take up to 40 s; every other set keeps 15 s.
TARGET_AUTOGRADE_S = {"ps2": 40.0, "ps4": 40.0}
TARGET_AUTOGRADE_DEFAULT_S = 15.0
TARGET_FULL_NOTEBOOK_S = 300.0  # a student's Restart & Run All in full mode
TARGET_NUMPY_RATIO = 2.0


# --- headlines -----------------------------------------------------------------------------------------


def throughput_ratios(per_ps: dict) -> dict[str, Summary]:
    """Per problem set (and round), course throughput / nbgrader throughput = nbgrader wall / course wall
    (the same submissions); pooled over problem sets and rounds."""
    out: dict[str, list[float]] = {"course_j1": [], "course_j2": []}
    for entry in per_ps.values():
        comp: Comparison | None = entry.get("item2")
        if comp is None:
            continue
        for name in [n for n in out if n in comp.samples]:
            for a, b in zip(comp.samples[name], comp.samples["nbgrader"], strict=False):
                if a.get("graded") and a["graded"] == a["expected"] and b.get("graded") == b.get("expected"):
                    out[name].append(a["per_minute"] / b["per_minute"])
    return {k: summarize(v) for k, v in out.items()}


def headlines(results: dict) -> list[str]:
    lines = []
    per_ps = _value(results, "per_ps") or {}
    ratios = throughput_ratios(per_ps)
    if ratios["course_j1"].n:
        lines.append(
            f"- **`course autograde` vs plain `nbgrader autograde`** (submissions per minute, same "
            f"submissions, side by side): **{ratios['course_j1'].fmt('×')}** with `--jobs 1`"
            + (f", **{ratios['course_j2'].fmt('×')}** with `--jobs 2`" if ratios["course_j2"].n else "")
            + " (median over problem sets and rounds, min–max)."
        )
    mlp = _value(results, "mlp") or {}
    for _key, r in mlp.items():
        comp: Comparison = r["comparison"]
        if r["config"].hidden == 256:
            lines.append(
                f"- **NumPy (ps2) / PyTorch (ps3) time per MNIST epoch**, {r['config'].label}, {r['dtype']}: "
                f"**{comp.ratio('numpy', 'torch').fmt('×')}** (NumPy {comp.metric('numpy').fmt('s')}, "
                f"PyTorch {comp.metric('torch').fmt('s')})."
            )
    worst = None
    for ps, entry in per_ps.items():
        item1 = entry.get("item1")
        if item1:
            med = item1["comparison"].metric("autograde").median
            if worst is None or med > worst[1]:
                worst = (ps, med)
    if worst:
        lines.append(
            f"- **Slowest autograde of one correct submission**: {worst[0]}, {worst[1]:.1f} s (median; "
            f"target ≤ {autograde_target(worst[0]):.0f} s)."
        )
    return lines


def autograde_target(ps: str) -> float:
    """The autograde budget of one correct submission of `ps` (a short name such as "ps2")."""
    return TARGET_AUTOGRADE_S.get(ps, TARGET_AUTOGRADE_DEFAULT_S)


def targets(results: dict) -> list[str]:
    rows = ["| target | measured | met |", "| --- | --- | --- |"]
    per_ps = _value(results, "per_ps") or {}
    for ps, entry in per_ps.items():
        item1 = entry.get("item1")
        if not item1:
            continue
        m = item1["comparison"].metric("autograde")
        ok_runs = all(s.get("graded") == 1 for s in item1["comparison"].samples["autograde"])
        limit = autograde_target(ps)
        rows.append(
            f"| {ps}: a correct submission autogrades in ≤ {limit:.0f} s | "
            f"{m.fmt('s', 1)} | {_met(ok_runs and m.median <= limit)} |"
        )
        full = item1.get("full")
        if full:
            f = full.metric("execute_full")
            rows.append(
                f"| {ps}: the reference notebook runs in full mode in "
                f"≤ {TARGET_FULL_NOTEBOOK_S / 60:.0f} min | "
                f"{f.fmt('s', 1)} | {_met(f.median <= TARGET_FULL_NOTEBOOK_S)} |"
            )
    ratios = throughput_ratios(per_ps)
    for name, label in (("course_j1", "--jobs 1"), ("course_j2", "--jobs 2")):
        if ratios[name].n:
            rows.append(
                f"| `course autograde {label}` beats plain `nbgrader autograde` | "
                f"{ratios[name].fmt('× the throughput')} | {_met(ratios[name].median > 1)} |"
            )
    for _key, r in (_value(results, "mlp") or {}).items():
        comp = r["comparison"]
        ratio = comp.ratio("numpy", "torch")
        rows.append(
            f"| NumPy epoch within {TARGET_NUMPY_RATIO:.0f}× of PyTorch's "
            f"({r['config'].label}, {r['dtype']}) | "
            f"{ratio.fmt('×')} | {_met(ratio.median <= TARGET_NUMPY_RATIO)} |"
        )
    return rows


def render(results: dict) -> str:
    s = results["settings"]
    per_ps = _value(results, "per_ps") or {}
    fixed = _value(results, "fixed_costs")
    f = results["facts"]
    out = [
        "# Benchmarks",
        "",
        f"Measured by `{results['command'].strip()}` (what `make bench` runs) on {f['when']}: "
        f"{f['cpu_model']}, {f['usable_cpus']} CPUs; the whole run took {results['seconds'] / 60:.1f} min. "
        "Figures are medians with (min–max, n = measurements); every comparison is a ratio of measurements "
        "taken side by side in the same round, the contenders' order rotated each round.",
        "",
        f"Settings: {s.describe()}.",
        "",
    ]
    if results["problems"]:
        out += ["**Problems during the run:**", ""] + [f"- {p}" for p in results["problems"]] + [""]
    out += ["## Headlines", ""] + (headlines(results) or ["(no headline figure measured in this run)"]) + [""]
    out += ["## Targets", ""] + targets(results) + [""]
    out += ["## Machine", ""] + machine_section(results) + [""]
    if per_ps:
        skipped = results.get("grading_skipped") or []
        out += [
            "## 1. Per problem set: running and grading one notebook",
            "",
            "Executing the reference source notebook end to end in quick mode (nbclient, a fresh kernel, as "
            "CI and `course validate` do; students run full mode), and `course autograde PS --student "
            "<reference> --force` on the correct submission built from the corpus, from the command's start "
            "to its end, as an instructor runs it: the kernel in quick mode, the grader's checks in full "
            "mode (the headline checks of ps2 and ps4 retrain the student's model on the full data). "
            "Peak memory: the whole process tree (kernel included), PSS.",
            "",
        ]
        out += item1_section(per_ps) + [""]
        if skipped:
            out += [f"Not measured (no corpus with a reference yet): {', '.join(skipped)}.", ""]
        out += [
            "## 2. Grading throughput",
            "",
            "The same N submissions per problem set (the reference, then alternatives and mistakes from the "
            "corpus), graded by `course autograde --jobs 1`, `--jobs 2` (when N ≥ 2; each `--force`), and "
            "by plain "
            "`nbgrader autograde --force` in a separate course folder whose `nbgrader_config.py` keeps "
            "nbgrader's defaults but for the per-cell timeout (the course's, so that both run every cell; "
            "nbgrader's default is 30 s). Both graders are measured in their steady state: the assignment "
            "was released before (plain nbgrader's `generate_assignment`; the course's `course release` "
            "and its grading template, which the first `course autograde` after a change of `source/` "
            "builds and later runs reuse). \"Time in cells\" is summed from the execution timestamps "
            "nbclient records in each autograded notebook: setup cells, student code, hidden checks. "
            "\"Rest per submission\" is (wall − time in cells) / N: process start, imports, gradebook, "
            "kernel start and shutdown. The course's kernels are armed before the first cell, which imports "
            "NumPy and PyTorch then: that import (seconds) counts as rest for the course and as cell time "
            "for plain nbgrader (whose kernels import PyTorch in every notebook's setup cell, through "
            "`utils.seed_everything`, and in the hidden tests' checks). Both run everything in quick mode "
            "(COURSE_MODE=quick, the checks included), so that they do the same work.",
            "",
        ]
        out += item2_section(per_ps, fixed) + [""]
    if _value(results, "mlp"):
        out += [
            "## 3. NumPy vs PyTorch: one MNIST training epoch",
            "",
            "ps2's reference `init_mlp`/`mlp_forward`/`cross_entropy`/`mlp_backward`/`sgd_step` (the inner "
            "loop of its `train_mlp`) against ps3's reference `MLP` and `train_epoch` with SGD, both taken "
            "from the source notebooks' solution cells at run time, fed the same minibatches. The machine's "
            "limit is the epoch's matrix-product FLOPs divided by the best large-matmul GFLOP/s of the "
            "dtype (table above).",
            "",
        ]
        out += mlp_section(results) + [""]
    if _value(results, "data"):
        out += ["## 4. Loading the data", ""] + data_section(results) + [""]
    dask = _value(results, "dask")
    if dask:
        out += ["## 5. Grading on Dask (`course autograde --dask`)", ""] + dask_section(results, dask) + [""]
    isolation = _value(results, "isolation")
    if isolation:
        from benchmarks import isolation_costs

        out += ["## 6. What the sandbox and the judge cost", ""] + isolation_costs.section(isolation) + [""]
    out += [
        "## Time per part of this run",
        "",
        "| part | seconds | load average before → after |",
        "| --- | --- | --- |",
    ]
    for name, sec in results["sections"].items():
        out.append(
            f"| {name} | {sec.get('seconds', 0):.0f} | {_load(sec.get('load_before'))} → "
            f"{_load(sec.get('load_after'))} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.report RUN.pickle [OUT.md]`: render a saved run again (after a report change)."""
    import pickle
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    class _Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            return super().find_class("benchmarks.run" if module == "__main__" else module, name)

    with open(args[0], "rb") as fh:
        results = _Unpickler(fh).load()  # our own file
    out = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parent / "RESULTS.md"
    out.write_text(render(results), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

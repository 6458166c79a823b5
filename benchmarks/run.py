"""`python -m benchmarks.run` (what `make bench` runs): measure the course on this machine, write RESULTS.md.

Items (see each module's docstring):
  machine   CPU, memory, BLAS and threads, versions; large-matmul GFLOP/s (the machine's limit)
  notebooks 1. per problem set: execute the reference source notebook; autograde one correct submission
  grading   2. N submissions per problem set: `course autograde` (--jobs 1, 2) vs plain `nbgrader autograde`
  mlp       3. one MNIST epoch: ps2's NumPy MLP vs ps3's PyTorch MLP, float32 and float64
  data      4. MNIST and CIFAR-10 (small subset) load times

`--quick` is the smoke version (tiny sizes, one repetition, the items run side by side; the tests run it on
the fixture problem set). Each part's elapsed time is printed as it ends, and tabled in the report.
Raw measurements go to benchmarks/runs/<time>.json (git-ignored); the report to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.problemsets import REPO, discover
from benchmarks import report
from benchmarks.stats import Comparison, Summary, load_average

HERE = Path(__file__).resolve().parent
ITEMS = ("machine", "notebooks", "grading", "mlp", "data")
FIXTURE_ROOT = REPO / "tests" / "fixtures" / "course"


@dataclass
class Settings:
    quick: bool
    reps: int  # in-process measurements (matmul, data loads)
    mlp_reps: int  # rounds of MLP epochs
    fixed_reps: int  # rounds of the fixed costs (imports, kernel start and shutdown: little spread)
    nb_reps: int  # item 1 rounds
    grade_reps: int  # item 2 rounds
    n: int  # submissions per problem set in item 2
    matmul_n: int
    mlp_train: int | None  # MNIST training images drawn from (None: all 55,000)
    mlp_batches: int | None  # minibatches timed per MLP measurement, scaled to an epoch (None: whole epochs)
    full_notebooks: bool
    ps: list[str]
    root: Path
    only: list[str]

    def describe(self) -> str:
        mlp = "all 55,000" if self.mlp_train is None else f"{self.mlp_train:,}"
        timed = (
            "whole epochs"
            if self.mlp_batches is None
            else f"{self.mlp_batches} minibatches per measurement, scaled to an epoch"
        )
        return (
            f"{'quick (smoke) mode; ' if self.quick else ''}{self.reps} rounds of in-process measurements "
            f"(matmul {self.matmul_n}×{self.matmul_n}, data loads); {self.mlp_reps} rounds of MLP epochs "
            f"over {mlp} MNIST images ({timed}); {self.fixed_reps} rounds of the fixed costs; "
            f"{self.nb_reps} rounds per problem set of item 1; {self.grade_reps} round(s) of item 2 "
            f"with N = {self.n} submissions per problem set"
            + ("; notebooks also executed in full mode" if self.full_notebooks else "")
        )


def settings_from(args: argparse.Namespace) -> Settings:
    quick = args.quick
    reps = args.reps or (1 if quick else 3)
    root = Path(args.root).resolve() if args.root else (FIXTURE_ROOT if quick else REPO)
    return Settings(
        quick=quick,
        reps=reps,
        mlp_reps=args.mlp_reps or reps,
        fixed_reps=args.fixed_reps or (1 if quick else 2),
        nb_reps=args.nb_reps or (1 if quick else 2),
        grade_reps=args.grade_reps or 1,
        n=args.n or (1 if quick else 2),
        matmul_n=args.matmul_n or (256 if quick else 2048),
        mlp_train=(args.mlp_train or None) if not quick else (args.mlp_train or 640),
        mlp_batches=None if args.mlp_batches == 0 else (args.mlp_batches or (4 if quick else 200)),
        full_notebooks=args.full_notebooks,
        ps=args.ps or [],
        root=root,
        only=args.only or list(ITEMS),
    )


def to_jsonable(obj):
    if isinstance(obj, Comparison):
        return {
            name: {
                "summary": {k: obj.metric(name, k).as_dict() for k in _numeric_keys(obj, name)},
                "samples": to_jsonable(obj.samples[name]),
            }
            for name in obj.names
        }
    if isinstance(obj, Summary):
        return obj.as_dict()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(getattr(obj, k)) for k in obj.__dataclass_fields__}
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def _numeric_keys(comp: Comparison, name: str) -> list[str]:
    keys = []
    for s in comp.samples[name]:
        for k, v in s.items():
            if isinstance(v, int | float) and not isinstance(v, bool) and k not in keys:
                keys.append(k)
    return keys


def main(argv: list[str] | None = None) -> int:
    from autograder import startup

    startup.prepare_process()
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smoke version: tiny sizes, one repetition, items side by side"
    )
    parser.add_argument(
        "--reps", type=int, help="rounds of the matmul and data-load measurements (default 3; quick 1)"
    )
    parser.add_argument("--mlp-reps", type=int, help="rounds of MLP epochs (default: --reps)")
    parser.add_argument("--fixed-reps", type=int, help="rounds of the fixed costs (default 2; quick 1)")
    parser.add_argument("--nb-reps", type=int, help="rounds of item 1 per problem set (default 2; quick 1)")
    parser.add_argument("--grade-reps", type=int, help="rounds of item 2 per problem set (default 1)")
    parser.add_argument("--n", type=int, help="submissions per problem set in item 2 (default 2; quick 1)")
    parser.add_argument("--matmul-n", type=int, help="matrix size of the matmul limit (default 2048)")
    parser.add_argument(
        "--mlp-train", type=int, help="MNIST training images the MLP epochs draw from (default all 55,000)"
    )
    parser.add_argument(
        "--mlp-batches",
        type=int,
        help="minibatches timed per MLP measurement, scaled to an epoch (default 200; 0: whole epochs)",
    )
    parser.add_argument(
        "--full-notebooks",
        action="store_true",
        help="also execute every reference notebook once in full mode (long)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=ITEMS,
        metavar="ITEM",
        help=f"run only these items ({', '.join(ITEMS)}); machine facts are always recorded",
    )
    parser.add_argument("--ps", nargs="+", metavar="PS", help="problem sets (default: all with a corpus)")
    parser.add_argument(
        "--root",
        help="course root to take problem sets and corpus from "
        "(default: the repository; quick: the fixture course)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "RESULTS.md", help="the report (default benchmarks/RESULTS.md)"
    )
    parser.add_argument("--json", type=Path, help="raw results (default benchmarks/runs/<time>.json)")
    args = parser.parse_args(argv)
    s = settings_from(args)
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {msg}", flush=True)

    from benchmarks import machine

    results: dict = {
        "settings": s,
        "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "facts": machine.facts(),
        "sections": {},
        "problems": [],
    }
    log(f"machine: {results['facts']['cpu_model']}, {results['facts']['usable_cpus']} CPUs; {s.describe()}")

    def section(name: str, fn, item: str | None = None) -> None:
        if (item or name) not in s.only:
            return
        t0, load0 = time.perf_counter(), load_average()
        log(f"{name} ...")
        try:
            value = fn()
        except Exception as exc:
            import traceback

            results["problems"].append(f"{name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            value = None
        results["sections"][name] = {
            "value": value,
            "seconds": time.perf_counter() - t0,
            "load_before": load0,
            "load_after": load_average(),
        }
        log(f"{name} done in {results['sections'][name]['seconds']:.0f} s")

    grading_items = "notebooks" in s.only or "grading" in s.only
    workers = []
    if s.quick:
        # Smoke mode measures nothing worth keeping, so the grading items and the fixed costs (child
        # processes, mostly waiting) run alongside the in-process items instead of after them.
        import threading

        jobs = [(_grading, (s, results, log))] if grading_items else []
        if "grading" in s.only:
            jobs.append((section, ("fixed_costs", lambda: _fixed_costs(s, log), "grading")))
        for fn, fn_args in jobs:
            workers.append(threading.Thread(target=fn, args=fn_args, daemon=True))
            workers[-1].start()
    section(
        "machine", lambda: machine.matmul_throughput(s.matmul_n, repeats=1 if s.quick else 3, rounds=s.reps)
    )
    section("mlp", lambda: _mlp(s, log))
    section("isolation", lambda: _isolation(s), item="grading")
    section("data", lambda: _data(s, log))
    if not s.quick:
        if grading_items:
            _grading(s, results, log)
        if "grading" in s.only:
            section("fixed_costs", lambda: _fixed_costs(s, log), item="grading")
            section("dask", lambda: _dask(log), item="grading")
    for worker in workers:
        worker.join()

    results["seconds"] = time.perf_counter() - started
    results["load_end"] = load_average()
    log(
        "time per part: "
        + ", ".join(f"{k} {v['seconds']:.0f} s" for k, v in results["sections"].items())
        + f"; total {results['seconds'] / 60:.1f} min"
    )
    out_json = args.json or HERE / "runs" / time.strftime("%Y%m%d-%H%M%S.json")
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(to_jsonable(results), indent=1, default=str), encoding="utf-8")
    with open(out_json.with_suffix(".pickle"), "wb") as fh:  # `python -m benchmarks.report` re-renders it
        pickle.dump(results, fh)
    text = report.render(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out} and {out_json} in {results['seconds'] / 60:.1f} min")
    for p in results["problems"]:
        log(f"PROBLEM {p}")
    return 0


def _isolation(s: Settings):
    from benchmarks import isolation_costs

    return isolation_costs.measure(reps=5 if s.quick else 20, calls=200 if s.quick else 2000)


def _mlp(s: Settings, log):
    from benchmarks import mlp

    configs = mlp.CONFIGS[:1] if s.quick else mlp.CONFIGS
    return mlp.run(s.mlp_reps, n_train=s.mlp_train, configs=configs, log=log, batches=s.mlp_batches)


def _data(s: Settings, log):
    from benchmarks import data

    return data.run(s.reps, quick=s.quick, log=log)


def _grading(s: Settings, results: dict, log) -> None:
    from benchmarks import grading

    all_ps = [ps for ps in discover(s.root) if ps.corpus.is_dir() and any(ps.corpus.glob("reference.py"))]
    skipped = [ps.name for ps in discover(s.root) if ps not in all_ps]
    if s.ps:
        all_ps = [ps for ps in all_ps if ps.short in s.ps or ps.name in s.ps]
    results["grading_skipped"] = skipped
    timeout = grading.course_cell_timeout()
    work = Path(tempfile.mkdtemp(prefix="bench-courses-"))
    per_ps: dict = {}
    t0, load0 = time.perf_counter(), load_average()
    try:
        log(
            f"set-up: both scratch courses, {len(all_ps)} problem set(s) released, grading templates built, "
            f"{s.n} submission(s) each"
        )
        setup = grading.prepare_all(all_ps, work, s.n, timeout)
        results["problems"] += setup.problems
        results["sections"]["setup"] = {
            "value": {k: r.seconds for k, r in setup.runs.items()},
            "seconds": time.perf_counter() - t0,
            "load_before": load0,
            "load_after": load_average(),
        }
        log(f"set-up done in {results['sections']['setup']['seconds']:.0f} s")
        results["sections"]["per_ps"] = {"value": per_ps, "seconds": 0.0, "load_before": load_average()}
        t0 = time.perf_counter()
        for i, ps in enumerate(all_ps):
            c = setup.courses.get(ps.short)
            if c is None:
                continue
            entry: dict = {"students": c.students, "template_seconds": c.template_seconds}
            per_ps[ps.short] = entry
            t_ps = time.perf_counter()
            try:
                if "notebooks" in s.only:
                    # the contenders' order rotates from one problem set to the next, too
                    entry["item1"] = grading.item1(c, s.nb_reps, full=s.full_notebooks, log=log, start=i)
                if "grading" in s.only:
                    entry["item2"] = grading.item2(c, s.grade_reps, log=log, start=i)
            except Exception as exc:
                import traceback

                traceback.print_exc()
                results["problems"].append(f"{ps.short}: {type(exc).__name__}: {exc}")
            entry["seconds"] = time.perf_counter() - t_ps
            log(f"  {ps.short} done in {entry['seconds']:.0f} s")
    except Exception as exc:
        import traceback

        traceback.print_exc()
        results["problems"].append(f"grading set-up: {type(exc).__name__}: {exc}")
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    if "per_ps" in results["sections"]:
        results["sections"]["per_ps"]["seconds"] = time.perf_counter() - t0
        results["sections"]["per_ps"]["load_after"] = load_average()
        log(f"per_ps done in {results['sections']['per_ps']['seconds']:.0f} s")


DASK_N = 6  # ps1 submissions graded four ways (local pool --jobs 1/2, Dask 1/2 workers)


def _dask(log) -> dict | None:
    """`course autograde --dask` against the local pool (`benchmarks.dask_bench`)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        log("dask: distributed is not installed (the `dask` extra); skipped")
        return None
    import tempfile

    from benchmarks import dask_bench

    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
        course = dask_bench._course(Path(tmp), DASK_N)
        rows = dask_bench.throughput(course, DASK_N)
        overheads = dask_bench.overheads(course)
    text = dask_bench.report(DASK_N, rows, overheads)
    return {"n": DASK_N, "rows": rows, "overheads": overheads, "text": text}


def _fixed_costs(s: Settings, log):
    from benchmarks import grading

    log("  fixed costs: nbgrader's and the course's imports, kernel start and shutdown")
    return grading.fixed_costs(s.fixed_reps, "numpy" if s.quick else "numpy, torch")


if __name__ == "__main__":
    from benchmarks import run as _module  # classes pickled as benchmarks.run.*, not __main__.*

    sys.exit(_module.main())

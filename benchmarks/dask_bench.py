"""`python -m benchmarks.dask_bench [N]`: `course autograde` on Dask against the local pool.

On a scratch copy of the course with ps1 only (NumPy; ~6 s per submission), N submissions (default 6:
the reference and corpus variants in turn) are graded `--force` four ways, side by side:
`--jobs 1`, `--jobs 2` (the local pool), `--dask --workers 1`, `--dask --workers 2` (a LocalCluster).
Reported: submissions per minute over the whole command (cluster start and stop included) and over the
grading part alone (the command's own summary time), and per-submission overhead — wall time per
submission minus the time `grade_one` reports for itself — for the local pool and for Dask (one worker).
Then, on a running 2-worker cluster: a trivial task's round trip (scheduling alone), the bytes shipped
per task (template once per worker, submission per task), and the coordinator's cost of storing one
result (the one serial step). Prints a markdown snippet. The machine is shared: take ±20 %.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import corpus
from autograder.course import Course, notebook_text
from autograder.demo import copy_course
from autograder.problemsets import REPO

PS = "ps1"


def _course(work: Path, n: int) -> Course:
    course = copy_course(REPO, work / "course")
    for ps in course.problem_sets():
        if ps.short != PS:
            import shutil

            shutil.rmtree(ps.source.parent)
    _cli("release", PS, root=course.root)
    ps = course.resolve([PS])[0]
    import nbformat

    source_nb = nbformat.read(ps.source, as_version=4)
    release_nb = nbformat.read(ps.release, as_version=4)
    pool = [v for v in corpus.load_variants(ps.corpus) if v.kind in ("reference", "alternative", "mistake")]
    pool.sort(key=lambda v: (v.kind != "reference", v.name))
    for i in range(n):
        v = pool[i % len(pool)]
        folder = course.submission_dir(ps, f"s{i:03d}")
        folder.mkdir(parents=True)
        nb = corpus.build_submission(source_nb, release_nb, v)
        (folder / f"{ps.name}.ipynb").write_text(notebook_text(nb), encoding="utf-8")
    return course


def _cli(*args: str, root: Path) -> tuple[float, str]:
    t = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    if proc.returncode != 0:
        raise SystemExit(f"course {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return time.monotonic() - t, proc.stdout


def _graded_seconds(course: Course) -> list[float]:
    from autograder.grading import load_result

    ps = course.resolve([PS])[0]
    return [load_result(course, ps, s)["seconds"] for s in course.students_submitted(ps)]


def throughput(course: Course, n: int) -> list[dict]:
    ways = {
        "local pool, --jobs 1": ["--jobs", "1"],
        "local pool, --jobs 2": ["--jobs", "2"],
        "Dask, 1 worker": ["--dask", "--workers", "1"],
        "Dask, 2 workers": ["--dask", "--workers", "2"],
    }
    rows = []
    for name, extra in ways.items():
        wall, out = _cli("autograde", PS, "--force", "--no-progress", *extra, root=course.root)
        inner = float(re.search(r"skipped\); ([\d.]+) s", out).group(1))
        own = _graded_seconds(course)
        rows.append(
            {
                "way": name,
                "wall": wall,
                "inner": inner,
                "per_min": 60 * n / wall,
                "per_min_inner": 60 * n / inner,
                "grade_one": statistics.mean(own),
            }
        )
    return rows


def overheads(course: Course) -> dict:
    import dask
    from distributed import Client, LocalCluster

    from autograder.cluster import dask_config, ping, template_payload
    from autograder.grading import build_template, load_result, store_result

    ps = course.resolve([PS])[0]
    template = build_template(course, ps)
    payload = sum(len(b) for b in template_payload(template.folder).values())
    subs = [p.stat().st_size for p in course.submitted.glob(f"*/{ps.name}/{ps.name}.ipynb")]
    with dask.config.set(dask_config()):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, memory_limit=0)
        client = Client(cluster)
        client.submit(ping, pure=False).result()
        trips = []
        for _ in range(50):
            t = time.monotonic()
            client.submit(ping, pure=False).result()
            trips.append(time.monotonic() - t)
        t = time.monotonic()
        client.gather([client.submit(ping, pure=False) for _ in range(500)])
        batch = (time.monotonic() - t) / 500
        client.close()
        cluster.close()
    res = load_result(course, ps, course.students_submitted(ps)[0])
    res["notebook"] = (course.result_dir(ps, res["student"]) / f"{ps.name}.ipynb").read_text(encoding="utf-8")
    stores = []
    for _ in range(10):
        t = time.monotonic()
        store_result(course, ps, dict(res))
        stores.append(time.monotonic() - t)
    return {
        "round_trip_ms": 1000 * statistics.median(trips),
        "batch_ms": 1000 * batch,
        "template_kb": payload / 1024,
        "submission_kb": statistics.mean(subs) / 1024,
        "store_ms": 1000 * statistics.median(stores),
    }


def report(n: int, rows: list[dict], o: dict) -> str:
    from benchmarks.stats import load_average

    lines = [
        f"`course autograde {PS} --force`, {n} submissions, this 2-core machine (load average "
        f"{(load_average() or (0.0,))[0]:.1f}; shared, ±20 %):",
        "",
        "| executor | wall, s | submissions/min (whole command) | submissions/min (grading part) "
        "| grade_one's own time, s/submission |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['way']} | {r['wall']:.1f} | {r['per_min']:.1f} | {r['per_min_inner']:.1f} "
            f"| {r['grade_one']:.1f} |"
        )
    by = {r["way"]: r for r in rows}
    local1, dask1, dask2 = by["local pool, --jobs 1"], by["Dask, 1 worker"], by["Dask, 2 workers"]
    over_local = local1["inner"] / n - local1["grade_one"]
    over_dask = dask1["inner"] / n - dask1["grade_one"]
    lines += [
        "",
        "Per-submission overhead (one at a time: grading part / N minus grade_one's own time): local pool "
        f"{over_local:.2f} s, Dask {over_dask:.2f} s; "
        f"Dask cluster start and stop: {dask1['wall'] - dask1['inner']:.1f} s per command (1 worker), "
        f"{dask2['wall'] - dask2['inner']:.1f} s (2 workers), "
        f"against {local1['wall'] - local1['inner']:.1f} s for the local pool.",
        f"Dask alone: a trivial task's round trip {o['round_trip_ms']:.1f} ms (median of 50), "
        f"{o['batch_ms']:.2f} ms per task in a batch of 500; shipped: the template "
        f"{o['template_kb']:.0f} KB once per worker, each submission {o['submission_kb']:.0f} KB. "
        "The coordinator stores one result (autograded notebook + SQLite gradebook) in "
        f"{o['store_ms']:.0f} ms.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    n = int(args[0]) if args else 6
    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
        course = _course(Path(tmp), n)
        rows = throughput(course, n)
        o = overheads(course)
    print(report(n, rows, o))


if __name__ == "__main__":
    main()

"""`course autograde PS ...`: grade submissions, isolated, concurrent, resumable (autograder.grading),
optionally on a Dask cluster (autograder.cluster)."""

from __future__ import annotations

import argparse
import contextlib

from autograder.commands._common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    Subparsers,
    cell_timeout_arg,
    jobs_default,
    progress_arg,
    root_arg,
    sandbox_arg,
)


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "autograde",
        help="grade submissions (isolated, concurrent, resumable)",
        description="Grade submitted/<student>/<ps>/ with nbgrader: one armed kernel per "
        "submission in its own process and scratch folder, a wall-clock limit per cell and "
        "per submission, a tamper report each. Unchanged submissions are skipped (re-runs "
        "are idempotent; an interrupted run resumes).",
    )
    p.add_argument("ps", nargs="+", metavar="PS")
    p.add_argument("--student", action="append", default=None, metavar="ID", help="only these students")
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=jobs_default(),
        help="submissions graded at once (default: the number of cores, at most 4; see docs/grading.md)",
    )
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per submission (default 600)")
    cell_timeout_arg(p)
    p.add_argument("--memory", type=int, default=4096, metavar="MB", help="address-space limit per kernel")
    sandbox_arg(p)
    p.add_argument("--force", action="store_true", help="regrade even unchanged submissions")
    p.add_argument("--full", action="store_true", help="COURSE_MODE=full (default quick)")
    p.add_argument(
        "--dask",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="grade on a Dask cluster: a scheduler address (tcp://host:8786), or nothing for a local "
        "cluster of --workers processes (needs the `dask` extra; see docs/grading.md)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="with --dask and no address: workers (default: cores)",
    )
    root_arg(p)
    progress_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Grade each problem set named in turn (on Dask with --dask); 130 as soon as one is interrupted."""
    from autograder.course import Course

    course = Course.at(args.root)
    pss = course.resolve(args.ps)
    with contextlib.ExitStack() as stack:
        executor = stack.enter_context(_dask_executor(args)) if args.dask else None
        return _autograde_all(args, course, pss, executor)


def _dask_executor(args: argparse.Namespace):
    """The `DaskExecutor` --dask asks for (a context manager); a CourseError when it cannot be had."""
    from autograder.course import CourseError

    try:
        from autograder.cluster import DaskExecutor
    except ImportError as exc:
        raise CourseError(f"--dask needs Dask's `distributed` (pip install -e '.[dask]'): {exc}") from None
    if args.workers is not None and args.workers < 1:
        raise CourseError("--workers must be at least 1")
    address = None if args.dask == "local" else args.dask
    try:
        executor = DaskExecutor(address, workers=args.workers)
    except OSError as exc:
        raise CourseError(f"cannot reach the Dask scheduler {address}: {exc}") from None
    print(f"autograde: on {executor.describe()}", flush=True)
    return executor


def _autograde_all(args: argparse.Namespace, course, pss: list, executor) -> int:
    from autograder.grading import autograde

    failed = False
    for ps in pss:
        summary = autograde(
            course,
            ps,
            students=args.student,
            jobs=args.jobs,
            timeout=args.timeout,
            cell_timeout=args.cell_timeout,
            force=args.force,
            mode="full" if args.full else "quick",
            memory_mb=args.memory,
            progress=args.progress,
            executor=executor,
            sandbox=args.sandbox,
        )
        _print_autograde(summary, course, ps)
        print(f"autograde: {summary.line()}")
        failed = failed or bool(summary.failed) or summary.interrupted
        if summary.interrupted:
            return EXIT_INTERRUPTED
    return EXIT_FAILED if failed else 0


def _print_autograde(summary, course=None, ps=None) -> None:
    """One line per row of `summary.rows`: student, status, score (+? while manual cells are
    pending), seconds and notes."""
    if not summary.rows:
        return
    if course is not None and ps is not None:
        _with_gradebook_pending(summary.rows, course, ps)
    width = max(len(r["student"]) for r in summary.rows)
    print(f"  {'student':<{width}}  {'status':<8} {'score':>11} {'secs':>6}  notes")
    for r in summary.rows:
        score = "" if r["score"] is None else f"{r['score']:g}/{r['max_score']:g}"
        if r["manual_pending"]:
            score += "+?"
        notes = []
        if r["status"] != "graded":
            notes.append(r["reason"])
        if r["manual_pending"]:
            notes.append(f"manual: {len(r['manual_pending'])} pending")
        if r["tamper"]:
            notes.append(f"tamper: {r['tamper']}")
        if r["status"] == "graded" and r.get("sandboxed") is False:
            notes.append("UNSANDBOXED (--no-sandbox)")
        if r.get("skipped"):
            notes.append("unchanged")
        secs = "" if r.get("skipped") else f"{r.get('seconds') or 0:.1f}"
        print(f"  {r['student']:<{width}}  {r['status']:<8} {score:>11} {secs:>6}  {'; '.join(notes)}")


def _with_gradebook_pending(rows: list[dict], course, ps) -> None:
    """Each row's pending cells and score as the gradebook has them now: a grader's manual scores
    (formgrader) are no longer pending, and then the score is the total."""
    from autograder.records import records

    try:
        by_student = {r.student: r for r in records(course, ps)}
    except Exception:
        return
    for row in rows:
        rec = by_student.get(row["student"])
        if rec is None or rec.status != "graded" or row["status"] != "graded":
            continue
        row["manual_pending"] = list(rec.pending)
        row["score"] = rec.score if rec.score is not None else rec.partial_score
        row["max_score"] = rec.max_score or row["max_score"]

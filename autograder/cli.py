"""The `course` command: the instructor's whole workflow over nbgrader.

    course validate [PS ...]        lint, execute, no free points, no leaks
    course release [PS ...]         source/ -> release/ (deterministic; --check compares only)
    course collect PS PATH          an LMS download (zip or folder) -> submitted/
    course autograde PS ...         grade submissions: isolated, concurrent (--jobs), resumable
    course status PS                graded / needs manual grading / failed, per student
    course feedback PS              per-student HTML feedback without hidden tests
    course export PS | --all        totals, long or Canvas CSV
    course bundle                   the student bundle in dist/
    course demo                     all of the above on a temporary copy, with sample students

Every subcommand takes --root (default: this repository) and problem sets by short (ps1) or full
(ps1_backprop_by_hand) name, ends with a one-line summary and exits non-zero on failure.
See docs/grading.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from autograder.course import Course, CourseError, eprint

EXIT_FAILED = 1
EXIT_USAGE = 2


def _root_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--root",
        type=Path,
        default=None,
        help="course root (default: the repository this command belongs to)",
    )


def _progress_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")


def _jobs_default() -> int:
    """One kernel per core, at most 4 (each kernel with PyTorch loaded takes up to ~1 GB)."""
    return max(1, min(os.cpu_count() or 1, 4))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Drive the nbgrader course: validate, release, collect, autograde, "
        "status, feedback, export, bundle, demo.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "validate",
        help="lint and execute source notebooks; no free points; no leaks",
        description="Lint each source notebook, execute its reference answers through the "
        "grading pipeline (all autograded points, no errors), grade the unchanged student "
        "version (0 points) and check it leaks no solution, hidden test or model answer.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all)")
    p.add_argument("--full", action="store_true", help="COURSE_MODE=full, as students run it (default quick)")
    _sandbox_argument(p)
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=_jobs_default(),
        help="notebooks executed at once (default: cores, ≤ 4)",
    )
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per notebook (default 1800)")
    p.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: nbgrader_config)"
    )
    p.add_argument(
        "--attacks",
        action="store_true",
        help="also grade the generic attacks (autograder.adversarial) and check each earns nothing",
    )
    _root_arg(p)
    _progress_arg(p)

    p = sub.add_parser(
        "release",
        help="generate release/ from source/ (deterministic)",
        description="Generate the student version of each problem set into release/ with "
        "nbgrader (and record it in the gradebook). --check only compares.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all)")
    p.add_argument("--check", action="store_true", help="do not write: fail if release/ is out of sync")
    _root_arg(p)

    p = sub.add_parser(
        "collect",
        help="bring an LMS download (zip or folder) into submitted/",
        description="Match each notebook of a zip or folder to a student id (one layout for the whole "
        "download) and copy it to submitted/<student>/<ps>/<ps>.ipynb. Unmatched files are listed, "
        "with the reason, and kept in submitted/.unmatched/<ps>/; symlinks, devices, paths outside the "
        "download and files over the size limits are refused and listed; a notebook of another problem "
        "set (a ps2 notebook handed in for ps1) is not collected. See docs/grading.md.",
        epilog="layouts (student = the id shown in <>):\n"
        "  canvas      <name>_<12345>_67890_<file>.ipynb, <name>_LATE_<12345>_67890_<file>-1.ipynb\n"
        "              (the name may hold accents and apostrophes)\n"
        "  moodle      Jane Doe_<2002>_assignsubmission_file_/<file>.ipynb (in folders) or\n"
        "              Jane Doe_<2002>_assignsubmission_file_<file>.ipynb (flat)\n"
        "  blackboard  <ps>_<jdoe>_attempt_2024-03-01-10-15-00[_<file>].ipynb\n"
        "  folders     <jdoe>/<anything>.ipynb\n"
        "  flat        <jdoe>.ipynb, <jdoe>_ps1.ipynb, ps1_<jdoe>.ipynb (not bkim_homework1.ipynb:\n"
        "              a name that also names the work is unmatched; use --roster or --pattern)\n"
        "zip names: UTF-8 (flag or Info-ZIP field), else UTF-8 bytes, else code page 437.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("ps", metavar="PS")
    p.add_argument("path", type=Path, metavar="PATH", help="zip file or folder")
    p.add_argument(
        "--pattern",
        action="append",
        default=[],
        help="regular expression with a (?P<student>...) group, matched against the path inside the "
        "download; given, it replaces the layouts (repeatable: tried in order)",
    )
    p.add_argument(
        "--roster",
        type=Path,
        help="CSV with columns lms_id,student_id: a notebook whose id is not on it is not collected "
        "(unmatched, with the reason); students without a notebook are listed",
    )
    p.add_argument(
        "--layout",
        choices=["moodle", "canvas", "blackboard", "folders", "flat"],
        help="the layout of the whole download (default: the one that fits the most notebooks)",
    )
    _root_arg(p)

    p = sub.add_parser(
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
        default=_jobs_default(),
        help="submissions graded at once (default: the number of cores, at most 4; see docs/grading.md)",
    )
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per submission (default 600)")
    p.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: nbgrader_config)"
    )
    p.add_argument("--memory", type=int, default=4096, metavar="MB", help="address-space limit per kernel")
    _sandbox_argument(p)
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
    _root_arg(p)
    _progress_arg(p)

    p = sub.add_parser(
        "status",
        help="per student: autograded, needs manual grading, failed to grade",
        description="Per student: autograded, needs manual grading (which cells), failed "
        "to grade (why), not graded yet; with tamper findings.",
    )
    p.add_argument("ps", nargs="+", metavar="PS")
    _root_arg(p)

    p = sub.add_parser(
        "feedback",
        help="per-student HTML feedback (no hidden tests, no tracebacks)",
        description="Write feedback/<student>/<ps>/<ps>.html: test names, points (pending "
        "for ungraded manual answers) and messages, then the sanitized notebook.",
    )
    p.add_argument("ps", nargs="+", metavar="PS")
    p.add_argument("--student", action="append", default=None, metavar="ID")
    _root_arg(p)
    _progress_arg(p)

    p = sub.add_parser(
        "export",
        help="grades as CSV: totals, long, canvas or moodle",
        description="totals: nbgrader-style per student; long: per student x test with "
        "messages; canvas: a Canvas gradebook import; moodle: a Moodle grade import (both best with "
        "--template, the LMS's own export). Pending manual grades leave the score empty, never 0. "
        "With --all, the LMS formats include only the problem sets with submissions.",
    )
    p.add_argument("ps", nargs="*", metavar="PS")
    p.add_argument("--all", action="store_true", help="every problem set")
    p.add_argument("--format", choices=("totals", "long", "canvas", "moodle"), default="totals")
    p.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="CSV",
        help="canvas/moodle: the LMS's own gradebook export (Canvas: Grades > Export; Moodle: Export > "
        "Plain text file); its columns 'Name (id)' / grade items are filled and its students matched "
        "by SIS User ID, SIS Login ID or ID (Canvas), ID number, Username or Email address (Moodle)",
    )
    p.add_argument(
        "--output",
        "-o",
        type=str,
        default=None,
        help="file to write ('-' for stdout; default autograded/grades-<name>-<format>.csv)",
    )
    _root_arg(p)

    p = sub.add_parser(
        "bundle",
        help="write the student bundle (dist/<course>-<ps>.zip) and verify it",
        description="The problem sets named (default: those c.CourseBundle.release_schedule in "
        "nbgrader_config.py has released by today; without a schedule, all of them, with a warning), "
        "utils/, a README for students, constraints.txt (the grader's pins), environment.yml and "
        "pyproject.toml installing utils and nbgrader (the Validate button), data/README.md; written "
        "to dist/<course>-<label>/ and zipped to dist/<course>-<label>.zip. Verified to hold no "
        "solutions, hidden tests, autograder, gradebook or other problem sets.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets to give (default: see above)")
    p.add_argument("--output", type=Path, default=None, help="folder for bundles (default <root>/dist)")
    p.add_argument(
        "--check-venv",
        action="store_true",
        help="also build a fresh venv from the bundle alone and run a release notebook's first cells",
    )
    _root_arg(p)

    p = sub.add_parser(
        "demo",
        help="the whole pipeline on a temporary copy with sample students",
        description="Copy the course to a temporary folder, release, collect the sample "
        "students of examples/submissions/, autograde, write feedback and grades to "
        "demo-output/ and print the grade table. Offline.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all with sample students)")
    p.add_argument("--jobs", "-j", type=int, default=2)
    p.add_argument("--cell-timeout", type=int, default=30)
    _sandbox_argument(p)
    p.add_argument(
        "--output", type=Path, default=None, help="where to copy results (default <root>/demo-output)"
    )
    p.add_argument(
        "--fixture",
        action="store_true",
        help="use the tiny fixture problem set of the tests (fast) instead of the course's",
    )
    _root_arg(p)
    _progress_arg(p)
    return parser


# --- commands ------------------------------------------------------------------------------------


def cmd_validate(args) -> int:
    from autograder.validate import validate

    course = Course.at(args.root)
    pss = course.resolve(args.ps)
    started = time.monotonic()
    reports = validate(
        course,
        pss,
        mode="full" if args.full else "quick",
        jobs=args.jobs,
        timeout=args.timeout,
        cell_timeout=args.cell_timeout,
        attacks=args.attacks,
        progress=args.progress,
        sandbox=args.sandbox,
    )
    for rep in reports:
        print(f"{rep.ps.name}: {'OK' if rep.ok else 'FAILED'}")
        for note in rep.notes:
            print(f"  {note}")
        for w in rep.warnings:
            print(f"  warning: {w}")
        for prob in rep.problems:
            print(f"  PROBLEM: {prob}")
    bad = [r.ps.short for r in reports if not r.ok]
    mode = "full" if args.full else "quick"
    print(
        f"validate: {len(reports) - len(bad)}/{len(reports)} problem sets OK ({mode} mode, "
        f"{time.monotonic() - started:.0f} s)" + (f"; failed: {', '.join(bad)}" if bad else "")
    )
    return EXIT_FAILED if bad else 0


def cmd_release(args) -> int:
    from autograder import release

    course = Course.at(args.root)
    pss = course.resolve(args.ps)
    if args.check:
        problems = []
        for ps in pss:
            problems += release.release_differences(course, ps)
        for p in problems:
            print(f"  {p}")
        print(
            f"release --check: {'in sync' if not problems else 'OUT OF SYNC'} for {len(pss)} problem sets"
            + ("; run `course release`" if problems else "")
        )
        return EXIT_FAILED if problems else 0
    changed = []
    for ps in pss:
        path, was_changed = release.release(course, ps)
        print(f"  {path.relative_to(course.root)}{' (updated)' if was_changed else ''}")
        if was_changed:
            changed.append(ps.short)
    print(
        f"release: {len(pss)} problem sets generated, {len(changed)} changed"
        + (f" ({', '.join(changed)})" if changed else "")
    )
    return 0


def cmd_collect(args) -> int:
    from autograder.collect import collect

    course = Course.at(args.root)
    ps = course.resolve([args.ps])[0]
    report = collect(course, ps, args.path, patterns=args.pattern, roster=args.roster, layout=args.layout)
    for student in sorted(report.collected):
        mark = "new/changed" if student in report.updated else "unchanged"
        print(f"  {student:<20} <- {report.collected[student]} ({mark})")
    for path, why in report.unmatched:
        print(f"  NOT MATCHED: {path}: {why}")
    for warning in report.warnings:
        print(f"  WARNING: {warning}")
    if any(not why.startswith("refused") for _path, why in report.unmatched):
        print(f"  (kept in {(course.submitted / '.unmatched' / ps.name).relative_to(course.root)}/)")
    print(f"collect: {report.line()}")
    return EXIT_FAILED if not report.collected else 0


def _print_autograde(summary, course=None, ps=None) -> None:
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


def _dask_executor(args):
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


def _sandbox_argument(p) -> None:
    p.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        help="run kernels without the bubblewrap sandbox (only where it cannot be built; results are "
        "marked unsandboxed; see docs/grading.md)",
    )


def cmd_autograde(args) -> int:
    import contextlib

    course = Course.at(args.root)
    pss = course.resolve(args.ps)
    with contextlib.ExitStack() as stack:
        executor = stack.enter_context(_dask_executor(args)) if args.dask else None
        return _autograde_all(args, course, pss, executor)


def _autograde_all(args, course, pss, executor) -> int:
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
            return 130
    return EXIT_FAILED if failed else 0


def status_counts(recs: list) -> dict[str, int]:
    """Students per state for `course status`: complete, manual (and its pending cells), failed,
    waiting, missing. Every record is in exactly one state, so the parts add up to the roster."""
    manual = [r for r in recs if r.status == "graded" and r.pending]
    return {
        "complete": sum(1 for r in recs if r.status == "graded" and not r.pending),
        "manual": len(manual),
        "cells": sum(len(r.pending) for r in manual),
        "waiting": sum(1 for r in recs if r.status == "not graded"),
        "missing": sum(1 for r in recs if r.status == "no submission"),
        "failed": sum(1 for r in recs if r.status not in ("graded", "not graded", "no submission")),
    }


def cmd_status(args) -> int:
    from autograder.export import status_table

    course = Course.at(args.root)
    for ps in course.resolve(args.ps):
        recs, table = status_table(course, ps)
        print(table)
        n = status_counts(recs)
        print(  # the parts add up to the students listed
            f"status: {ps.name}: {len(recs)} students — {n['complete']} autograded and complete, "
            f"{n['manual']} need manual grading ({n['cells']} cells), {n['failed']} failed to grade, "
            f"{n['waiting']} not graded yet, {n['missing']} without a submission"
        )
    return 0


def cmd_feedback(args) -> int:
    from autograder.feedback import feedback

    course = Course.at(args.root)
    bad = False
    for ps in course.resolve(args.ps):
        pages, problems = feedback(course, ps, students=args.student, progress=args.progress)
        for p in problems:
            print(f"  PROBLEM: {p}")
        rel = (course.feedback / "<student>" / ps.name / f"{ps.name}.html").relative_to(course.root)
        print(
            f"feedback: {ps.name}: {len(pages)} pages written to {rel}"
            + (f", {len(problems)} refused" if problems else "")
        )
        bad = bad or bool(problems)
    return EXIT_FAILED if bad else 0


def cmd_export(args) -> int:
    from autograder.export import collected, export

    course = Course.at(args.root)
    if args.all == bool(args.ps):
        raise CourseError("give problem sets or --all (not both)")
    pss = course.resolve([] if args.all else args.ps)
    if args.all and args.format in ("canvas", "moodle"):
        pss = collected(course, pss)
        if not pss:
            raise CourseError("no problem set has submissions yet: nothing to export")
    name = "all" if args.all else "-".join(ps.short for ps in pss)
    warnings: list[str] = []
    out = None
    if args.output != "-":
        out = Path(args.output) if args.output else course.autograded / f"grades-{name}-{args.format}.csv"
    _path, text = export(course, pss, args.format, out, template=args.template, warnings=warnings)
    for w in warnings:
        eprint(f"export: {w}")
    rows = text.count(chr(10)) - 1
    if out is None:
        sys.stdout.write(text)
        eprint(f"export: {args.format} CSV for {name}: {rows} rows")
    else:
        print(f"export: {args.format} CSV for {name}: {rows} rows -> {out}")
    return 0


def cmd_bundle(args) -> int:
    from autograder.bundle import bundle, choose_problem_sets, verify_venv

    course = Course.at(args.root)
    pss, label, warnings = choose_problem_sets(course, args.ps)
    for w in warnings:
        eprint(f"bundle: warning: {w}")
    dist = args.output or course.root / "dist"
    name = f"{course.course_id()}-{label}"
    out = dist / name
    report = bundle(course, out, pss, archive=dist / f"{name}.zip")
    for p in report.problems:
        print(f"  PROBLEM: {p}")
    extra = ""
    if args.check_venv and not report.problems:
        seconds, problems = verify_venv(out)
        for p in problems:
            print(f"  PROBLEM: {p}")
        report.problems += problems
        extra = f"; fresh venv {'OK' if not problems else 'FAILED'} ({seconds:.0f} s)"
    print(
        f"bundle: {report.archive or out} — {report.files} files, {len(report.notebooks)} notebooks "
        f"({', '.join(ps.short for ps in pss)}), {'verified' if not report.problems else 'NOT CLEAN'}{extra}"
    )
    return EXIT_FAILED if report.problems else 0


def cmd_demo(args) -> int:
    from autograder.demo import demo

    course = Course.at(args.root)
    return demo(
        course,
        args.ps,
        jobs=args.jobs,
        cell_timeout=args.cell_timeout,
        output=args.output,
        fixture=args.fixture,
        progress=args.progress,
        sandbox=args.sandbox,
    )


COMMANDS = {
    "validate": cmd_validate,
    "release": cmd_release,
    "collect": cmd_collect,
    "autograde": cmd_autograde,
    "status": cmd_status,
    "feedback": cmd_feedback,
    "export": cmd_export,
    "bundle": cmd_bundle,
    "demo": cmd_demo,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "jobs", 1) is not None and getattr(args, "jobs", 1) < 1:
        eprint("course: --jobs must be at least 1")
        return EXIT_USAGE
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        return COMMANDS[args.command](args)
    except CourseError as exc:
        eprint(f"course {args.command}: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        eprint(f"course {args.command}: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())

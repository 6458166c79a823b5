"""`course bundle [PS ...]`: the student bundle in dist/, verified (autograder.bundle)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands._common import EXIT_FAILED, Subparsers, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
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
    root_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Write and verify the bundle (and with --check-venv a fresh venv from it); fails when not clean."""
    from autograder.bundle import bundle, choose_problem_sets, verify_venv
    from autograder.course import Course, eprint

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

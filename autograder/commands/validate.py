"""`course validate [PS ...]`: lint, execute, no free points, no leaks (autograder.validate)."""

from __future__ import annotations

import argparse
import time

from autograder.commands._common import (
    EXIT_FAILED,
    Subparsers,
    cell_timeout_arg,
    jobs_default,
    progress_arg,
    root_arg,
    sandbox_arg,
)


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "validate",
        help="lint and execute source notebooks; no free points; no leaks",
        description="Lint each source notebook, execute its reference answers through the "
        "grading pipeline (all autograded points, no errors), grade the unchanged student "
        "version (0 points) and check it leaks no solution, hidden test or model answer.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all)")
    p.add_argument("--full", action="store_true", help="COURSE_MODE=full, as students run it (default quick)")
    sandbox_arg(p)
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=jobs_default(),
        help="notebooks executed at once (default: cores, ≤ 4)",
    )
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per notebook (default 1800)")
    cell_timeout_arg(p)
    p.add_argument(
        "--attacks",
        action="store_true",
        help="also grade the generic attacks (autograder.adversarial) and check each earns nothing",
    )
    root_arg(p)
    progress_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Validate each problem set named (default all); one block per problem set, then a summary."""
    from autograder.course import Course
    from autograder.validate import validate

    course = Course.at(args.root)
    pss = course.resolve(args.ps)
    mode = "full" if args.full else "quick"
    started = time.monotonic()
    reports = validate(
        course,
        pss,
        mode=mode,
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
    print(
        f"validate: {len(reports) - len(bad)}/{len(reports)} problem sets OK ({mode} mode, "
        f"{time.monotonic() - started:.0f} s)" + (f"; failed: {', '.join(bad)}" if bad else "")
    )
    return EXIT_FAILED if bad else 0

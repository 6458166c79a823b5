"""`course feedback PS ...`: per-student HTML feedback without hidden tests (autograder.feedback)."""

from __future__ import annotations

import argparse

from autograder.commands._common import EXIT_FAILED, Subparsers, progress_arg, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "feedback",
        help="per-student HTML feedback (no hidden tests, no tracebacks)",
        description="Write feedback/<student>/<ps>/<ps>.html: test names, points (pending "
        "for ungraded manual answers) and messages, then the sanitized notebook.",
    )
    p.add_argument("ps", nargs="+", metavar="PS")
    p.add_argument("--student", action="append", default=None, metavar="ID")
    root_arg(p)
    progress_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Write the feedback pages; fails (EXIT_FAILED) when any page was refused."""
    from autograder.course import Course
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

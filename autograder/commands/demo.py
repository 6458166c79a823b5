"""`course demo [PS ...]`: the whole pipeline on a temporary copy with sample students (autograder.demo)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands._common import Subparsers, progress_arg, root_arg, sandbox_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "demo",
        help="the whole pipeline on a temporary copy with sample students",
        description="Copy the course to a temporary folder, release, collect the sample "
        "students of examples/submissions/, autograde, write feedback and grades to "
        "demo-output/ and print the grade table. Offline.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all with sample students)")
    p.add_argument("--jobs", "-j", type=int, default=2)
    p.add_argument("--cell-timeout", type=int, default=30)
    sandbox_arg(p)
    p.add_argument(
        "--output", type=Path, default=None, help="where to copy results (default <root>/demo-output)"
    )
    p.add_argument(
        "--fixture",
        action="store_true",
        help="use the tiny fixture problem set of the tests (fast) instead of the course's",
    )
    root_arg(p)
    progress_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """`autograder.demo.demo` on the course at --root; its exit code."""
    from autograder.course import Course
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

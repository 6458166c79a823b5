"""`course export PS ... | --all`: grades as totals, long, Canvas or Moodle CSV (autograder.export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.commands._common import Subparsers, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
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
    root_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Write one CSV (to a file, or to stdout with `-o -`, the summary then on stderr)."""
    from autograder.course import Course, CourseError, eprint
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

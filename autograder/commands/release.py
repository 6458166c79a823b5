"""`course release [PS ...]`: source/ -> release/ with nbgrader; --check only compares."""

from __future__ import annotations

import argparse

from autograder.commands._common import EXIT_FAILED, Subparsers, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "release",
        help="generate release/ from source/ (deterministic)",
        description="Generate the student version of each problem set into release/ with "
        "nbgrader (and record it in the gradebook). --check only compares.",
    )
    p.add_argument("ps", nargs="*", metavar="PS", help="problem sets (default: all)")
    p.add_argument("--check", action="store_true", help="do not write: fail if release/ is out of sync")
    root_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Generate (or with --check compare) release/<ps>/ for each problem set named (default all)."""
    from autograder import release
    from autograder.course import Course

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

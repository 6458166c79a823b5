"""`course status PS ...`: per student, graded / needs manual grading / failed (autograder.export)."""

from __future__ import annotations

import argparse

from autograder.commands._common import Subparsers, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "status",
        help="per student: autograded, needs manual grading, failed to grade",
        description="Per student: autograded, needs manual grading (which cells), failed "
        "to grade (why), not graded yet; with tamper findings.",
    )
    p.add_argument("ps", nargs="+", metavar="PS")
    root_arg(p)
    return p


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


def run(args: argparse.Namespace) -> int:
    """The status table of each problem set named, then a line of counts."""
    from autograder.course import Course
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

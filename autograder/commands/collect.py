"""`course collect PS PATH`: an LMS download (zip or folder) -> submitted/ (autograder.collect)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.commands._common import EXIT_FAILED, Subparsers, root_arg


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
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
    root_arg(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Collect one problem set's notebooks; fails (EXIT_FAILED) when no student was matched."""
    from autograder.collect import collect
    from autograder.course import Course

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

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

One module per subcommand in `autograder/commands/` (its arguments and its work); this module
assembles the parser from `autograder.commands.COMMANDS` and dispatches to the chosen one.
"""

from __future__ import annotations

import argparse
import os
import sys

from autograder.commands import COMMANDS
from autograder.commands._common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from autograder.commands.status import status_counts

__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_USAGE", "build_parser", "main", "status_counts"]


def build_parser() -> argparse.ArgumentParser:
    """`course` and one subparser per entry of `COMMANDS`, in its order."""
    parser = argparse.ArgumentParser(
        prog="course",
        description="Drive the nbgrader course: validate, release, collect, autograde, "
        "status, feedback, export, bundle, demo.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS.values():
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse `argv` (default sys.argv[1:]), run the subcommand; its exit code, EXIT_FAILED on a
    CourseError (its message on stderr), EXIT_USAGE on bad arguments, 130 on Ctrl-C."""
    args = build_parser().parse_args(argv)
    # After parsing: `--help` and usage errors exit above without importing nbformat (autograder.course).
    from autograder.course import CourseError, eprint

    if getattr(args, "jobs", 1) is not None and getattr(args, "jobs", 1) < 1:
        eprint("course: --jobs must be at least 1")
        return EXIT_USAGE
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        return COMMANDS[args.command].run(args)
    except CourseError as exc:
        eprint(f"course {args.command}: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        eprint(f"course {args.command}: interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())

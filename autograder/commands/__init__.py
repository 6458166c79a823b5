"""The `course` subcommands, one module each, named as its subcommand (as nbgrader's `apps/`).

Every module here defines

    add_parser(subparsers) -> argparse.ArgumentParser   its subparser, the arguments beside it
    run(args: argparse.Namespace) -> int                 the work, then the exit code

and imports what it works with (nbgrader, the grading machinery, NumPy, PyTorch) inside `run`, so
that building the parser, and so `course --help`, imports none of it. Arguments several
subcommands share, and the exit codes, live in `_common`. `autograder.cli` assembles the parser
from `COMMANDS` and dispatches to `run`.
"""

from __future__ import annotations

from types import ModuleType

from autograder.commands import autograde, bundle, collect, demo, export, feedback, release, status, validate

# name -> module, in the order `course --help` lists them: the order work flows through a course.
COMMANDS: dict[str, ModuleType] = {
    module.__name__.rpartition(".")[2]: module
    for module in (validate, release, collect, autograde, status, feedback, export, bundle, demo)
}

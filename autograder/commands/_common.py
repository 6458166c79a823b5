"""What every `course` subcommand shares: the common arguments and the exit codes.

Each helper adds one argument to a subcommand's parser, with the same name, default and help
wherever it appears; the exit codes are those of `course` (docs/grading.md).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

EXIT_FAILED = 1  # the work failed (a problem set not OK, a submission not graded, a CourseError)
EXIT_USAGE = 2  # bad arguments (argparse exits with 2 as well)
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it

# What `add_subparsers()` returns; argparse does not export the class under a public name.
Subparsers = argparse._SubParsersAction


def root_arg(p: argparse.ArgumentParser) -> None:
    """--root: the course root (default None: `Course.at` takes the repository)."""
    p.add_argument(
        "--root",
        type=Path,
        default=None,
        help="course root (default: the repository this command belongs to)",
    )


def progress_arg(p: argparse.ArgumentParser) -> None:
    """--no-progress: `args.progress` is False (default True)."""
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")


def sandbox_arg(p: argparse.ArgumentParser) -> None:
    """--no-sandbox: `args.sandbox` is False (default True)."""
    p.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        help="run kernels without the bubblewrap sandbox (only where it cannot be built; results are "
        "marked unsandboxed; see docs/grading.md)",
    )


def cell_timeout_arg(p: argparse.ArgumentParser) -> None:
    """--cell-timeout: seconds per cell, default None (nbgrader_config's)."""
    p.add_argument(
        "--cell-timeout", type=int, default=None, help="seconds per cell (default: nbgrader_config)"
    )


def jobs_default() -> int:
    """One kernel per core, at most 4 (each kernel with PyTorch loaded takes up to ~1 GB)."""
    return max(1, min(os.cpu_count() or 1, 4))

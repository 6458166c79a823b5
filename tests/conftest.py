"""Shared fixtures and the corpus summary printed at the end of the run."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

CORPUS_SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    if CORPUS_SUMMARY:
        terminalreporter.section("submission corpus")
        for line in CORPUS_SUMMARY:
            terminalreporter.write_line(line)

"""What `collect` reports: one file of a download (`Entry`), the run's report, the layouts and the
tie rule, and printing a hostile path safely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from autograder.problemsets import ProblemSet

LAYOUTS = ("moodle", "canvas", "blackboard", "folders", "flat")
TIE_RULE = (
    "the later one is taken (time of the attempt, else of the zip entry), then the higher "
    "resubmission number (-2 over -1), then the last path in sort order"
)


@dataclass
class Entry:
    """One file of the download (its content is read only when needed, see `Download.read`)."""

    path: str  # relative, POSIX, valid UTF-8, inside the download
    size: int
    mtime: dt.datetime | None = None
    key: object = None  # the ZipInfo, or the file's Path


@dataclass
class CollectReport:
    ps: ProblemSet
    layout: str = ""
    collected: dict[str, str] = field(default_factory=dict)  # student -> source path
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): kept or refused
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.ps.name}: {len(self.collected)} submissions collected ({len(self.updated)} new or "
            f"changed, {len(self.unchanged)} unchanged), {len(self.unmatched)} files not matched"
            + (f", layout {self.layout}" if self.layout else "")
            + (f", {len(self.warnings)} warnings" if self.warnings else "")
        )


def show(path: str) -> str:
    """A path as it can be printed safely (control characters, e.g. terminal escapes, made visible)."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape", "backslashreplace").decode()
        for ch in path
    )

"""Where the course's problem sets live, by their short names (`ps1`) and folder names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDER = re.compile(r"^(?P<short>ps\d+)_[a-z0-9_]+$")


@dataclass(frozen=True)
class ProblemSet:
    """One problem set: `short` ("ps1") names its checks module, `name` its nbgrader assignment."""

    short: str
    name: str
    root: Path = REPO

    @property
    def source(self) -> Path:
        return self.root / "source" / self.name / f"{self.name}.ipynb"

    @property
    def release(self) -> Path:
        return self.root / "release" / self.name / f"{self.name}.ipynb"

    @property
    def corpus(self) -> Path:
        return self.root / "tests" / "submissions" / self.short

    @property
    def examples(self) -> Path:
        return self.root / "examples" / "submissions" / self.short


def discover(root: Path = REPO) -> list[ProblemSet]:
    """Every problem set with a source notebook under `root/source`, in order."""
    found = []
    for folder in sorted((root / "source").glob("ps*")):
        m = FOLDER.match(folder.name)
        if m and (folder / f"{folder.name}.ipynb").exists():
            found.append(ProblemSet(m["short"], folder.name, root))
    return found


def resolve(name: str, root: Path = REPO) -> ProblemSet:
    """A problem set by short name (`ps1`) or full name (`ps1_backprop_by_hand`)."""
    for ps in discover(root):
        if name in (ps.short, ps.name):
            return ps
    known = ", ".join(p.name for p in discover(root)) or "none"
    raise KeyError(f"no problem set {name!r} (known: {known})")

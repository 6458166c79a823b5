"""What the analysis talks about: a `Violation` (given code that passed a graded check), the `Analysis`
(violations, notes, runs, seconds; to and from JSON), a `Candidate` (given code that may stand in for an
answer) and a `Slot` (one graded argument of one hidden line)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Violation:
    """Given code that passed a graded check."""

    given: str  # what passed: "ps5 cell ps5-bug-helpers: backward_impl2", "utils.gradcheck.rel_error"
    given_ps: str | None  # the problem set whose notebook gives it (None: utils)
    check_ps: str
    check: str
    argument: str  # the graded name it stood in for

    def __str__(self) -> str:
        return (f"given code solves a graded task: {self.given} passes the check "
                f"{self.check_ps}.{self.check} standing in for {self.argument}")


@dataclass
class Analysis:
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"violations": [asdict(v) for v in self.violations], "notes": self.notes, "runs": self.runs,
                "seconds": self.seconds}

    @classmethod
    def from_dict(cls, d: dict) -> Analysis:
        return cls([Violation(**v) for v in d.get("violations", [])], list(d.get("notes", [])),
                   int(d.get("runs", 0)), float(d.get("seconds", 0.0)))


@dataclass
class Candidate:
    label: str
    ps: str | None
    obj: Any


@dataclass
class Slot:
    """One graded argument of one hidden line: `run_check(ps, check, *args, **kwargs)`."""

    ps: str
    check: str
    args: list[Any]
    kwargs: dict[str, Any]
    position: int | str  # index into args, or keyword
    name: str  # the graded name

    @property
    def value(self) -> Any:
        return self.args[self.position] if isinstance(self.position, int) else self.kwargs[self.position]

    def with_value(self, value: Any) -> tuple[list[Any], dict[str, Any]]:
        args, kwargs = list(self.args), dict(self.kwargs)
        if isinstance(self.position, int):
            args[self.position] = value
        else:
            kwargs[self.position] = value
        return args, kwargs

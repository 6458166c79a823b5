"""The layouts of LMS downloads (Canvas, Moodle, Blackboard, folders, flat, `--pattern`): one rule per
layout that names the student of a path, and the choice of layout for a whole download."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from autograder.course import CourseError
from autograder.problemsets import ProblemSet

# --- layouts ---------------------------------------------------------------------------------------

# Canvas: <name>_[LATE_]<user id>_<submission id>_<file>; the name is the student's, lower-cased and
# squeezed, and may keep letters with accents and apostrophes (obriénzoë, o'brienzoe).
CANVAS = re.compile(r"^[^/_]+(?:_LATE)?_(?P<student>\d+)_\d+_[^/]+\.ipynb$", re.I)
MOODLE_FOLDER = re.compile(r"^[^/]*_(?P<student>\d+)_assignsubmission_file_?$", re.I)
# Moodle without "download submissions in folders": Jane Doe_2002_assignsubmission_file_ps1.ipynb
MOODLE_FLAT = re.compile(r"^[^/]*?_(?P<student>\d+)_assignsubmission_file_[^/]*\.ipynb$", re.I)
BLACKBOARD = re.compile(
    r"^[^/]*?_(?P<student>[^_/]+)_attempt_(?P<time>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_[^/]*)?\.ipynb$",
    re.I,
)


def _flat_patterns(ps: ProblemSet) -> list[re.Pattern[str]]:
    names = "|".join(re.escape(n) for n in (ps.name, ps.short))
    return [
        re.compile(rf"^(?:{names})[_\-](?P<student>[^/_\-][^/]*?)\.ipynb$", re.I),
        re.compile(rf"^(?P<student>[^/]+?)[_\-](?:{names})(?:[_\-][^/]*)?\.ipynb$", re.I),
        re.compile(r"^(?P<student>[^/]+)\.ipynb$"),
    ]


# A part of a flat file name that names the work, not the student ("bkim_homework1", "jdoe-final-v2"):
# such a name is not taken as a student id (give --roster or --pattern).
_WORK = (
    r"homework|hw|assignment|assign|pset|ps|problem[_\- ]?set|lab|exercises?|ex|sheet|submission|notebook"
    r"|final|draft|copy|version|v"
)
_WORK_ALONE = r"homework|assignment|problem[_\- ]?set|exercises?|submission|notebook|untitled|solutions?"
NOT_A_STUDENT = re.compile(
    rf"[_\-. ](?:{_WORK})[_\- ]?\d*(?:$|[_\-. ])|^(?:{_WORK_ALONE})[_\- ]?\d*$", re.I
)


@dataclass
class Match:
    student: str
    time: dt.datetime | None = None


def _attempt_time(match: re.Match[str]) -> dt.datetime | None:
    text = match.groupdict().get("time")
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d-%H-%M-%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _layout_rules(ps: ProblemSet, patterns: list[str]) -> dict[str, Callable[[str], Match | None]]:
    """Each layout's rule: the path of a notebook inside the download -> its student (or None).

    With `--pattern`s, the one rule they make; else one rule per known layout."""
    if patterns:
        return {"pattern": _pattern_rule(patterns)}
    return {
        "moodle": _moodle_rule,
        "canvas": _by_name_rule(CANVAS),
        "blackboard": _by_name_rule(BLACKBOARD),
        "folders": _folders_rule,
        "flat": _flat_rule(ps),
    }


def _by_name_rule(regex: re.Pattern[str]) -> Callable[[str], Match | None]:
    """The rule of an LMS that names files (Canvas, Blackboard): the student (and time) in the name."""

    def rule(path: str) -> Match | None:
        if "/" in path:
            return None
        m = regex.match(path)
        return Match(m.group("student"), _attempt_time(m)) if m else None

    return rule


def _moodle_rule(path: str) -> Match | None:
    """Moodle: a folder per student (or its flat file naming)."""
    top, _, rest = path.partition("/")
    m = MOODLE_FOLDER.match(top) if rest else MOODLE_FLAT.match(path)
    return Match(m.group("student")) if m else None


def _folders_rule(path: str) -> Match | None:
    """Generic folders: the top folder names the student."""
    top, _, rest = path.partition("/")
    return Match(top) if rest else None


def _flat_rule(ps: ProblemSet) -> Callable[[str], Match | None]:
    """Generic flat files: a student id in the file name, not the problem set's or homework's name."""
    flat = _flat_patterns(ps)
    ps_names = (ps.name.lower(), ps.short.lower())

    def rule(path: str) -> Match | None:
        if "/" in path:
            return None
        stem = PurePosixPath(path).stem.lower()
        for regex in flat:
            m = regex.match(path)
            if m and m.group("student").strip():
                candidate = m.group("student").strip()
                if candidate.lower() in stem and stem in ps_names:
                    continue  # "ps1_backprop_by_hand.ipynb" names the problem set, not a student
                if NOT_A_STUDENT.search(candidate):
                    continue  # "bkim_homework1": a student and the homework, not an id
                return Match(candidate)
        return None

    return rule


def _compile_patterns(patterns: list[str]) -> list[re.Pattern[str]]:
    """The `--pattern`s compiled; each must be a regular expression with a (?P<student>...) group."""
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise CourseError(f"--pattern {p!r} is not a regular expression: {exc}") from None
        if "student" not in compiled[-1].groupindex:
            raise CourseError(f"--pattern {p!r} has no (?P<student>...) group")
    return compiled


def _pattern_rule(patterns: list[str]) -> Callable[[str], Match | None]:
    """The rule of the `--pattern`s: the first that matches the path with a non-empty student."""
    compiled = _compile_patterns(patterns)

    def rule(path: str) -> Match | None:
        for regex in compiled:
            m = regex.match(path)
            if m and (m.group("student") or "").strip():
                return Match(m.group("student").strip(), _attempt_time(m))
        return None

    return rule


SPECIFIC = ("moodle", "canvas", "blackboard")  # an LMS's own naming; folders and flat are generic


def choose_layout(fits: dict[str, dict], total: int) -> tuple[str, dict[str, int]]:
    """The layout of a download, from what each layout's rule makes of each notebook: the first (in
    LAYOUTS order) that fits every notebook; else the one that fits the most, where a generic layout
    (folders, flat) counts only the notebooks that no LMS layout fits. Returns (layout, counts)."""
    claimed = {k for name in SPECIFIC if name in fits for k, m in fits[name].items() if m is not None}
    counts = {}
    for name, found in fits.items():
        hits = {k for k, m in found.items() if m is not None}
        if len(hits) == total:
            return name, {n: sum(m is not None for m in f.values()) for n, f in fits.items()}
        counts[name] = len(hits if name in SPECIFIC or name == "pattern" else hits - claimed)
    return max(fits, key=lambda name: counts[name]), counts


def _named_in_file_name(path: str, ps: ProblemSet) -> list[str]:
    """The students a notebook's own file name names, read by each file-name layout."""
    name = PurePosixPath(path).name
    found = []
    for regex in (CANVAS, BLACKBOARD, *_flat_patterns(ps)):
        m = regex.match(name)
        if m and m.group("student").strip():
            found.append(m.group("student").strip())
    return found

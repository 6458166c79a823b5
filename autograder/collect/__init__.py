"""`course collect PS PATH`: an LMS download (zip or folder) into `submitted/<student>/<ps>/<ps>.ipynb`.

Every file of a download is treated as hostile. ONE layout is chosen for the whole download, and each
notebook is matched by that layout's rule alone (never by trying every pattern on each file):
- `canvas`:     top-level files `doejane_12345_67890_ps1_backprop_by_hand.ipynb`,
                `doejane_LATE_12345_67890_ps1-1.ipynb`, `obriénzoë_12346_...` (student = the Canvas user
                id 12345; the name part may hold any letters, accents and apostrophes)
- `moodle`:     `Jane Doe_12345_assignsubmission_file_/ps1.ipynb` (submissions in folders) or
                `Jane Doe_12345_assignsubmission_file_ps1.ipynb` (flat); student = 12345
- `blackboard`: top-level files `ps1_jdoe_attempt_2024-03-01-10-15-00_ps1.ipynb` (student = jdoe;
                time = the attempt)
- `folders`:    a folder per student, `jdoe/anything.ipynb` (student = the folder)
- `flat`:       top-level files `jdoe.ipynb`, `jdoe_ps1.ipynb`, `ps1_jdoe.ipynb`, `jdoe-ps1_....ipynb`;
                a name that also names the work (`bkim_homework1.ipynb`, `Untitled.ipynb`) names no
                student: it is listed unmatched (use --roster or --pattern)
- `pattern`:    `--pattern REGEX` (repeatable, tried in order), with a `student` group, matched against
                the path inside the download; given, it is the only rule.
Without `--layout`/`--pattern`, the layout is the first (in the order above) that fits every notebook,
else the one that fits the most (`choose_layout`); notebooks that do not fit it are listed, unmatched.
`--roster CSV` (columns `lms_id`, `student_id`) maps LMS ids to course ids; a notebook whose id is not
on it is not collected (unmatched, with the reason), and students without a notebook are listed.

Names in zips: with the zip's UTF-8 flag, UTF-8; without it, Info-ZIP's Unicode Path field, else the
bytes as UTF-8 when they are valid UTF-8 (Info-ZIP, Python, macOS), else code page 437 (Windows).

A notebook of another problem set (fewer than half of its graded cells are this one's, and another
release holds more of them: a ps2 notebook handed in for ps1) is not collected: it is listed as "is
ps2", kept in `.unmatched`.

Refused, with the reason, and never copied anywhere: symbolic links, hard links, device files, pipes and
sockets (from a zip or a folder); paths that leave the download (`..`, absolute); names that are not
valid UTF-8; files over MAX_FILE_BYTES (notebooks over `tamper.MAX_BYTES`); everything after
MAX_TOTAL_BYTES of content or MAX_ENTRIES files (a zip bomb); in a folder layout, a notebook whose file
name names another student than its folder; student ids that are not plain ASCII (`STUDENT_ID`) or
that differ only in case from another student's. Two notebooks of one student: the later one (time of
the attempt, else of the zip entry), then the higher Canvas resubmission number (`-2` over `-1`), then
the last path in sort order; the other is listed with that rule.

Nothing else is dropped: files that match no student, are not notebooks, or lose to another notebook
of the same student go to `submitted/.unmatched/<ps>/` and are listed. A student's notebook is renamed
to `<ps>.ipynb`; the submission time (from the file name, else the zip entry) goes to `timestamp.txt`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

from autograder import tamper
from autograder.collect.download import MAX_ENTRIES, MAX_FILE_BYTES, MAX_TOTAL_BYTES, Download, read_download
from autograder.collect.layouts import Match, _layout_rules, _named_in_file_name, choose_layout
from autograder.collect.model import LAYOUTS, TIE_RULE, CollectReport, Entry, show
from autograder.collect.problem_set import grade_ids, other_problem_set, release_ids
from autograder.course import STUDENT_ID, Course, CourseError
from autograder.problemsets import ProblemSet

# --- collecting ------------------------------------------------------------------------------------


__all__ = [
    "collect", "read_download", "CollectReport", "Entry", "show", "LAYOUTS", "TIE_RULE", "choose_layout",
    "grade_ids", "release_ids", "other_problem_set", "MAX_ENTRIES", "MAX_FILE_BYTES", "MAX_TOTAL_BYTES",
    "CourseError",
]

def _roster(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if rows and not {"lms_id", "student_id"} <= set(rows[0]):
        raise CourseError(f"{path}: the roster needs the columns lms_id and student_id")
    return {r["lms_id"].strip(): (r.get("student_id") or "").strip() for r in rows if r.get("lms_id")}


def _resubmission_rank(path: str) -> int:
    """Canvas appends -1, -2 ... to re-submitted files: a higher number is newer."""
    m = re.search(r"-(\d+)\.ipynb$", path)
    return int(m.group(1)) if m else 0


def collect(
    course: Course,
    ps: ProblemSet,
    download: Path,
    *,
    patterns: list[str] | None = None,
    roster: Path | None = None,
    layout: str | None = None,
) -> CollectReport:
    """Bring the notebooks of `download` into submitted/ (see the module docstring)."""
    mapping = _roster(roster)
    rules = _layout_rules(ps, list(patterns or []))
    if layout is not None and not patterns:
        if layout not in rules:
            raise CourseError(f"--layout must be one of {', '.join(LAYOUTS)}")
        rules = {layout: rules[layout]}
    report = CollectReport(ps)
    with Download(Path(download)) as dl:
        if not dl.entries and not dl.refused:
            raise CourseError(f"{download} holds no files")
        for path, why in dl.refused:
            report.unmatched.append((show(path), f"refused: {why}"))
        _collect(course, ps, dl, rules, mapping, report)
    return report


def _collect(course, ps, dl: Download, rules, mapping: dict[str, str], report: CollectReport) -> None:
    """Collect the notebooks of an opened download into submitted/, step by step (`_Collection`)."""
    run = _Collection(course, ps, dl, mapping, report)
    notebooks = run.notebooks()
    matches = run.choose_layout(rules, notebooks)
    candidates = run.candidates(notebooks, matches)
    run.refuse_case_twins(candidates)
    for student, found in sorted(candidates.items()):
        run.store_newest(student, found)
    run.warn_missing_from_roster()


Candidates = dict[str, list[tuple[tuple, Entry]]]  # student -> [(rank, entry)], the newest ranks highest


class _Collection:
    """One run of `collect` over an opened download: what it needs and what it reports."""

    def __init__(self, course, ps, dl: Download, mapping: dict[str, str], report: CollectReport) -> None:
        self.course, self.ps, self.dl = course, ps, dl
        self.mapping = mapping
        self.report = report
        self.releases = release_ids(course)
        self.chosen = ""

    def unmatched(self, entry: Entry, why: str) -> None:
        """List `entry` as not collected (and keep a copy, see `_unmatched`)."""
        _unmatched(self.course, self.ps, self.dl, entry, why, self.report)

    def course_id(self, lms: str) -> str:
        """The course's id of a student named `lms` by the download (the roster's, if any)."""
        return self.mapping.get(lms) or lms

    def notebooks(self) -> list[Entry]:
        """The download's notebooks; every other file is listed as unmatched."""
        notebooks = [e for e in self.dl.entries if e.path.lower().endswith(".ipynb")]
        for entry in self.dl.entries:
            if entry not in notebooks:
                self.unmatched(entry, "not a notebook (.ipynb)")
        return notebooks

    def choose_layout(self, rules, notebooks: list[Entry]) -> dict[int, Match | None]:
        """One layout for the whole download (see `choose_layout`); warn if it leaves notebooks out.
        Returns its match of each notebook, by id(entry)."""
        fits = {name: {id(e): rule(e.path) for e in notebooks} for name, rule in rules.items()}
        chosen, counts = choose_layout(fits, len(notebooks))
        self.report.layout = self.chosen = chosen
        others = [f"{n} {c}" for n, c in counts.items() if n != chosen and c]
        if notebooks and counts[chosen] < len(notebooks):
            self.report.warnings.append(
                f"layout {chosen} fits {counts[chosen]} of {len(notebooks)} notebooks (other layouts: "
                f"{', '.join(others) or 'none'}); the rest are not matched (use --layout or --pattern)"
            )
        return fits[chosen]

    def candidates(self, notebooks: list[Entry], matches: dict[int, Match | None]) -> Candidates:
        """Each student's notebooks with their rank (time, re-submission number, path); notebooks that
        match no (valid, rostered) student are listed as unmatched or refused."""
        known = {s.lower() for s in self.mapping} | {s.lower() for s in self.mapping.values() if s}
        known |= {m.student.lower() for m in matches.values() if m is not None}
        candidates: Candidates = {}
        for entry in notebooks:
            m = matches[id(entry)]
            student = self.student_of(entry, m, known)
            if student is None:
                continue
            when = m.time or entry.mtime or dt.datetime.min.replace(tzinfo=dt.UTC)
            rank = (when, _resubmission_rank(entry.path), entry.path)
            candidates.setdefault(student, []).append((rank, entry))
        return candidates

    def student_of(self, entry: Entry, m: Match | None, known: set[str]) -> str | None:
        """The course id of the student a notebook belongs to; None (and the reason listed) if none."""
        chosen = self.chosen
        if m is None:
            why = "no student id in the file name" if chosen != "folders" else "not in a student's folder"
            self.unmatched(entry, f"{why} (layout {chosen})")
            return None
        student = self.course_id(m.student)
        if self.mapping and m.student not in self.mapping and m.student not in self.mapping.values():
            self.unmatched(entry, f"{show(m.student)} is not on the roster (layout {chosen})")
            return None
        if not STUDENT_ID.match(student):
            shown = show(unicodedata.normalize("NFC", student))
            self.unmatched(entry, f"{shown!r} is not a valid student id (plain ASCII)")
            return None
        if chosen in ("moodle", "folders"):
            named = self.other_student_named(entry, student, known)
            if named:
                _refuse(
                    self.report,
                    entry,
                    f"the file name names student {show(named[0])}, but it is in the folder of {student}",
                )
                return None
        return student

    def other_student_named(self, entry: Entry, student: str, known: set[str]) -> list[str]:
        """Known students other than `student` that the notebook's file name names (folder layouts)."""
        return [
            n
            for n in _named_in_file_name(entry.path, self.ps)
            if n.lower() in known and self.course_id(n).lower() != student.lower()
        ]

    def refuse_case_twins(self, candidates: Candidates) -> None:
        """Ids that differ only in case name one folder on a case-insensitive file system: refuse them
        all (also against the folders already in submitted/)."""
        submitted = self.course.submitted
        existing = {p.name for p in submitted.iterdir() if p.is_dir()} if submitted.is_dir() else set()
        by_fold: dict[str, set[str]] = {}
        for student in [*candidates, *existing]:
            by_fold.setdefault(student.casefold(), set()).add(student)
        for student in sorted(candidates):
            spellings = by_fold[student.casefold()]
            if len(spellings) > 1:
                for _rank, entry in candidates.pop(student):
                    _refuse(
                        self.report,
                        entry,
                        f"student ids {', '.join(sorted(spellings))} differ only in case; none is collected",
                    )

    def store_newest(self, student: str, found: list[tuple[tuple, Entry]]) -> None:
        """Take a student's newest notebook (the others listed as unmatched), check it, and store it."""
        found.sort(key=lambda item: item[0])
        (rank, entry) = found[-1]
        for old_rank, old in found[:-1]:
            older = "older" if old_rank[:2] < rank[:2] else "another"
            self.unmatched(
                old,
                f"{older} notebook of {student}; {show(entry.path)} was taken (layout {self.report.layout}: "
                f"{TIE_RULE})",
            )
        data = self.read_notebook(student, entry)
        if data is None:
            return
        self.store(student, data, rank[0])
        self.report.collected[student] = show(entry.path)

    def read_notebook(self, student: str, entry: Entry) -> bytes | None:
        """The notebook's bytes; None (and the reason listed) if it cannot be read or is clearly another
        problem set's. A notebook that does not parse is still collected (autograde reports it)."""
        try:
            data = self.dl.read(entry, limit=tamper.MAX_BYTES)
        except CourseError as exc:
            _refuse(self.report, entry, f"notebook of {student}: {exc}")
            return None
        try:
            parsed = tamper.parse(data)
        except tamper.InvalidSubmission as exc:
            parsed = None
            self.report.warnings.append(f"{student}: {exc} (collected; autograde will report it as invalid)")
        other = other_problem_set(parsed, self.ps, self.releases) if parsed is not None else None
        if other is not None:
            ps = self.ps
            self.unmatched(
                entry,
                f"notebook of {student} is {other.short} ({other.name}), not {ps.short}: its graded "
                f"cells are {other.short}'s; not collected",
            )
            return None
        return data

    def store(self, student: str, data: bytes, when: dt.datetime) -> None:
        """Write the notebook into the student's submission folder (only if changed), drop other
        notebooks there, and record its submission time (if known) in timestamp.txt."""
        folder = self.course.submission_dir(self.ps, student)
        target = folder / f"{self.ps.name}.ipynb"
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            self.report.unchanged.append(student)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            if target.is_symlink() or target.exists():
                target.unlink()
            target.write_bytes(data)
            self.report.updated.append(student)
        for other in folder.glob("*.ipynb"):
            if other.name != target.name:
                other.unlink()
        if when.year > 1:
            (folder / "timestamp.txt").write_text(
                when.strftime("%Y-%m-%d %H:%M:%S.%f %Z").strip() + "\n", encoding="utf-8"
            )

    def warn_missing_from_roster(self) -> None:
        """Warn about students on the roster with no notebook in the download."""
        if not self.mapping:
            return
        missing = sorted({s for s in self.mapping.values() if s} - set(self.report.collected))
        if missing:
            self.report.warnings.append(
                f"{len(missing)} student(s) on the roster have no notebook here: {', '.join(missing[:20])}"
                + (" ..." if len(missing) > 20 else "")
            )


def _refuse(report: CollectReport, entry: Entry, why: str) -> None:
    report.unmatched.append((show(entry.path), f"refused: {why}"))


def _unmatched(course: Course, ps: ProblemSet, dl: Download, entry: Entry, why: str, report) -> None:
    """List `entry` and keep a copy in submitted/.unmatched/<ps>/ (refused when it cannot be read)."""
    base = (course.submitted / ".unmatched" / ps.name).resolve()
    dest = (base / entry.path).resolve()
    try:
        if not dest.is_relative_to(base):
            raise CourseError("the path leaves the download")
        data = dl.read(entry)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_symlink():
            dest.unlink()
        dest.write_bytes(data)
    except (CourseError, OSError) as exc:
        why += f"; not kept ({exc})"
    report.unmatched.append((show(entry.path), why))

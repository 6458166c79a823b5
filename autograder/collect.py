"""`course collect PS PATH`: an LMS download (zip or folder) into `submitted/<student>/<ps>/<ps>.ipynb`.

File names carry the student id. Recognised layouts (first match wins; `--pattern` adds your own, a
regular expression with a `student` group matched against the path inside the download):
- Canvas:     `doejane_12345_67890_ps1_backprop_by_hand.ipynb`, `doejane_LATE_12345_67890_ps1-1.ipynb`
              (student = the Canvas user id 12345)
- Moodle:     `Jane Doe_12345_assignsubmission_file_/ps1.ipynb` (student = 12345)
- Blackboard: `ps1_jdoe_attempt_2024-03-01-10-15-00_ps1.ipynb` (student = jdoe; time = the attempt)
- a folder per student: `jdoe/anything.ipynb`
- a flat file: `jdoe.ipynb`, `jdoe_ps1.ipynb`, `ps1_jdoe.ipynb`, `jdoe-ps1_backprop_by_hand.ipynb`
`--roster CSV` (columns `lms_id`, `student_id`) maps LMS ids to course ids.

Nothing is dropped: files that match no student, are not notebooks, or lose to a newer file of the same
student go to `submitted/.unmatched/<ps>/` and are listed. A student's notebook is renamed to
`<ps>.ipynb`; the submission time (from the file name, else the zip entry) goes to `timestamp.txt`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.course import STUDENT_ID, Course, CourseError
from autograder.problemsets import ProblemSet

IGNORED = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db)(/|$)|(^|/)\._")


@dataclass
class Entry:
    """One file of the download."""

    path: str  # relative, POSIX
    data: bytes
    mtime: dt.datetime | None = None


@dataclass
class CollectReport:
    ps: ProblemSet
    collected: dict[str, str] = field(default_factory=dict)  # student -> source path
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def line(self) -> str:
        return (
            f"{self.ps.name}: {len(self.collected)} submissions collected ({len(self.updated)} new or "
            f"changed, {len(self.unchanged)} unchanged), {len(self.unmatched)} files not matched"
        )


def _patterns(ps: ProblemSet, extra: list[str]) -> list[re.Pattern[str]]:
    names = "|".join(re.escape(n) for n in (ps.name, ps.short))
    pats = [re.compile(p) for p in extra]
    pats += [
        # Canvas: name[_LATE]_userid_submissionid_filename
        re.compile(r"^(?:.*/)?[a-z\-]+(?:_LATE)?_(?P<student>\d+)_\d+_[^/]+\.ipynb$", re.I),
        # Moodle: "Full Name_12345_assignsubmission_file_/file.ipynb"
        re.compile(r"^(?:.*/)?[^/]*_(?P<student>\d+)_assignsubmission_file_?/[^/]+\.ipynb$", re.I),
        # Blackboard: assignment_user_attempt_YYYY-MM-DD-HH-MM-SS[_filename]
        re.compile(
            r"^(?:.*/)?[^/]*?_(?P<student>[^_/]+)_attempt_(?P<time>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})"
            r"(?:_[^/]*)?\.ipynb$",
            re.I,
        ),
        # flat files naming the problem set
        re.compile(rf"^(?:.*/)?(?:{names})[_\-](?P<student>[^/_\-][^/]*?)\.ipynb$", re.I),
        re.compile(rf"^(?:.*/)?(?P<student>[^/]+?)[_\-](?:{names})(?:[_\-][^/]*)?\.ipynb$", re.I),
        # one folder per student
        re.compile(r"^(?P<student>[^/]+)/(?:[^/]+/)*[^/]+\.ipynb$"),
        # a flat file named after the student
        re.compile(r"^(?P<student>[^/]+)\.ipynb$"),
    ]
    return pats


def read_download(path: Path) -> list[Entry]:
    """The files of a zip or a folder (nothing is extracted to disk; no path from a zip is trusted)."""
    entries = []
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                name = PurePosixPath(info.filename.replace("\\", "/"))
                parts = [p for p in name.parts if p not in ("", ".", "..", "/")]
                if not parts:
                    continue
                rel = "/".join(parts)
                try:
                    when = dt.datetime(*info.date_time, tzinfo=dt.UTC)
                except ValueError:
                    when = None
                entries.append(Entry(rel, zf.read(info), when))
    elif path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.is_file():  # a copied folder's file times say nothing about submission times
                entries.append(Entry(file.relative_to(path).as_posix(), file.read_bytes()))
    else:
        raise CourseError(f"{path} is neither a zip file nor a folder")
    entries = [e for e in entries if not IGNORED.search(e.path)]
    # a download wrapped in one folder ("ps1 submissions/..."): look inside it
    while (
        len(entries) > 1
        and all("/" in e.path for e in entries)
        and len({e.path.split("/", 1)[0] for e in entries}) == 1
    ):
        for e in entries:
            e.path = e.path.split("/", 1)[1]
    return entries


def _roster(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if rows and not {"lms_id", "student_id"} <= set(rows[0]):
        raise CourseError(f"{path}: the roster needs the columns lms_id and student_id")
    return {r["lms_id"].strip(): r["student_id"].strip() for r in rows if r.get("lms_id")}


def _attempt_time(match: re.Match[str]) -> dt.datetime | None:
    text = match.groupdict().get("time")
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d-%H-%M-%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


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
) -> CollectReport:
    """Bring the notebooks of `download` into submitted/ (see the module docstring)."""
    entries = read_download(Path(download))
    if not entries:
        raise CourseError(f"{download} holds no files")
    mapping = _roster(roster)
    pats = _patterns(ps, list(patterns or []))
    report = CollectReport(ps)
    candidates: dict[str, list[tuple[tuple, Entry]]] = {}
    for entry in entries:
        if not entry.path.lower().endswith(".ipynb"):
            report.unmatched.append((entry.path, "not a notebook (.ipynb)"))
            _keep_unmatched(course, ps, entry)
            continue
        student = None
        when = entry.mtime
        stem = PurePosixPath(entry.path).stem.lower()
        for pat in pats:
            m = pat.match(entry.path)
            if m and m.groupdict().get("student"):
                candidate = m.group("student").strip()
                if candidate.lower() in stem and stem in (ps.name.lower(), ps.short.lower()):
                    continue  # "ps1_backprop_by_hand.ipynb" names the problem set, not a student
                student = candidate
                when = _attempt_time(m) or entry.mtime
                break
        if student is not None:
            student = mapping.get(student, student)
        if not student or not STUDENT_ID.match(student):
            why = (
                "no student id in the file name" if not student else f"{student!r} is not a valid student id"
            )
            report.unmatched.append((entry.path, why))
            _keep_unmatched(course, ps, entry)
            continue
        rank = (when or dt.datetime.min.replace(tzinfo=dt.UTC), _resubmission_rank(entry.path))
        candidates.setdefault(student, []).append((rank, entry))

    for student, found in sorted(candidates.items()):
        found.sort(key=lambda item: item[0])
        (rank, entry) = found[-1]
        for _old_rank, old in found[:-1]:
            report.unmatched.append((old.path, f"older notebook of {student}; {entry.path} was taken"))
            _keep_unmatched(course, ps, old)
        folder = course.submission_dir(ps, student)
        target = folder / f"{ps.name}.ipynb"
        if target.exists() and target.read_bytes() == entry.data:
            report.unchanged.append(student)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(entry.data)
            report.updated.append(student)
        for other in folder.glob("*.ipynb"):
            if other.name != target.name:
                other.unlink()
        if rank[0].year > 1:
            (folder / "timestamp.txt").write_text(
                rank[0].strftime("%Y-%m-%d %H:%M:%S.%f %Z").strip() + "\n", encoding="utf-8"
            )
        report.collected[student] = entry.path
    return report


def _keep_unmatched(course: Course, ps: ProblemSet, entry: Entry) -> None:
    dest = course.submitted / ".unmatched" / ps.name / entry.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(entry.data)


def clear_unmatched(course: Course, ps: ProblemSet) -> None:
    shutil.rmtree(course.submitted / ".unmatched" / ps.name, ignore_errors=True)

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
import io
import json
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder import problemsets, tamper
from autograder.course import STUDENT_ID, Course, CourseError
from autograder.problemsets import ProblemSet

IGNORED = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db)(/|$)|(^|/)\._")

# Limits on a download (docs/grading.md). A class of 500 with ~1 MB notebooks is ~0.5 GB.
MAX_FILE_BYTES = 64 * 1024 * 1024  # any one file; notebooks: tamper.MAX_BYTES (16 MiB)
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024  # content read from the whole download
MAX_ENTRIES = 50_000  # files in the download

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


# --- reading a download ----------------------------------------------------------------------------


class _FlagPatched(io.RawIOBase):
    """A zip file read with some bytes replaced (the UTF-8 flag cleared, see `_open_zip`)."""

    def __init__(self, fh, patches: dict[int, int]) -> None:
        self.fh, self.patches = fh, patches

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.fh.seek(offset, whence)

    def tell(self) -> int:
        return self.fh.tell()

    def readinto(self, b) -> int:
        pos = self.fh.tell()
        n = self.fh.readinto(b)
        for off, value in self.patches.items():
            if pos <= off < pos + (n or 0):
                b[off - pos] = value
        return n


def _utf8_flag_patches(fh) -> dict[int, int]:
    """Byte patches that clear the UTF-8 name flag of every central and local header of a zip, so that
    a name that is not valid UTF-8 can be read (as cp437 bytes) instead of failing the whole zip."""
    fh.seek(0, 2)
    size = fh.tell()
    tail_len = min(size, 65535 + 22)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    _sig, _d, _dcd, _n1, count, cd_size, cd_offset, _clen = struct.unpack("<4s4H2LH", tail[at : at + 22])
    location = size - tail_len + at
    concat = location - cd_size - cd_offset  # data prepended to the zip
    fh.seek(location - cd_size)
    cd = fh.read(cd_size)
    patches: dict[int, int] = {}
    pos = 0
    for _ in range(count):
        if cd[pos : pos + 4] != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad central directory")
        flags = struct.unpack("<H", cd[pos + 8 : pos + 10])[0]
        n, m, k = struct.unpack("<3H", cd[pos + 28 : pos + 34])
        local = struct.unpack("<L", cd[pos + 42 : pos + 46])[0] + concat
        if flags & 0x800:
            patches[location - cd_size + pos + 9] = (flags >> 8) & ~0x08
            fh.seek(local + 6)
            lflags = struct.unpack("<H", fh.read(2))[0]
            patches[local + 7] = (lflags >> 8) & ~0x08
        pos += 46 + n + m + k
    return patches


def _open_zip(path: Path, fh) -> tuple[zipfile.ZipFile, bool]:
    """The zip, and whether its names must be decoded by `_zip_name` (some name is not valid UTF-8)."""
    try:
        return zipfile.ZipFile(fh), False
    except UnicodeDecodeError:
        try:
            patched = _FlagPatched(fh, _utf8_flag_patches(fh))
            return zipfile.ZipFile(io.BufferedReader(patched)), True
        except (zipfile.BadZipFile, struct.error, OSError, UnicodeDecodeError) as exc:
            raise CourseError(f"{path}: a file name in the zip is not valid UTF-8, and {exc}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CourseError(f"{path}: not a readable zip file ({exc})") from None


def _unicode_path_extra(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """Info-ZIP's Unicode Path extra field (0x7075): the UTF-8 name, when it belongs to this raw name."""
    extra, pos = info.extra or b"", 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[pos : pos + 4])
        body = extra[pos + 4 : pos + 4 + size]
        if kind == 0x7075 and len(body) >= 5 and body[0] == 1:
            if struct.unpack("<L", body[1:5])[0] == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
        pos += 4 + size
    return None


def _zip_name(info: zipfile.ZipInfo, patched: bool) -> str | None:
    """The entry's name. Zips made by Info-ZIP (Linux, older macOS) or Python store UTF-8 names without
    the UTF-8 flag, sometimes with a Unicode Path extra field; Windows' own zips store the code page
    (cp437): without the flag, the name is the extra field's, else its bytes as UTF-8 when they are
    valid UTF-8, else cp437."""
    raw = info.orig_filename.encode("cp437") if (patched or not info.flag_bits & 0x800) else None
    if patched:
        try:
            return raw.decode("utf-8")
        except UnicodeError:
            return None
    if raw is None:
        return info.filename
    named = _unicode_path_extra(info, raw)
    if named is not None:
        return named
    if raw.isascii():
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return info.filename  # cp437


def _refuse_path(name: str) -> str | None:
    """Why a path inside a download is refused, or None."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        return "the file name is not valid UTF-8"
    if "\0" in name:
        return "the file name holds a NUL character"
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        return "the path leaves the download (absolute or with ..)"
    return None


def _normal(name: str) -> str:
    return "/".join(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))


class Download:
    """The files of a zip or a folder: listed without trusting them, read with limits, never extracted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[Entry] = []
        self.refused: list[tuple[str, str]] = []
        self.read_total = 0
        self._zip: zipfile.ZipFile | None = None
        self._fh = None
        if path.is_file() and zipfile.is_zipfile(path):
            self._list_zip()
        elif path.is_dir():
            self._list_folder()
        else:
            raise CourseError(f"{path} is neither a zip file nor a folder")
        self.entries = [e for e in self.entries if not IGNORED.search(e.path)]
        # a download wrapped in one folder ("ps1 submissions/..."): look inside it
        while (
            len(self.entries) > 1
            and all("/" in e.path for e in self.entries)
            and len({e.path.split("/", 1)[0] for e in self.entries}) == 1
        ):
            for e in self.entries:
                e.path = e.path.split("/", 1)[1]

    def __enter__(self) -> Download:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._fh is not None:
            self._fh.close()

    def _add(self, name: str, size: int, mtime, key) -> None:
        if len(self.entries) >= MAX_ENTRIES:
            self.refused.append((name, f"more than {MAX_ENTRIES:,} files in the download"))
        elif size > MAX_FILE_BYTES:
            self.refused.append((name, f"{size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}"))
        else:
            self.entries.append(Entry(name, size, mtime, key))

    def _list_zip(self) -> None:
        self._fh = open(self.path, "rb")
        # the central directory is read whole by zipfile: refuse a zip of too many files before that
        try:
            end = zipfile._EndRecData(self._fh)  # (a private helper of zipfile; zip64 included)
        except (OSError, struct.error, AttributeError):
            end = None
        if end and end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
            self.close()
            raise CourseError(
                f"{self.path}: {end[zipfile._ECD_ENTRIES_TOTAL]:,} files, more than the limit of "
                f"{MAX_ENTRIES:,}; nothing collected"
            )
        try:
            self._zip, patched = _open_zip(self.path, self._fh)
        except CourseError:
            self.close()
            raise
        for info in self._zip.infolist():
            name = _zip_name(info, patched)
            if name is None:
                shown = info.orig_filename.encode("cp437").decode("utf-8", "backslashreplace")
                self.refused.append((shown, "the file name is not valid UTF-8"))
                continue
            if info.is_dir():
                continue
            why = _refuse_path(name)
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if why is None and kind == stat.S_IFLNK:
                why = "a symbolic link (it could point at any file of this machine)"
            elif why is None and kind not in (0, stat.S_IFREG):
                why = "not a regular file (a device, pipe or socket)"
            elif why is None and info.flag_bits & 0x1:
                why = "encrypted"
            if why:
                self.refused.append((name, why))
                continue
            rel = _normal(name)
            if not rel:
                continue
            try:
                when = dt.datetime(*info.date_time, tzinfo=dt.UTC)
            except ValueError:
                when = None
            self._add(rel, info.file_size, when, info)

    def _list_folder(self) -> None:
        root = self.path
        for folder, dirs, files in os.walk(root, followlinks=False):
            here = Path(folder)
            for name in sorted(dirs):
                if (here / name).is_symlink():
                    rel = (here / name).relative_to(root).as_posix()
                    self.refused.append((rel, "a symbolic link to a folder (it could point anywhere)"))
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
            for name in sorted(files):
                file = here / name
                rel = file.relative_to(root).as_posix()
                why = _refuse_path(rel)
                try:
                    st = file.lstat()
                except OSError as exc:
                    self.refused.append((rel, f"cannot be read ({exc.strerror})"))
                    continue
                if why is None and stat.S_ISLNK(st.st_mode):
                    why = "a symbolic link (it could point at any file of this machine)"
                elif why is None and not stat.S_ISREG(st.st_mode):
                    why = "not a regular file (a device, pipe or socket)"
                elif why is None and st.st_nlink > 1:
                    why = "a hard link (it could be any file of this machine)"
                if why:
                    self.refused.append((rel, why))
                    continue
                # a copied folder's file times say nothing about submission times
                self._add(rel, st.st_size, None, file)

    def read(self, entry: Entry, limit: int = MAX_FILE_BYTES) -> bytes:
        """The content of `entry`, at most `limit` bytes (CourseError beyond it or past the total)."""
        if entry.size > limit:
            raise CourseError(f"{entry.size:,} bytes, more than the limit of {limit:,}")
        if self.read_total + entry.size > MAX_TOTAL_BYTES:
            raise CourseError(f"the download holds more than {MAX_TOTAL_BYTES:,} bytes; not read")
        try:
            if isinstance(entry.key, zipfile.ZipInfo):
                with self._zip.open(entry.key) as fh:  # type: ignore[union-attr]
                    data = fh.read(limit + 1)  # the header's size may lie
            else:
                fd = os.open(entry.key, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as fh:
                    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                        raise CourseError("not a regular file")
                    data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise CourseError(f"cannot be read ({exc})") from None
        self.read_total += len(data)
        if len(data) > limit:
            raise CourseError(f"more than the limit of {limit:,} bytes once uncompressed")
        return data


def read_download(path: Path) -> list[Entry]:
    """The files of a zip or a folder, listed (see `Download`; refused files are left out)."""
    with Download(Path(path)) as dl:
        return dl.entries


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


# --- collecting ------------------------------------------------------------------------------------


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


def grade_ids(nb) -> set[str]:
    """The nbgrader grade ids of a notebook's cells."""
    found = set()
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        meta = cell.get("metadata", {}).get("nbgrader") if isinstance(cell, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
            found.add(meta["grade_id"])
    return found


def release_ids(course: Course) -> dict[str, list[str]]:
    """The grade ids of every problem set's release notebook, by problem set name, in the course's
    order: `{"ps1_backprop_by_hand": ["test_forward", ...], ...}` (sorted ids; plain data, so that a
    grading task can carry it). A release that cannot be read is left out."""
    out = {}
    for other in course.problem_sets():
        try:
            out[other.name] = sorted(grade_ids(json.loads(other.release.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return out


def other_problem_set(nb, ps: ProblemSet, release_ids: Mapping[str, Collection[str]]) -> ProblemSet | None:
    """The problem set a notebook is, when it is clearly not `ps`: fewer than half of its graded cells
    are ps's and another problem set's release holds more of them (the first such one, in the order of
    `release_ids`, the output of `release_ids(course)`). Used by `collect` and by grading."""
    ids = grade_ids(nb)
    if not ids:
        return None
    here = len(ids & set(release_ids.get(ps.name, ())))
    if here * 2 >= len(ids):
        return None
    best_count, best_name = max(
        ((len(ids & set(other_ids)), name) for name, other_ids in release_ids.items() if name != ps.name),
        key=lambda x: x[0],
        default=(0, None),
    )
    if best_count <= here:
        return None
    return next((p for p in problemsets.discover(ps.root) if p.name == best_name), None)


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


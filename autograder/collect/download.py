"""Reading an LMS download (a zip or a folder) as hostile input: names, links, sizes and zip bombs.

The limits below are read at run time (tests lower them)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from autograder.collect.model import Entry
from autograder.course import CourseError

IGNORED = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db)(/|$)|(^|/)\._")

# Limits on a download (docs/grading.md). A class of 500 with ~1 MB notebooks is ~0.5 GB.
MAX_FILE_BYTES = 64 * 1024 * 1024  # any one file; notebooks: tamper.MAX_BYTES (16 MiB)
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024  # content read from the whole download
MAX_ENTRIES = 50_000  # files in the download


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

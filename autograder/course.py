"""The course on disk: its root, its problem sets, nbgrader's configuration and its folders.

Every `course` subcommand works on a course root (`--root`, default the repository): the folder with
`nbgrader_config.py`, `source/`, `release/`, `submitted/`, `autograded/`, `feedback/` and
`gradebook.db`. Nothing here assumes the root is the repository, so the tests and `course demo` run on
temporary copies.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from autograder import problemsets
from autograder.problemsets import ProblemSet

PACKAGE_DIR = Path(__file__).resolve().parent
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+\-]{0,99}$")


class CourseError(Exception):
    """A failure the instructor can act on; the CLI prints its message, no traceback."""


@dataclass(frozen=True)
class Course:
    """A course root and the paths nbgrader uses in it (see `nbgrader_config.py`)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Course:
        path = Path(root).resolve() if root else problemsets.REPO
        if not (path / "source").is_dir():
            raise CourseError(f"{path} is not a course root (it has no source/ folder)")
        return cls(path)

    # --- folders -------------------------------------------------------------------------------
    @property
    def config_file(self) -> Path:
        return self.root / "nbgrader_config.py"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def gradebook(self) -> Path:
        """The SQLite gradebook file (used unless nbgrader_config.py sets another `db_url`)."""
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        """The course gradebook: `c.CourseDirectory.db_url` of nbgrader_config.py (e.g. a
        `postgresql://` URL, shared by several graders), else `sqlite:///<root>/gradebook.db`."""
        configured = str(self.nbgrader_config().CourseDirectory.get("db_url", "") or "")
        return configured or f"sqlite:///{self.gradebook}"

    def has_gradebook(self) -> bool:
        """Whether the gradebook can hold anything yet: the SQLite file exists, or a server is named
        (nbgrader creates the tables on first use)."""
        url = self.db_url
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///") :]).exists()
        return True

    @property
    def checks_dir(self) -> Path:
        """Where the kernels will import `autograder.checks` from (the root's copy, else this one)."""
        own = self.root / "autograder" / "checks"
        return own if own.is_dir() else PACKAGE_DIR / "checks"

    def python_path(self) -> str:
        """PYTHONPATH for kernels: the course root first, so that a copy grades with its own code."""
        parts = [str(self.root)]
        if os.environ.get("PYTHONPATH"):
            parts.append(os.environ["PYTHONPATH"])
        return os.pathsep.join(parts)

    # --- problem sets --------------------------------------------------------------------------
    def problem_sets(self) -> list[ProblemSet]:
        return problemsets.discover(self.root)

    def resolve(self, names: Iterable[str] | None) -> list[ProblemSet]:
        """Problem sets by short or full name; all of them when `names` is empty."""
        names = list(names or [])
        if not names:
            found = self.problem_sets()
            if not found:
                raise CourseError(f"no problem sets under {self.root / 'source'}")
            return found
        out = []
        for name in names:
            try:
                ps = problemsets.resolve(name, self.root)
            except KeyError as exc:
                raise CourseError(str(exc.args[0])) from None
            if ps not in out:
                out.append(ps)
        return out

    def submission_dir(self, ps: ProblemSet, student: str) -> Path:
        return self.submitted / student / ps.name

    def result_dir(self, ps: ProblemSet, student: str) -> Path:
        return self.autograded / student / ps.name

    def students_submitted(self, ps: ProblemSet) -> list[str]:
        """Student ids with a folder for `ps` under submitted/ (dot-folders are not students)."""
        if not self.submitted.is_dir():
            return []
        return sorted(
            p.name
            for p in self.submitted.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (p / ps.name).is_dir()
        )

    # --- nbgrader configuration ----------------------------------------------------------------
    def nbgrader_config(self, **overrides: Any):
        """The course's `nbgrader_config.py` as a traitlets Config, with dotted overrides applied.

        `overrides` use double underscores for dots: `CourseDirectory__root="/tmp/x"`.
        """
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        config = Config()
        if self.config_file.exists():
            loader = PyFileConfigLoader(self.config_file.name, path=str(self.root))
            config.merge(loader.load_config())
        config.CourseDirectory.root = str(self.root)
        for key, value in overrides.items():
            section, attr = key.split("__", 1)
            setattr(config[section], attr, value)
        return config

    def course_id(self) -> str:
        config = self.nbgrader_config()
        return str(config.CourseDirectory.get("course_id", "") or "course")


# --- notebooks and files -----------------------------------------------------------------------


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook (v4) without validation side effects."""
    with open(path, encoding="utf-8") as fh:
        return nbformat.read(fh, as_version=4)


def notebook_text(nb: dict) -> str:
    """The canonical text of a notebook: nbformat's JSON layout and a final newline."""
    text = nbformat.writes(nbformat.from_dict(nb))
    return text if text.endswith("\n") else text + "\n"


def write_notebook(nb: dict, path: str | Path) -> None:
    write_text_atomic(Path(path), notebook_text(nb))


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_json(path: Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def sha256_bytes(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "little"))
        h.update(chunk)
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def nbgrader_meta(cell: dict) -> dict:
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def grade_id(cell: dict) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_autograded_test(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def source_of(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


_PATCHED = False


def patch_nbgrader() -> None:
    """Make creating a gradebook cheap: nbgrader asks the `alembic` command-line tool (a subprocess
    that imports nbgrader again, seconds here) for the schema version of every new gradebook. The same
    answer comes from alembic's Python API in milliseconds."""
    global _PATCHED
    if _PATCHED:
        return
    import functools

    import nbgrader
    import nbgrader.api

    @functools.lru_cache(maxsize=1)
    def alembic_head() -> str:
        from alembic.script import ScriptDirectory  # imported only when a gradebook is created

        return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")).get_current_head()

    nbgrader.api.get_alembic_version = alembic_head
    # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are noise on the console.
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    _PATCHED = True


@contextlib.contextmanager
def quiet_logs(level: int | None = None) -> Iterator[None]:
    """Silence nbgrader/traitlets log chatter on the console while a converter runs in-process."""
    import logging

    names = ["", "traitlets", "nbgrader", "NbGraderAPI", "NbGrader"]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(level or logging.CRITICAL)
    try:
        yield
    finally:
        for n, lvl in saved.items():
            logging.getLogger(n).setLevel(lvl)


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def eprint(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)

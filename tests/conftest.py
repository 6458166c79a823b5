"""Shared fixtures and the corpus summary printed at the end of the run.

Under pytest-xdist the corpus is graded in worker processes; each writes its summary line to a file
in a folder the controller made, and the controller prints them all.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from autograder import startup

startup.prepare_process()  # what the `course` command does first (PATH for alembic, deferred IRI grammar)


def pytest_configure(config):
    if "COURSE_CORPUS_SUMMARY_DIR" not in os.environ:  # the controller (or a run without xdist)
        os.environ["COURSE_CORPUS_SUMMARY_DIR"] = tempfile.mkdtemp(prefix="corpus-summary-")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Group tests for `pytest -n 2 --dist loadgroup`: a file's tests share one worker (and its
    session fixtures), except the corpus, which is grouped per problem set."""
    for item in items:
        path = Path(str(item.fspath))
        group = path.stem
        if path.name == "test_corpus.py" and "[" in item.name:
            group = "corpus-" + item.name.split("[", 1)[1].split("-", 1)[0].rstrip("]")
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL server for gradebook tests: $COURSE_TEST_PG_URL (`.ci/run` starts one), else a
    throwaway server started here with `.ci/postgres.sh` and stopped at the end. Skips, with the
    script's reason, only when no server can be installed or started."""
    url = os.environ.get("COURSE_TEST_PG_URL")
    if url:
        yield url
        return
    import subprocess

    script = Path(__file__).resolve().parent.parent / ".ci" / "postgres.sh"
    folder = tempfile.mkdtemp(prefix="course-pg-")  # under /tmp: the server user must reach it
    proc = subprocess.run(["bash", str(script), "start", folder], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=120)
        pytest.skip(f"no PostgreSQL server could be started: {proc.stderr.strip()[-500:]}")
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=120)


def record_verdict(ps: str, variant: str, kind: str, accounting: dict[str, bool]) -> None:
    """Called by each corpus test with what the variant's results show (`corpus.accounting`); the
    controller adds them up (workers share nothing else)."""
    folder = Path(os.environ["COURSE_CORPUS_SUMMARY_DIR"])
    line = json.dumps({"ps": ps, "variant": variant, "kind": kind, "accounting": accounting})
    (folder / f"{ps}-{variant}.json").write_text(line, encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if getattr(config, "workerinput", None) is not None:
        return
    from autograder.corpus import summary_line

    folder = Path(os.environ["COURSE_CORPUS_SUMMARY_DIR"])
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    if not rows:
        return
    terminalreporter.section("submission corpus (counted from the verdicts, not from what each file expects)")
    for ps in sorted({r["ps"] for r in rows}):
        mine = [(r["kind"], r["accounting"]) for r in rows if r["ps"] == ps]
        terminalreporter.write_line(summary_line(ps, mine))

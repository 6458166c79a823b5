"""What a `course` process sets up before it works: done by the entry points (the `course` command,
Dask workers, the test session, the benchmarks), never as a side effect of importing a module.

- `defer_iri_grammar`: `rfc3987_syntax`'s IRI grammar is built when an IRI is first validated, not
  on `import nbformat` (it must run before nbformat is imported to help);
- `ensure_tools_on_path`: this interpreter's bin/ first on PATH (nbgrader runs `alembic` from PATH
  when it creates a gradebook, and kernels are found the same way).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BIN_DIR = Path(sys.executable).parent


def defer_iri_grammar() -> None:
    """Build `rfc3987_syntax`'s IRI grammar when an IRI is first validated, not on `import nbformat`.

    nbformat imports jsonschema, whose format checkers import `rfc3987_syntax`, which compiles some 35
    Earley parsers (lark) at import time: 1 s of CPU here, 3–5 s on a loaded machine, in every `course`
    process (jsonschema issue #1428). No notebook schema uses the `iri` formats, so the grammar is
    normally never needed; should anything validate an IRI, the real module is imported then and does
    the work, so behaviour is unchanged.
    """
    import importlib.util
    import types

    if "rfc3987_syntax" in sys.modules or "jsonschema" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("rfc3987_syntax")
    except (ImportError, ValueError):
        return
    if spec is None:
        return
    stub = types.ModuleType("rfc3987_syntax", "Stand-in until an IRI is validated (autograder.startup).")

    def real() -> types.ModuleType:
        if sys.modules.get("rfc3987_syntax") is stub:
            del sys.modules["rfc3987_syntax"]
        import rfc3987_syntax

        return rfc3987_syntax

    def is_valid_syntax(term: str, value: str) -> bool:
        return real().is_valid_syntax(term, value)

    def getattr_(name: str):
        if name.startswith("__"):  # the import system asks for __path__, __spec__, ...
            raise AttributeError(name)
        return getattr(real(), name)  # any other name: the real module's

    stub.is_valid_syntax = is_valid_syntax
    stub.__getattr__ = getattr_
    sys.modules["rfc3987_syntax"] = stub


def ensure_tools_on_path() -> None:
    """Put this interpreter's bin/ first on PATH: nbgrader runs `alembic` from PATH when it creates a
    gradebook, and kernels are found the same way, also when `course` runs as `.venv/bin/course`."""
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if str(BIN_DIR) not in parts:
        os.environ["PATH"] = os.pathsep.join([str(BIN_DIR), *[p for p in parts if p]])


def prepare_process() -> None:
    """Everything above, in the order it must happen (before nbformat is imported)."""
    defer_iri_grammar()
    ensure_tools_on_path()
    os.environ.setdefault("MPLBACKEND", "Agg")


def course_main(argv: list[str] | None = None) -> int:
    """The `course` command's entry point: set the process up, then import and run the CLI."""
    prepare_process()
    from autograder.cli import main

    return main(argv)

"""Executing a notebook end to end as a student's Jupyter would, and timing its cells.

`python -m benchmarks.notebooks NOTEBOOK --json OUT` executes NOTEBOOK with nbclient (a fresh `python3`
kernel of this environment, the notebook's folder as working directory, nbclient's defaults:
graceful kernel shutdown, outputs kept) with `COURSE_MODE` set, and writes to OUT: the kernel start time, the
summed cell execution time, the slowest cells and the errors. The caller runs this in a child process and
measures its wall time and the peak memory of the child and its kernel together (`stats.run_command`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import time
from pathlib import Path


def _ts(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def cell_seconds(cell: dict) -> float | None:
    """Execution time of a code cell from nbclient's timing metadata (busy → reply), or None."""
    meta = (cell.get("metadata") or {}).get("execution") or {}
    start = meta.get("iopub.status.busy") or meta.get("iopub.execute_input")
    end = meta.get("shell.execute_reply") or meta.get("iopub.status.idle")
    if not (start and end):
        return None
    return max(0.0, (_ts(end) - _ts(start)).total_seconds())


def cell_label(cell: dict, index: int) -> str:
    meta = cell.get("metadata") or {}
    return (meta.get("nbgrader") or {}).get("grade_id") or cell.get("id") or f"cell {index + 1}"


def notebook_timing(nb: dict) -> dict:
    """Summed and per-cell execution time of an executed notebook, its error count."""
    per_cell = []
    errors = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        secs = cell_seconds(cell)
        if secs is not None:
            per_cell.append((cell_label(cell, i), secs))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(
                    f"{cell_label(cell, i)}: {out.get('ename')}: {str(out.get('evalue', ''))[:200]}"
                )
    per_cell.sort(key=lambda t: -t[1])
    return {
        "cells_seconds": sum(s for _, s in per_cell),
        "cells_timed": len(per_cell),
        "slowest": per_cell[:5],
        "errors": errors,
    }


def execute(path: Path, timeout: int = 1200) -> dict:
    # First, so that nbformat is imported without building its 1–4 s IRI grammar (autograder.course).
    importlib.import_module("autograder.course")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    with client.setup_kernel():
        info = client.wait_for_reply(client.kc.kernel_info())
        nb.metadata["language_info"] = info["content"]["language_info"]
        kernel_start = time.perf_counter() - started
        t1 = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        cells_wall = time.perf_counter() - t1
        t2 = time.perf_counter()
    shutdown = time.perf_counter() - t2
    return {
        "kernel_start": kernel_start,
        "cells_wall": cells_wall,
        "kernel_shutdown": shutdown,
        "inner_seconds": time.perf_counter() - started,
        **notebook_timing(nb),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.notebooks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    args = parser.parse_args(argv)
    result = execute(args.notebook.resolve(), args.timeout)
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

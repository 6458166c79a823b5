"""Reading submitted bytes defensively: a bounded read of the file, then a parse that refuses (with
`InvalidSubmission` and a reason) anything that is not an nbformat-4 notebook within the limits, and keeps
only the fields grading needs, each of the right type."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import nbformat

from autograder.tamper.findings import InvalidSubmission

# Limits on what a submission may be (each documented in docs/grading.md). An honest notebook of this
# course is ~0.1-2 MB with a few hundred cells and JSON nested ~8 deep; these leave a wide margin and
# bound what one hostile file can cost the coordinator, which parses every submission.
MAX_BYTES = 16 * 1024 * 1024  # the file (outputs included, though they are discarded)
MAX_CELLS = 10_000
MAX_DEPTH = 64  # JSON nesting: objects and arrays inside each other
MAX_CONTAINERS = 1_000_000  # "{" and "[" in the file (an upper bound of its JSON objects and arrays)
MAX_SOURCE_CHARS = 1_000_000  # all cells' sources together (this course's source notebooks: 35-45 k)
_CELL_ID = re.compile(r"^[a-zA-Z0-9\-_]{1,64}$")


def read_submission(path: str | os.PathLike) -> bytes:
    """The bytes of a submitted file, refusing (InvalidSubmission) what is not a regular file or is larger
    than MAX_BYTES, without reading more than MAX_BYTES + 1 bytes."""
    p = Path(path)
    try:
        st = p.lstat()
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            raise InvalidSubmission("not a notebook: the submission is not a regular file")
        if st.st_size > MAX_BYTES:
            raise InvalidSubmission(_too_big(st.st_size))
        with open(p, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidSubmission(f"cannot read the notebook: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise InvalidSubmission(_too_big(len(raw)))
    return raw


def _too_big(size: int) -> str:
    return (
        f"the notebook file has {size:,} bytes, more than the limit of {MAX_BYTES:,} "
        f"({MAX_BYTES // 2**20} MiB): clear its outputs and submit it again"
    )


def parse(raw: bytes) -> nbformat.NotebookNode:
    """Parse submitted bytes into an nbformat-4 notebook, or raise InvalidSubmission.

    Whatever the bytes hold, this raises nothing else: a failure caused by the content (a wrong type
    anywhere, nesting that exhausts the stack, a file that exhausts memory) is the submission's problem,
    reported with a reason. Only the fields grading needs are kept, each checked for its type.
    """
    try:
        return _parse(raw)
    except InvalidSubmission:
        raise
    except RecursionError:
        raise InvalidSubmission(f"not a notebook: JSON nested deeper than {MAX_DEPTH} levels") from None
    except MemoryError:
        raise InvalidSubmission("not a notebook: the file needs too much memory to read") from None
    except Exception as exc:
        raise InvalidSubmission(f"not a readable notebook ({type(exc).__name__}: {str(exc)[:200]})") from None


def _as_version_4(data: dict) -> dict:
    """The notebook's JSON in nbformat 4 (version 3 is converted; anything else refused)."""
    major = data.get("nbformat")
    if major == 4:
        return data
    if not isinstance(major, int) or isinstance(major, bool) or major not in (3,):
        raise InvalidSubmission(f"unsupported notebook format {major!r}")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:
        raise InvalidSubmission(f"unsupported notebook format {major!r}: {str(exc)[:200]}") from None
    return json.loads(nbformat.writes(nb))


def _parse(raw: bytes) -> nbformat.NotebookNode:
    if len(raw) > MAX_BYTES:
        raise InvalidSubmission(_too_big(len(raw)))
    try:
        text = bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidSubmission("not a notebook: the file is not UTF-8 text") from None
    if not text.strip():
        raise InvalidSubmission("the notebook file is empty")
    # JSON's objects and arrays cost ~60-100 bytes of memory each against 2-3 bytes of file: count
    # them (an upper bound: brackets in strings count too) before building any
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > MAX_CONTAINERS:
        raise InvalidSubmission(
            f"not a notebook: {containers:,} JSON objects and arrays, "
            f"more than the limit of {MAX_CONTAINERS:,}"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidSubmission(f"not valid notebook JSON ({exc.msg} at line {exc.lineno})") from None
    del text
    _check_depth(data)
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise InvalidSubmission("not a Jupyter notebook: no list of cells")
    if len(data["cells"]) > MAX_CELLS:
        raise InvalidSubmission(
            f"the notebook has {len(data['cells']):,} cells, more than the limit of {MAX_CELLS:,}"
        )
    data = _as_version_4(data)
    cells = []
    total = 0
    for i, cell in enumerate(data["cells"]):
        cell = _clean_cell(cell, i)
        total += len(cell["source"])
        if total > MAX_SOURCE_CHARS:
            raise InvalidSubmission(
                f"the cells' text is longer than the limit of {MAX_SOURCE_CHARS:,} characters"
            )
        cells.append(cell)
    meta = data.get("metadata")
    clean_meta = {}
    if isinstance(meta, dict):
        for key in ("kernelspec", "language_info"):
            if isinstance(meta.get(key), dict):
                clean_meta[key] = {k: v for k, v in meta[key].items() if isinstance(v, str)}
    out = {"cells": cells, "metadata": clean_meta, "nbformat": 4, "nbformat_minor": 5}
    return nbformat.from_dict(out)


def _check_depth(data: Any) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH (iteratively: the check itself cannot overflow)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidSubmission(f"not a notebook: JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))


def _text(value: Any) -> str | None:
    """A notebook text field (a string or a list of strings), or None when it is neither."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return "".join(value)
    return None


def _clean_cell(cell: Any, i: int) -> dict:
    """A fresh cell with only the fields grading uses, each of the right type (or InvalidSubmission)."""
    if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
        raise InvalidSubmission(f"cell {i} is not a valid notebook cell")
    source = _text(cell.get("source", ""))
    if source is None:
        raise InvalidSubmission(f"cell {i}: its source is not text")
    out: dict[str, Any] = {"cell_type": cell["cell_type"], "source": source, "metadata": {}}
    cid = cell.get("id")
    if isinstance(cid, str) and _CELL_ID.match(cid):
        out["id"] = cid
    meta = cell.get("metadata")
    if isinstance(meta, dict):
        nbg = meta.get("nbgrader")
        if isinstance(nbg, dict) and (
            "grade_id" not in nbg or (isinstance(nbg["grade_id"], str) and nbg["grade_id"])
        ):
            out["metadata"]["nbgrader"] = nbg  # repair() compares it with the release and replaces it
        for key in ("deletable", "editable"):
            if isinstance(meta.get(key), bool):
                out["metadata"][key] = meta[key]
        tags = meta.get("tags")
        if isinstance(tags, list):
            tags = [t for t in tags if isinstance(t, str) and re.fullmatch(r"[A-Za-z0-9_\-]{1,64}", t)]
            if tags:
                out["metadata"]["tags"] = tags
    if cell["cell_type"] == "code":
        out["outputs"] = []
        out["execution_count"] = None
    else:
        attachments = _attachments(cell.get("attachments"))
        if attachments:
            out["attachments"] = attachments
    return out


def _attachments(value: Any) -> dict:
    """Markdown attachments that are {name: {mime type: base64 text}}; anything else is dropped."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for name, bundle in value.items():
        if not isinstance(bundle, dict):
            continue
        kept = {
            mime: text for mime, data in bundle.items() if isinstance(mime, str) and (text := _text(data))
        }
        if kept:
            out[name] = kept
    return out

"""Reading a submitted notebook defensively: malformed files, edited structure, suspicious code.

`prepare(raw, release_nb)` is the first step of grading one submission. It
- refuses what is not a notebook (`InvalidSubmission` with a reason: invalid JSON, not nbformat 4, a
  field of the wrong type, beyond the limits MAX_BYTES, MAX_CELLS, MAX_DEPTH, ...); nothing else escapes
  `parse` or `prepare`, whatever the file holds;
- compares the structure with the release: grade/locked/solution cells ("anchors", by `grade_id`) that
  were deleted, duplicated, reordered, changed in type, metadata or (for locked cells) content;
- repairs it into what nbgrader then grades: every anchor once, in release order, with the release's
  type and metadata; the student's own added cells travel with the anchor they followed; duplicate
  cell ids renamed. (nbgrader itself then restores hidden tests and locked sources from the gradebook.)
- scans the student's code (solution cells and cells they added) for ways to interfere with grading.

Everything found is a `Finding`; the list is the submission's tamper report.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from autograder.course import grade_id as cell_grade_id
from autograder.course import nbgrader_meta, source_of


class InvalidSubmission(Exception):
    """The file is not a gradable notebook; the message says why, for the instructor and student."""


@dataclass
class Finding:
    kind: str
    cell: str
    detail: str
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["line"] is None:
            del d["line"]
        return d

    def __str__(self) -> str:
        where = f"{self.cell}" + (f" line {self.line}" if self.line else "")
        return f"{self.kind} ({where}): {self.detail}"


STRUCTURAL = (
    "deleted_cell",
    "duplicate_id",
    "reordered",
    "cell_type_changed",
    "changed_cell",
    "metadata_changed",
    "unknown_grade_id",
)
DESCRIPTIONS = {
    "deleted_cell": "a graded or locked cell was deleted (restored from the release for grading)",
    "duplicate_id": "a cell or grade id occurs more than once",
    "reordered": "graded or locked cells were moved (put back in release order for grading)",
    "cell_type_changed": "a graded or locked cell changed type (changed back for grading)",
    "changed_cell": "a locked cell was edited (restored for grading)",
    "metadata_changed": "nbgrader metadata of a cell was edited (restored for grading)",
    "unknown_grade_id": "a cell carries nbgrader metadata the release does not have (graded as plain)",
    "touches_autograder": "student code refers to the grader package `autograder`",
    "touches_import_system": "student code touches sys.modules, importlib, pkgutil, __import__ or finders",
    "touches_builtins": "student code touches builtins",
    "module_attribute_assignment": "student code assigns to an attribute of an imported module",
    "defines_comparison": "student code defines __eq__ or another comparison/conversion hook",
    "frame_introspection": "student code inspects frames, globals or the garbage collector",
    "ipython_internals": "student code reaches into IPython (get_ipython)",
    "exits_kernel": "student code exits or signals the kernel (sys.exit, os._exit, exit(), kill)",
    "dynamic_code": "student code runs dynamically built code (eval, exec, compile)",
    "processes": "student code starts processes or loads native code",
    "runtime_restore": "the armed kernel had to put back something student code replaced",
    "kernel_died": "the kernel died while running the notebook",
    "cell_timeout": "a cell ran past the per-cell time limit and was interrupted",
    "channel": "the kernel sent the grader's judge something the protocol does not allow",
}


# --- reading ---------------------------------------------------------------------------------------

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


# --- structure ----------------------------------------------------------------------------------


def _anchor_ids(release_nb: dict) -> list[str]:
    return [gid for c in release_nb["cells"] if (gid := cell_grade_id(c))]


def _is_locked_anchor(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return not meta.get("solution") and bool(meta.get("locked") or meta.get("grade"))


def _set_type(cell: dict, cell_type: str) -> None:
    cell["cell_type"] = cell_type
    if cell_type == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    cell.pop("attachments", None) if cell_type == "code" else None


def _meta_for_compare(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if k not in ("checksum", "schema_version", "cell_type")}


def repair(nb: nbformat.NotebookNode, release_nb: dict) -> tuple[nbformat.NotebookNode, list[Finding]]:
    """The notebook to grade and the structural findings (see the module docstring)."""
    findings: list[Finding] = []
    release_cells = {cell_grade_id(c): c for c in release_nb["cells"] if cell_grade_id(c)}
    order = _anchor_ids(release_nb)
    cells = [copy.deepcopy(c) for c in nb["cells"]]
    findings += _drop_unknown_grade_ids(cells, release_cells)
    findings += _keep_last_duplicate(cells, release_cells)
    head, segments, seen_order = _segments(cells)
    findings += _order_findings(seen_order, [g for g in order if g in segments])
    out: list[dict] = list(head)
    for gid in order:
        rel = release_cells[gid]
        if gid not in segments:
            missing = f"{_describe(rel)} is missing; restored from the release"
            findings.append(Finding("deleted_cell", gid, missing))
            out.append(copy.deepcopy(rel))
            continue
        anchor, *tail = segments[gid]
        findings += _restore_anchor(anchor, rel, gid)
        out.append(anchor)
        out.extend(tail)
    findings += _unique_cell_ids(out, release_cells)
    repaired = copy.deepcopy(nb)
    repaired["cells"] = [nbformat.from_dict(c) for c in out]
    if "kernelspec" in release_nb.get("metadata", {}):
        repaired["metadata"]["kernelspec"] = copy.deepcopy(release_nb["metadata"]["kernelspec"])
    return nbformat.from_dict(repaired), findings


def _drop_unknown_grade_ids(cells: list[dict], release_cells: dict[str, dict]) -> list[Finding]:
    """Cells whose grade_id the release does not have become plain cells."""
    findings = []
    for i, cell in enumerate(cells):
        gid = cell_grade_id(cell)
        if nbgrader_meta(cell) and gid not in release_cells:
            detail = f"nbgrader metadata with grade_id {gid!r}, which the release does not have"
            findings.append(Finding("unknown_grade_id", f"cell {i + 1}", detail))
            cell["metadata"].pop("nbgrader", None)
    return findings


def _keep_last_duplicate(cells: list[dict], release_cells: dict[str, dict]) -> list[Finding]:
    """Of a repeated grade_id the last occurrence is the anchor (as nbgrader's DeduplicateIds decides)."""
    findings = []
    positions: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        gid = cell_grade_id(cell)
        if gid:
            positions.setdefault(gid, []).append(i)
    for gid, where in positions.items():
        if len(where) < 2:
            continue
        findings.append(Finding("duplicate_id", gid, f"grade_id occurs {len(where)} times; the last "
                                "copy is graded, earlier copies run as plain cells"))
        for i in where[:-1]:
            for key in ("nbgrader", "deletable", "editable"):
                cells[i]["metadata"].pop(key, None)
            if _is_locked_anchor(release_cells[gid]):
                # a copy of a locked cell: keep it, but without hidden content and marked as a copy
                cells[i]["source"] = "# (copy of a locked cell)\n" + cells[i]["source"]
    return findings


def _segments(cells: list[dict]) -> tuple[list[dict], dict[str, list[dict]], list[str]]:
    """(cells before the first anchor, {grade_id: [anchor, the student's cells after it]}, anchor order)."""
    head: list[dict] = []
    segments: dict[str, list[dict]] = {}
    seen_order: list[str] = []
    current: list[dict] = head
    for cell in cells:
        gid = cell_grade_id(cell)
        if gid:
            current = [cell]
            segments[gid] = current
            seen_order.append(gid)
        else:
            current.append(cell)
    return head, segments, seen_order


def _order_findings(seen_order: list[str], expected: list[str]) -> list[Finding]:
    if seen_order == expected:
        return []
    keep = set(_longest_common_subsequence(seen_order, expected))
    moved = [g for g in seen_order if g not in keep]
    return [Finding("reordered", ", ".join(moved[:6]) + (" ..." if len(moved) > 6 else ""),
                    f"{len(moved)} graded or locked cell(s) out of release order; graded in release order")]


def _restore_anchor(anchor: dict, rel: dict, gid: str) -> list[Finding]:
    """Put the release's type, nbgrader metadata and (locked cells) source back on an anchor cell."""
    findings = []
    if anchor["cell_type"] != rel["cell_type"]:
        findings.append(Finding("cell_type_changed", gid, f"{_describe(rel)} was changed from "
                                f"{rel['cell_type']} to {anchor['cell_type']}; changed back"))
        _set_type(anchor, rel["cell_type"])
    rel_meta = nbgrader_meta(rel)
    if _meta_for_compare(nbgrader_meta(anchor)) != _meta_for_compare(rel_meta):
        detail = f"nbgrader metadata of {_describe(rel)} was edited; restored"
        findings.append(Finding("metadata_changed", gid, detail))
    anchor["metadata"]["nbgrader"] = copy.deepcopy(rel_meta)
    for key in ("deletable", "editable"):
        if key in rel.get("metadata", {}):
            anchor["metadata"][key] = rel["metadata"][key]
        else:
            anchor["metadata"].pop(key, None)
    if _is_locked_anchor(rel) and anchor["source"] != source_of(rel):
        findings.append(Finding("changed_cell", gid, f"{_describe(rel)} was edited; restored"))
        anchor["source"] = source_of(rel)
    return findings


def _unique_cell_ids(out: list[dict], release_cells: dict[str, dict]) -> list[Finding]:
    """Cell ids unique, and anchors keep the release's id."""
    used: set[str] = set()
    dup_ids = 0
    for cell in out:
        gid = cell_grade_id(cell)
        if gid and "id" in release_cells[gid]:
            cell["id"] = release_cells[gid]["id"]
    anchor_ids = {c.get("id") for c in out if cell_grade_id(c)}
    for cell in out:
        cid = cell.get("id")
        is_anchor = bool(cell_grade_id(cell))
        if not cid or cid in used or (not is_anchor and cid in anchor_ids):
            if cid:
                dup_ids += 1
            base = re.sub(r"[^A-Za-z0-9_\-]", "-", cid or "cell")[:40]
            n = 1
            while f"{base}-{n}" in used or f"{base}-{n}" in anchor_ids:
                n += 1
            cell["id"] = f"{base}-{n}"
        used.add(cell["id"])
    return [Finding("duplicate_id", "cell ids", f"{dup_ids} cell id(s) repeated; renamed")] if dup_ids else []


def _longest_common_subsequence(a: list[str], b: list[str]) -> list[str]:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _describe(cell: dict) -> str:
    meta = nbgrader_meta(cell)
    if meta.get("grade") and not meta.get("solution"):
        return "the test cell"
    if meta.get("grade"):
        return "the graded answer cell"
    if meta.get("solution"):
        return "the solution cell"
    return "the locked cell"


# --- code -----------------------------------------------------------------------------------------

KNOWN_MODULES = {
    "np",
    "numpy",
    "torch",
    "nn",
    "F",
    "sys",
    "os",
    "builtins",
    "autograder",
    "math",
    "scipy",
    "plt",
    "matplotlib",
    "utils",
    "importlib",
    "random",
    "pkgutil",
    "sklearn",
    "inspect",
    "gc",
    "types",
    "functools",
    "operator",
    "warnings",
    "signal",
}
HOOKS = {
    "__eq__",
    "__ne__",
    "__bool__",
    "__array_ufunc__",
    "__array_function__",
    "__torch_function__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__abs__",
    "__float__",
}
HARMLESS_ATTRIBUTE_PREFIXES = ("torch.backends.", "plt.rcParams", "matplotlib.rcParams", "np.random.seed")
_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("touches_autograder", re.compile(r"\bautograder\b"), "refers to `autograder`"),
    (
        "touches_import_system",
        re.compile(r"\bsys\.(modules|meta_path|path_hooks|path_importer_cache)\b"),
        "uses sys.{0}",
    ),
    ("touches_import_system", re.compile(r"\b(importlib|pkgutil|__import__)\b"), "uses {0}"),
    ("touches_builtins", re.compile(r"\b(builtins|__builtins__)\b"), "uses {0}"),
    (
        "frame_introspection",
        re.compile(
            r"\b(_getframe|f_globals|f_locals|f_back|f_builtins|__globals__|"
            r"__code__|__closure__|get_referrers|get_referents|currentframe|"
            r"getouterframes)\b"
        ),
        "uses {0}",
    ),
    (
        "frame_introspection",
        re.compile(r"^\s*(import gc|from gc\b|import inspect|from inspect\b)", re.M),
        "imports {0}",
    ),
    ("ipython_internals", re.compile(r"\b(get_ipython|__IPYTHON__)\b"), "uses {0}"),
    (
        "exits_kernel",
        re.compile(
            r"\b(sys\.exit|os\._exit|os\.kill|os\.abort|os\.killpg|signal\.signal|"
            r"signal\.alarm|signal\.setitimer|faulthandler)\b"
        ),
        "calls {0}",
    ),
    ("exits_kernel", re.compile(r"(?<![\w.])(exit|quit)\s*\("), "calls {0}()"),
    ("dynamic_code", re.compile(r"(?<![\w.])(eval|exec|compile)\s*\("), "calls {0}()"),
    (
        "processes",
        re.compile(
            r"\b(subprocess|os\.system|os\.popen|os\.fork|os\.exec\w*|ctypes|cffi|"
            r"multiprocessing)\b"
        ),
        "uses {0}",
    ),
]


def _strip_magics(source: str) -> str:
    out = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            out.append(line[: len(line) - len(stripped)] + "pass")
        else:
            out.append(line)
    return "\n".join(out)


class _Scanner(ast.NodeVisitor):
    def __init__(self, label: str, imported: set[str]) -> None:
        self.label = label
        self.imported = imported
        self.found: list[Finding] = []

    def _add(self, kind: str, node: ast.AST, detail: str) -> None:
        self.found.append(Finding(kind, self.label, detail, getattr(node, "lineno", None)))

    def _root_module(self, node: ast.AST) -> str | None:
        while isinstance(node, ast.Attribute):
            node = node.value
        if isinstance(node, ast.Subscript):  # sys.modules["numpy"].x = ...
            return self._root_module(node.value)
        if isinstance(node, ast.Name) and (node.id in self.imported or node.id in KNOWN_MODULES):
            return node.id
        return None

    def _check_target(self, target: ast.AST) -> None:
        if isinstance(target, ast.Attribute):
            root = self._root_module(target.value)
            dotted = _dotted(target)
            if root and not dotted.startswith(HARMLESS_ATTRIBUTE_PREFIXES):
                self._add("module_attribute_assignment", target, f"assigns {dotted}")
            if target.attr in HOOKS:
                self._add("defines_comparison", target, f"assigns {dotted}")
        elif isinstance(target, ast.Tuple | ast.List):
            for elt in target.elts:
                self._check_target(elt)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imported.add(alias.asname or alias.name.split(".")[0])
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self.imported.add(alias.asname or alias.name)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._check_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._check_target(target)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr") and node.args:
            target = node.args[0]
            root = self._root_module(target)
            if root or (
                isinstance(target, ast.Call)
                and isinstance(target.func, ast.Name)
                and target.func.id == "__import__"
            ):
                self._add(
                    "module_attribute_assignment", node, f"calls {node.func.id}() on module {_dotted(target)}"
                )
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in HOOKS:
                self._add("defines_comparison", node, f"sets {node.args[1].value} with {node.func.id}()")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name in HOOKS:
            self._add("defines_comparison", node, f"defines {node.name}")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return "?"


def scan_code(cells: list[tuple[str, str]]) -> list[Finding]:
    """Scan student-written code cells, given as (label, source) pairs, for grading interference."""
    findings: list[Finding] = []
    imported: set[str] = set()
    for label, source in cells:
        text = _strip_magics(source)
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None  # code too deeply nested for the parser is scanned as text only
        if tree is not None:
            scanner = _Scanner(label, imported)
            try:
                scanner.visit(tree)
            except RecursionError:
                tree = None
            findings.extend(scanner.found)
        # textual rules catch names however they are reached (and code that does not parse);
        # comments and the contents of string literals are not code
        lines = (_without_strings(text) if tree is not None else text).splitlines()
        for kind, pattern, template in _RULES:
            for lineno, line in enumerate(lines, 1):
                for m in pattern.finditer(line):
                    findings.append(Finding(kind, label, template.format(m.group(m.lastindex or 0)), lineno))
    return _dedupe(findings)


def _without_strings(text: str) -> str:
    """`text` with comments dropped and string literals emptied (line numbers kept)."""
    import io
    import tokenize

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return text
    lines = text.splitlines(keepends=True)
    out = [list(line) for line in lines]
    for tok in tokens:
        if tok.type not in (tokenize.STRING, tokenize.COMMENT):
            continue
        (r0, c0), (r1, c1) = tok.start, tok.end
        for r in range(r0, r1 + 1):
            if r - 1 >= len(out):
                break
            row = out[r - 1]
            start = c0 if r == r0 else 0
            end = c1 if r == r1 else len(row)
            for c in range(start, min(end, len(row))):
                if row[c] != "\n":
                    row[c] = " "
    return "".join("".join(row) for row in out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.kind, f.cell, f.detail)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def student_code_cells(nb: dict) -> list[tuple[str, str]]:
    """(label, source) of the code a student wrote: solution cells and cells without nbgrader metadata."""
    out = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        meta = nbgrader_meta(cell)
        if meta and not meta.get("solution"):
            continue  # locked cells are restored from the release/gradebook
        label = meta.get("grade_id") or f"cell {i + 1}"
        out.append((label, source_of(cell)))
    return out


@dataclass
class Prepared:
    """A submission ready for nbgrader: the repaired notebook and what was found on the way."""

    notebook: nbformat.NotebookNode
    findings: list[Finding] = field(default_factory=list)


def prepare(raw: bytes, release_nb: dict) -> Prepared:
    """Parse, repair and scan a submission. Raises InvalidSubmission, and nothing else, for anything
    the submission contains (see `parse`)."""
    nb = parse(raw)
    try:
        repaired, findings = repair(nb, release_nb)
        findings += scan_code(student_code_cells(repaired))
    except RecursionError:
        raise InvalidSubmission("the notebook is nested too deeply to grade") from None
    except MemoryError:
        raise InvalidSubmission("the notebook needs too much memory to grade") from None
    except Exception as exc:
        raise InvalidSubmission(
            f"the notebook cannot be graded ({type(exc).__name__}: {str(exc)[:200]})"
        ) from None
    return Prepared(repaired, findings)


def summarize(findings: list[dict | Finding]) -> str:
    """A short line for the summary table: the kinds found, with counts."""
    kinds: dict[str, int] = {}
    for f in findings:
        kind = f.kind if isinstance(f, Finding) else f.get("kind", "?")
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k}×{n}" if n > 1 else k for k, n in sorted(kinds.items()))

"""Repairing a notebook's structure against its release: every graded, locked or solution cell ("anchor",
by `grade_id`) once, in release order, with the release's type, metadata and (locked cells) source; the
student's own cells travel with the anchor they followed; duplicate cell ids renamed. Each change is a
structural `Finding`."""

from __future__ import annotations

import copy
import re

import nbformat

from autograder.course import grade_id as cell_grade_id
from autograder.course import nbgrader_meta, source_of
from autograder.tamper.findings import Finding


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

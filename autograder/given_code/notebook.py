"""Executing a source notebook's given code: the *given* namespace (the student version: stubs for the
solutions, only definitions from cells that would train or plot), the *reference* namespace (the
solutions), and the hidden lines `run_check(...)` of its autograded test cells."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.given_code.limits import CELL_TIME_LIMIT, _limit, _quiet, _Timeout


def _is_literal(node: ast.AST | None) -> bool:
    if node is None:
        return False
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def definitions_only(tree: ast.Module) -> ast.Module:
    """The statements of a cell that define without running anything: imports, functions, classes and
    assignments of literal constants."""
    keep = []
    for node in tree.body:
        if isinstance(node, DEFINITIONS):
            keep.append(node)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and _is_literal(node.value):
            keep.append(node)
    return ast.Module(body=keep, type_ignores=[])


def _assigned_names(tree: ast.AST) -> set[str]:
    """Top-level names a cell defines (functions, classes, assignment targets)."""
    names: set[str] = set()
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _parse(code: str, filename: str) -> ast.Module | None:
    from autograder.corpus import _python_only

    try:
        return ast.parse(_python_only(code), filename)
    except SyntaxError:
        return None


def _cell_label(cell: dict, index: int) -> str:
    from autograder.corpus import nbgrader_meta

    return str(nbgrader_meta(cell).get("grade_id") or cell.get("id") or f"cell {index + 1}")


def _run(tree: ast.Module, filename: str, ns: dict, limit: float) -> str | None:
    """Execute `tree` in `ns`; the error, if any, as text."""
    try:
        with _quiet(), _limit(limit):
            exec(compile(tree, filename, "exec"), ns)
    except _Timeout:
        return f"took longer than {limit:.0f} s"
    except (Exception, SystemExit) as exc:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return None


@dataclass
class Notebook:
    """One problem set's given namespace, reference namespace and graded slots."""

    ps: str
    given: dict
    reference: dict
    given_files: dict[str, str]  # code filename -> cell label, for the given cells
    solution_names: set[str]
    graded_calls: list[tuple[str, str, list[ast.expr], list[tuple[str, ast.expr]], str]]
    notes: list[str]


def _only_strings(tree: ast.Module | None) -> bool:
    """A solution that only assigns string literals (the student's id): no work, so the given namespace
    takes the reference's (given cells that use it then run)."""
    return tree is not None and bool(tree.body) and all(
        isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
        for n in tree.body)


def _graded_calls(
    src: str, label: str
) -> list[tuple[str, str, list[ast.expr], list[tuple[str, ast.expr]], str]]:
    """The hidden lines `run_check("ps2", "one_hot", one_hot, ...)` of a test cell: (problem set, check,
    argument nodes, [(keyword, node)], cell label) each."""
    calls = []
    tree = _parse(src, label)
    for node in ast.walk(tree) if tree is not None else []:
        if not isinstance(node, ast.Call):
            continue
        fname = getattr(node.func, "attr", getattr(node.func, "id", None))
        named = len(node.args) >= 2 and all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])
        if fname == "run_check" and named:
            kw = [(k.arg, k.value) for k in node.keywords if k.arg]
            calls.append((node.args[0].value, node.args[1].value, node.args[2:], kw, label))
    return calls


def load_notebook(ps_short: str, source: Path) -> Notebook:
    """Execute the given code of a source notebook twice, in notebook order (see the module docstring):
    with the student version's stubs (the given namespace) and with the reference solutions (the
    reference namespace); collect the hidden lines of its test cells."""
    import nbformat

    from autograder.corpus import cell_source, is_autograded_test, is_solution, strip_markers, stub_solution

    nb = nbformat.read(source, as_version=4)
    given: dict[str, Any] = {"__name__": "__main__"}
    reference: dict[str, Any] = {"__name__": "__main__"}
    given_files: dict[str, str] = {}
    solution_names: set[str] = set()
    calls: list = []
    notes: list[str] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        label = _cell_label(cell, index)
        src = cell_source(cell)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if is_solution(cell) and cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue  # a code answer graded by hand (a figure): no graded check uses it
        if is_solution(cell):
            ref = _parse(strip_markers(src), f"<reference {ps_short} {label}>")
            stub = ref if _only_strings(ref) else _parse(stub_solution(src), f"<stub {ps_short} {label}>")
            if ref is not None:
                solution_names |= _assigned_names(ref)
                error = _run(ref, f"<reference {ps_short} {label}>", reference, CELL_TIME_LIMIT)
                if error:
                    notes.append(f"{ps_short} {label}: the reference solution failed ({error})")
            if stub is not None:
                _run(stub, f"<stub {ps_short} {label}>", given, CELL_TIME_LIMIT)
            continue
        if is_autograded_test(cell):
            calls += _graded_calls(src, label)
            continue
        filename = f"<given {ps_short} {label}>"
        tree = _parse(src, filename)
        if tree is None:
            notes.append(f"{ps_short} {label}: not valid Python, skipped")
            continue
        if not tags & {"setup", "helpers"}:
            tree = definitions_only(tree)
        given_files[filename] = label
        error = _run(tree, filename, given, CELL_TIME_LIMIT)
        if error and tags & {"setup", "helpers"}:
            notes.append(f"{ps_short} {label}: the given cell failed with the student version's stubs "
                         f"({error})")
        error = _run(tree, f"<given-reference {ps_short} {label}>", reference, CELL_TIME_LIMIT)
        if error and tags & {"setup", "helpers"}:
            notes.append(f"{ps_short} {label}: the given cell failed with the reference solutions ({error})")
    return Notebook(ps_short, given, reference, given_files, solution_names, calls, notes)

"""How an attack changes a notebook: solution cells rewritten (every graded function gets a given body,
every graded value a given value), an attack cell inserted after the first solution, and edits of the
structure (the first test cell deleted, retyped, duplicated, moved, edited or un-marked)."""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable

from autograder.corpus import is_autograded_test, is_solution, nbgrader_meta, strip_markers


def _defined_names(code: str) -> tuple[list[str], list[str]]:
    """Top-level function names and assigned variable names of a solution cell (markers removed)."""
    try:
        tree = ast.parse(
            "\n".join(
                line for line in strip_markers(code).splitlines() if not line.lstrip().startswith(("%", "!"))
            )
        )
    except SyntaxError:
        return [], []
    funcs, names = [], []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            funcs.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id not in names:
                        names.append(n.id)
    return funcs, names


def _solution_code_cells(source_nb: dict) -> list[dict]:
    return [c for c in source_nb["cells"] if is_solution(c) and c["cell_type"] == "code"]


def _rewrite_solutions(
    source_nb: dict, body: Callable[[str], str], value: str, prelude: str = ""
) -> dict[str, str]:
    """Sections replacing every code solution cell: functions with `body(name)`, values with `value`."""
    sections = {}
    for i, cell in enumerate(_solution_code_cells(source_nb)):
        funcs, names = _defined_names(cell["source"])
        lines = [prelude] if (prelude and i == 0) else []
        for f in funcs:
            lines.append(f"def {f}(*args, **kwargs):\n{body(f)}\n")
        for n in names:
            lines.append(f"{n} = {value}\n")
        sections[nbgrader_meta(cell)["grade_id"]] = "\n".join(lines) or "pass\n"
    return sections


def _cell(code: str) -> dict:
    import nbformat

    return nbformat.v4.new_code_cell(code)


def _first_index(nb: dict, pred: Callable[[dict], bool]) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if pred(c))


def _insert_after_first_solution(code: str) -> Callable[[dict], dict]:
    def mutate(nb):
        i = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
        nb["cells"].insert(i + 1, _cell(code))
        return nb

    return mutate


def _first_test(nb: dict) -> int:
    return _first_index(nb, is_autograded_test)


def _delete_first_test(nb):
    del nb["cells"][_first_test(nb)]
    return nb


def _retype_first_test(cell_type: str):
    def mutate(nb):
        cell = nb["cells"][_first_test(nb)]
        cell["cell_type"] = cell_type
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        return nb

    return mutate


def _duplicate_cells(nb):
    t = _first_test(nb)
    s = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
    nb["cells"].insert(t + 1, copy.deepcopy(nb["cells"][t]))
    nb["cells"].insert(s + 1, copy.deepcopy(nb["cells"][s]))
    return nb


def _move_first_test_to_top(nb):
    cell = nb["cells"].pop(_first_test(nb))
    nb["cells"].insert(0, cell)
    return nb


def _move_first_solution_to_end(nb):
    i = _first_index(nb, lambda c: is_solution(c) and c["cell_type"] == "code")
    nb["cells"].append(nb["cells"].pop(i))
    return nb


def _edit_first_test(nb):
    nb["cells"][_first_test(nb)]["source"] = "pass  # nothing to see here"
    return nb


def _unmark_first_test(nb):
    cell = nb["cells"][_first_test(nb)]
    cell["metadata"] = {}
    cell["source"] = "pass"
    return nb

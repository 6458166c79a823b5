"""Scanning the code a student wrote (solution cells and cells they added) for ways to interfere with
grading: an AST pass (module attributes assigned, comparison hooks defined, ...) and textual rules over the
code without comments and strings (the grader package, the import system, frames, exits, ...)."""

from __future__ import annotations

import ast
import re

from autograder.course import nbgrader_meta, source_of
from autograder.tamper.findings import Finding

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

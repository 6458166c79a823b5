"""No given code solves a graded task: `course validate`'s "given code" step.

The given code is what a student receives ready-made: every code cell of the student version that is
neither a solution cell nor an autograded test cell, and every public function of `utils`. Each piece
of it that can stand in for a graded answer is run against every graded check of every problem set,
the way the corpus runs them (`judge.run_local`, local objects), and must FAIL it: a pass means a
student could hand in given code (or a copy of it) and earn the points, and is reported as a
violation naming the given code and the check.

What is executed, per problem set (in this process, which `validate` forks for it):
- the *given* namespace: the setup cells and `helpers` cells in full, the solution cells as the student
  version shows them (stubs raising NotImplementedError), and of every other given cell (demos,
  training runs, plots) only its definitions: imports, functions, classes and assignments of literal
  constants, so that no training runs;
  (a solution that only assigns strings, the student's id, is no work: it keeps the reference's);
- the *reference* namespace: the same given cells with the source's solution cells, in notebook
  order, for the graded arguments of the checks (a check of `mlp_backward` also takes `mlp_forward`:
  the reference one).

What stands in for what (the hidden lines `run_check("ps2", "one_hot", one_hot)` of the source say
which argument of which check a graded name is):
- a graded *function*: every given function (notebook cells and `utils`, private names included for
  the notebooks) and every method of a given class that can be built without arguments, whose
  positional arity is the graded function's;
- a graded *class*: the reference class with one of its methods replaced by the method of the same
  name of a given class (counted only for checks that grade that method: the check must fail when
  the method gives wrong numbers; a constructor every check needs is graded only by the check of what
  it sets up);
- a graded *value* (numbers computed by hand): every value the given code computes, its top-level
  variables and the locals of its functions that take no argument (a self-check that computes the
  answers with autograd), of the same kind (an array of the same size, a dict with the same keys).

Each run has a time limit (`time_limit`, SIGALRM); a run that passes it counts as failed, with a note.
`LEVEL` says whether `validate` reports violations as errors or as warnings.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import os
import signal
import sys
import time
import types
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LEVEL = "error"  # no given code may solve a graded task
DEFAULT_TIME_LIMIT = 20.0  # seconds per check run
CELL_TIME_LIMIT = 120.0  # seconds per executed given cell
VALUE_CALL_LIMIT = 5.0  # seconds per call of a given function that takes no argument (for its locals)
UTILS_SKIPPED = {"download", "fetch", "seed_cache", "main"}  # network and file writes; no answers there
MAX_VALUE_DEPTH = 3


class _Timeout(BaseException):
    """A run took longer than its limit (BaseException: checks catch Exception)."""


@dataclass
class Violation:
    """Given code that passed a graded check."""

    given: str  # what passed: "ps5 cell ps5-bug-helpers: backward_impl2", "utils.gradcheck.rel_error"
    given_ps: str | None  # the problem set whose notebook gives it (None: utils)
    check_ps: str
    check: str
    argument: str  # the graded name it stood in for

    def __str__(self) -> str:
        return (f"given code solves a graded task: {self.given} passes the check "
                f"{self.check_ps}.{self.check} standing in for {self.argument}")


@dataclass
class Analysis:
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"violations": [asdict(v) for v in self.violations], "notes": self.notes, "runs": self.runs,
                "seconds": self.seconds}

    @classmethod
    def from_dict(cls, d: dict) -> Analysis:
        return cls([Violation(**v) for v in d.get("violations", [])], list(d.get("notes", [])),
                   int(d.get("runs", 0)), float(d.get("seconds", 0.0)))


@dataclass
class Candidate:
    label: str
    ps: str | None
    obj: Any


@dataclass
class Slot:
    """One graded argument of one hidden line: `run_check(ps, check, *args, **kwargs)`."""

    ps: str
    check: str
    args: list[Any]
    kwargs: dict[str, Any]
    position: int | str  # index into args, or keyword
    name: str  # the graded name

    @property
    def value(self) -> Any:
        return self.args[self.position] if isinstance(self.position, int) else self.kwargs[self.position]

    def with_value(self, value: Any) -> tuple[list[Any], dict[str, Any]]:
        args, kwargs = list(self.args), dict(self.kwargs)
        if isinstance(self.position, int):
            args[self.position] = value
        else:
            kwargs[self.position] = value
        return args, kwargs


# --- time limits --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _limit(seconds: float):
    if seconds <= 0 or os.name != "posix":
        yield
        return
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _quiet():
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        yield


# --- the notebooks ------------------------------------------------------------------------------------


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


# --- candidates ---------------------------------------------------------------------------------------


def _positional_range(fn: Any) -> tuple[int, float] | None:
    """(required, maximum) positional arguments of a callable (self excluded for bound methods)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    required, maximum = 0, 0.0
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            maximum += 1
            if p.default is p.empty:
                required += 1
        elif p.kind is p.VAR_POSITIONAL:
            maximum = float("inf")
        elif p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            return None  # cannot be called positionally
    return required, maximum


def _arity(fn: Any) -> int | None:
    r = _positional_range(fn)
    return None if r is None else int(r[1]) if r[1] != float("inf") else None


def compatible(candidate: Any, graded: Any) -> bool:
    """The candidate takes the graded function's number of positional parameters."""
    n = _arity(graded)
    r = _positional_range(candidate)
    if n is None or r is None:
        return False
    required, maximum = r
    return maximum == n or (maximum == float("inf") and required <= n)


def _given_functions(nb: Notebook) -> list[Candidate]:
    out = []
    for name, obj in nb.given.items():
        if isinstance(obj, types.FunctionType) and obj.__code__.co_filename in nb.given_files:
            where = nb.given_files[obj.__code__.co_filename]
            out.append(Candidate(f"{nb.ps} cell {where}: {name}", nb.ps, obj))
        elif isinstance(obj, type) and _defined_in(obj, nb.given_files):
            where = _class_cell(obj, nb.given_files)
            out += _bound_methods(obj, f"{nb.ps} cell {where}: {name}", nb.ps)
    return out


def _defined_in(cls: type, files: dict[str, str]) -> bool:
    return _class_cell(cls, files) is not None


def _class_cell(cls: type, files: dict[str, str]) -> str | None:
    for v in vars(cls).values():
        code = getattr(v, "__code__", None)
        if code is not None and code.co_filename in files:
            return files[code.co_filename]
    return None


def _bound_methods(cls: type, label: str, ps: str | None) -> list[Candidate]:
    """The methods of an instance of `cls`, when it can be built without arguments."""
    r = _positional_range(cls)
    if r is None or r[0] > 0:
        return []
    try:
        with _quiet(), _limit(VALUE_CALL_LIMIT):
            instance = cls()
    except (Exception, _Timeout):
        return []
    out = []
    for name, v in vars(cls).items():
        if isinstance(v, types.FunctionType) and not name.startswith("__"):
            out.append(Candidate(f"{label}().{name}", ps, getattr(instance, name)))
    return out


def _utils_modules(root: Path) -> list[types.ModuleType]:
    folder = root / "utils"
    if not (folder / "__init__.py").exists():
        return []
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    modules = []
    for path in sorted(folder.glob("*.py")):
        name = "utils" if path.stem == "__init__" else f"utils.{path.stem}"
        try:
            with _quiet():
                modules.append(importlib.import_module(name))
        except Exception:
            continue
    return modules


def utils_candidates(root: Path) -> tuple[list[Candidate], list[type]]:
    """Every public function of `utils` (functions, and methods of classes built without arguments),
    and its public classes."""
    functions: list[Candidate] = []
    classes: list[type] = []
    for module in _utils_modules(root):
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if isinstance(obj, types.FunctionType) and name not in UTILS_SKIPPED:
                functions.append(Candidate(f"{module.__name__}.{name}", None, obj))
            elif isinstance(obj, type):
                classes.append(obj)
                functions += _bound_methods(obj, f"{module.__name__}.{name}", None)
    return functions, classes


def _given_classes(nb: Notebook) -> list[tuple[str, type]]:
    return [(f"{nb.ps} cell {_class_cell(obj, nb.given_files)}: {name}", obj)
            for name, obj in nb.given.items() if isinstance(obj, type) and _defined_in(obj, nb.given_files)]


# --- values -------------------------------------------------------------------------------------------


def _expand(value: Any, label: str, depth: int = 0, out: list | None = None) -> list[tuple[str, Any]]:
    """A value and what it holds: dict values, list items, a tensor's gradient, a module's parameters."""
    out = [] if out is None else out
    if depth > MAX_VALUE_DEPTH or isinstance(value, types.ModuleType | types.FunctionType | type):
        return out
    out.append((label, value))
    if isinstance(value, dict):
        for k, v in list(value.items())[:200]:
            _expand(v, f"{label}[{k!r}]", depth + 1, out)
    elif isinstance(value, list | tuple) and len(value) <= 200:
        for i, v in enumerate(value):
            _expand(v, f"{label}[{i}]", depth + 1, out)
    torch = sys.modules.get("torch")
    if torch is not None:
        if isinstance(value, torch.Tensor) and value.is_leaf and value.grad is not None:
            _expand(value.grad, f"{label}.grad", depth + 1, out)
        elif isinstance(value, torch.nn.Module):
            for name, p in value.named_parameters():
                _expand(p, f"{label}.{name}", depth + 1, out)
    return out


def given_values(nb: Notebook) -> list[Candidate]:
    """What the given code computes: the given namespace's variables (not the solutions' names) and the
    locals of the given functions that take no argument, captured when they return."""
    found: list[tuple[str, Any]] = []
    for name, value in nb.given.items():
        if not name.startswith("__") and name not in nb.solution_names:
            found += _expand(value, name)
    captured: list[tuple[str, Any]] = []

    def profile(frame, event, arg):
        if event == "return" and frame.f_code.co_filename in nb.given_files:
            for k, v in frame.f_locals.items():
                captured.append((f"{frame.f_code.co_name}.{k}", v))

    for name, obj in list(nb.given.items()):
        if not (isinstance(obj, types.FunctionType) and obj.__code__.co_filename in nb.given_files):
            continue
        r = _positional_range(obj)
        if r is None or r[0] > 0:
            continue
        previous = sys.getprofile()
        try:
            with _quiet(), _limit(VALUE_CALL_LIMIT):
                sys.setprofile(profile)
                try:
                    result = obj()
                finally:
                    sys.setprofile(previous)
            captured.append((f"{name}()", result))
        except (Exception, SystemExit, _Timeout):
            continue
    for label, value in captured:
        found += _expand(value, label)
    where = f"{nb.ps} notebook"
    return [Candidate(f"{where}: the value {label}", nb.ps, v) for label, v in found]


def _numeric(value: Any) -> Any:
    """A float array of a number, array, tensor or list of numbers; None for anything else."""
    import numpy as np

    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, bool) or value is None or isinstance(value, str | dict):
        return None
    if isinstance(value, int | float | np.number | np.ndarray | list | tuple):
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            return None
        return arr if arr.size <= 10_000 else None
    return None


def same_kind(candidate: Any, graded: Any) -> bool:
    """Could `candidate` be handed in for the graded value `graded`?"""
    if isinstance(graded, str):
        return isinstance(candidate, str)
    if isinstance(graded, dict):
        return isinstance(candidate, dict) and set(candidate) == set(graded)
    g = _numeric(graded)
    if g is not None:
        c = _numeric(candidate)
        return c is not None and c.size == g.size
    if isinstance(graded, list | tuple | set):
        return type(candidate) is type(graded) and len(candidate) == len(graded)
    return False


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    import numpy as np

    seen: set = set()
    out = []
    for c in cands:
        arr = _numeric(c.obj)
        finite = arr is not None and bool(np.all(np.isfinite(arr)))
        key = ("a", arr.shape, arr.tobytes()) if finite else ("o", id(c.obj))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


# --- running checks -----------------------------------------------------------------------------------


def run_check(ps: str, check: str, args: list, kwargs: dict, limit: float) -> str | None:
    """None when the check passes; else why it failed ("timeout" for a run past its limit)."""
    from autograder import judge

    module = importlib.import_module(f"autograder.checks.{ps}")
    fn_limit = float(getattr(getattr(module, check, None), "time_limit", limit))
    seconds = min(limit, fn_limit)
    try:
        with _quiet(), _limit(seconds):
            message = judge.run_local(ps, check, *args, **kwargs)
        return None if message is None else (message or "failed")
    except _Timeout:
        return "timeout"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def slots(nb: Notebook) -> tuple[list[Slot], list[str]]:
    """The graded arguments of the notebook's hidden lines, with the reference's values."""
    out, notes = [], []
    for ps, check, arg_nodes, kw_nodes, label in nb.graded_calls:
        try:
            args = [eval(compile(ast.Expression(a), label, "eval"), nb.reference) for a in arg_nodes]
            kwargs = {k: eval(compile(ast.Expression(v), label, "eval"), nb.reference)
                      for k, v in kw_nodes}
        except Exception as exc:
            notes.append(f"{ps}.{check} ({label}): its arguments could not be evaluated "
                         f"({type(exc).__name__}: {exc})")
            continue
        positions: list[tuple[int | str, ast.expr]] = list(enumerate(arg_nodes)) + list(kw_nodes)
        for pos, node in positions:
            if isinstance(node, ast.Name) and node.id in nb.solution_names:
                out.append(Slot(ps, check, args, kwargs, pos, node.id))
    return out, notes


def _hybrid(cls: type, method: str, replacement: Any) -> type:
    return type(cls.__name__, (cls,), {method: replacement, "__module__": cls.__module__,
                                       "__qualname__": cls.__qualname__})


def _switched_off(*args, **kwargs):
    raise NotImplementedError("switched off")


def _perturb(value: Any, depth: int = 0) -> Any:
    """A wrong answer of the same form: numbers scaled and shifted, containers mapped."""
    import numpy as np

    torch = sys.modules.get("torch")
    if depth > MAX_VALUE_DEPTH or isinstance(value, bool):
        return value
    if isinstance(value, float | np.floating) or (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        return value * 1.5 + 0.1
    if isinstance(value, int | np.integer) or (isinstance(value, np.ndarray) and value.dtype.kind in "iu"):
        return value + 1
    if torch is not None and isinstance(value, torch.Tensor) and value.is_floating_point():
        return value * 1.5 + 0.1
    if isinstance(value, dict):
        return {k: _perturb(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple) and type(value) in (list, tuple):
        return type(value)(_perturb(v, depth + 1) for v in value)
    return value


def _perturb_state(obj: Any) -> None:
    """Make an object's numbers wrong in place: its attributes, dicts of arrays, a module's parameters."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.nn.Module):
        with torch.no_grad():
            for p in obj.parameters():
                if p.is_floating_point():
                    p.mul_(1.5).add_(0.1)
        return
    for name, value in list(getattr(obj, "__dict__", {}).items()):
        if isinstance(value, dict):
            for k in list(value):
                value[k] = _perturb(value[k])
        else:
            with contextlib.suppress(AttributeError, TypeError):
                setattr(obj, name, _perturb(value))


def _wrong_method(method: Any) -> Any:
    """The reference method, giving wrong numbers (for "does this check grade this method?"): its result
    perturbed, and the object's state too when it returns nothing (a constructor, an in-place update)."""

    def wrong(self, *args, **kwargs):
        out = method(self, *args, **kwargs)
        if out is None:
            _perturb_state(self)
        return _perturb(out)

    return wrong


def analyse(root: Path, *, only: set[str] | None = None, time_limit: float = DEFAULT_TIME_LIMIT,
            progress: Any = None) -> Analysis:
    """Run every piece of given code that fits against every graded check (see the module docstring).

    `only`: problem sets (short names) whose checks or whose given code take part; None for all.
    Runs in this process: execute it in a child (validate's fork pool) to keep this one clean."""
    started = time.monotonic()
    result = Analysis()
    root = Path(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    with _quick_mode():
        notebooks = _load_notebooks(root, result)
        trial = _Trial(result, only, time_limit, root, notebooks)
        n_slots = 0
        for nb in notebooks:
            found, notes = slots(nb)
            result.notes += notes
            for slot in found:
                n_slots += 1
                slot_started = time.monotonic()
                trial.try_slot(slot)
                if progress is not None:
                    progress(slot, time.monotonic() - slot_started)
        tried = (f"{len(trial.functions)} given functions, {len(trial.classes)} given classes and "
                 f"{len(trial.values)} given values")
        result.notes.insert(0, f"{tried} tried against {n_slots} graded arguments")
    result.seconds = time.monotonic() - started
    return result


@contextlib.contextmanager
def _quick_mode():
    """Run the block in quick mode with a non-interactive matplotlib; restore the environment and close
    every figure afterwards."""
    env = {"COURSE_MODE": "quick", "MPLBACKEND": "Agg"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        with contextlib.suppress(ImportError):
            import matplotlib.pyplot as plt

            plt.close("all")


def _load_notebooks(root: Path, result: Analysis) -> list[Notebook]:
    """Every problem set's source notebook, loaded (their notes added to `result`)."""
    from autograder.problemsets import discover

    notebooks = []
    for ps in discover(root):
        nb = load_notebook(ps.short, ps.source)
        result.notes += nb.notes
        notebooks.append(nb)
    return notebooks


class _Trial:
    """The given code (functions, classes, values) and how to try it against one graded argument."""

    def __init__(self, result: Analysis, only: set[str] | None, time_limit: float, root: Path,
                 notebooks: list[Notebook]) -> None:
        self.result = result
        self.only = only
        self.time_limit = time_limit
        util_fns, util_classes = utils_candidates(root)
        self.functions = util_fns + [c for nb in notebooks for c in _given_functions(nb)]
        self.classes = [(f"{c.__module__}.{c.__name__}", None, c) for c in util_classes]
        self.classes += [(label, nb.ps, c) for nb in notebooks for label, c in _given_classes(nb)]
        self.values = _dedupe([c for nb in notebooks for c in given_values(nb)])

    def takes_part(self, given_ps: str | None, check_ps: str) -> bool:
        """Whether given code of `given_ps` is tried against a check of `check_ps` (see `only`)."""
        return self.only is None or check_ps in self.only or given_ps in self.only

    def passes(self, slot: Slot, value: Any, label: str) -> bool:
        """Whether the slot's check passes with `value` as the graded argument (a timeout fails)."""
        args, kwargs = slot.with_value(value)
        self.result.runs += 1
        outcome = run_check(slot.ps, slot.check, args, kwargs, self.time_limit)
        if outcome == "timeout":
            self.result.notes.append(f"{label} against {slot.ps}.{slot.check}: stopped after its time limit "
                                     "(counted as failing)")
        return outcome is None

    def violation(self, label: str, given_ps: str | None, slot: Slot, name: str) -> None:
        """Record that given code `label` passes the slot's check."""
        self.result.violations.append(Violation(label, given_ps, slot.ps, slot.check, name))

    def try_slot(self, slot: Slot) -> None:
        """Try the given code that fits a graded argument: classes, functions or values, by its kind."""
        graded = slot.value
        off = None if not callable(graded) or isinstance(graded, type) else _switched_off
        if not isinstance(graded, type) and self.passes(slot, off, "check"):
            return  # the check does not use this argument (only to name what to fix first)
        if isinstance(graded, type):
            self.try_classes(slot, graded)
        elif callable(graded):
            self.try_candidates(slot, self.functions, compatible)
        else:
            self.try_candidates(slot, self.values, same_kind)

    def try_candidates(self, slot: Slot, candidates: list, fits: Callable[[Any, Any], bool]) -> None:
        """Try each given function or value that `fits` the graded one in its place."""
        for cand in candidates:
            if self.takes_part(cand.ps, slot.ps) and fits(cand.obj, slot.value):
                if self.passes(slot, cand.obj, cand.label):
                    self.violation(cand.label, cand.ps, slot, slot.name)

    def try_classes(self, slot: Slot, graded: type) -> None:
        """Try each method of each given class in place of the graded class's method of that name."""
        pool = [(lab, gps, cls) for lab, gps, cls in self.classes if self.takes_part(gps, slot.ps)]
        for label, gps, cls in pool:
            for method, impl in vars(cls).items():
                if self.is_graded_method(graded, method, impl):
                    self.try_method(slot, graded, method, impl, label, gps)

    @staticmethod
    def is_graded_method(graded: type, method: str, impl: Any) -> bool:
        """Whether a given class's attribute is a function the graded class also defines (dunder methods
        other than __init__ and __call__ left out)."""
        if not isinstance(impl, types.FunctionType) or method not in vars(graded):
            return False
        return not (method.startswith("__") and method not in ("__init__", "__call__"))

    def try_method(self, slot: Slot, graded: type, method: str, impl: Any, label: str,
                   given_ps: str | None) -> None:
        """Try one given method in the graded class, if the check grades what that method computes."""
        wrong = _wrong_method(vars(graded)[method])
        if self.passes(slot, _hybrid(graded, method, wrong), "check"):
            return  # the check does not grade what this method computes
        if self.passes(slot, _hybrid(graded, method, impl), f"{label}.{method}"):
            self.violation(f"{label}.{method}", given_ps, slot, f"{slot.name}.{method}")


def task(root: str, only: list[str] | None = None, time_limit: float = DEFAULT_TIME_LIMIT) -> dict:
    """`analyse` as a fork-pool task (JSON in, JSON out)."""
    return analyse(Path(root), only=set(only) if only is not None else None, time_limit=time_limit).to_dict()


KEY = "given-code"  # the fork-pool task's name in `validate`


def validate_task(course_root: Path, pss: list, time_limit: float = DEFAULT_TIME_LIMIT) -> Any:
    """The fork-pool task of `course validate` for the problem sets `pss` (see `report`)."""
    from autograder.pool import Task

    return Task(f"{pss[0].name}/{KEY}", task, (str(course_root), sorted(ps.short for ps in pss), time_limit),
                timeout=max(600.0, 30 * time_limit))


def report(outcome: Any, reports: dict, level: str | None = None) -> None:
    """Put the task's findings into `validate`'s reports ({name: Report}): each violation goes to the
    problem sets of its given code and of its check, as an error or a warning (`LEVEL`)."""
    level = level or LEVEL
    by_short = {rep.ps.short: rep for rep in reports.values()}
    first = next(iter(reports.values()))
    if outcome.status != "ok" or not isinstance(outcome.result, dict):
        (first.problems if level == "error" else first.warnings).append(
            f"given code: could not be analysed: {outcome.reason}")
        return
    res = Analysis.from_dict(outcome.result)
    for rep in reports.values():
        rep.seconds[KEY] = res.seconds
    touched = set()
    for v in res.violations:
        for short in dict.fromkeys(s for s in (v.given_ps, v.check_ps) if s in by_short):
            rep = by_short[short]
            (rep.problems if level == "error" else rep.warnings).append(str(v))
            touched.add(short)
    for note in res.notes:
        first.notes.append(f"given code: {note}")
    for rep in (r for short, r in by_short.items() if short not in touched):
        rep.notes.append(f"given code: none solves a graded task ({res.runs} check runs over all problem "
                         f"sets, {res.seconds:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.given_code [PS ...]`: print the violations (a development aid)."""
    import argparse

    from autograder.problemsets import REPO

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ps", nargs="*")
    parser.add_argument("--root", default=str(REPO))
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    args = parser.parse_args(argv)
    res = analyse(Path(args.root), only=set(args.ps) or None, time_limit=args.time_limit,
                  progress=lambda s, t: print(f"  {s.ps}.{s.check} <- {s.name}: {t:.1f} s", file=sys.stderr,
                                                 flush=True))
    for v in res.violations:
        print(v)
    for n in res.notes:
        print(f"note: {n}")
    print(f"{len(res.violations)} violations, {res.runs} check runs, {res.seconds:.1f} s")
    return 1 if res.violations else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the browser test serves and looks for: a student release, a reference-filled copy, a
student's feedback page, and the strings that must never reach a student's screen."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import tokenize
from pathlib import Path

import nbformat

from autograder import corpus
from autograder.problemsets import REPO, ProblemSet

# Always forbidden on a student's page (the release, the running notebook, the feedback).
MARKERS = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "run_check"]
MIN_SECRET_LEN = 24  # shorter solution lines (`return out`) are not distinctive


def text_of(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def course_cli() -> str | None:
    """`.venv/bin/course` when the `course` command is installed and its CLI module exists."""
    exe = Path(sys.executable).parent / "course"
    if exe.exists() and (REPO / "autograder" / "cli.py").exists():
        return str(exe)
    return None


def tool_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "JUPYTER", "JPY_"))}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(COURSE_MODE="quick", **extra)
    return env


def run(cmd: list[str], cwd: Path, timeout: float, on_start=None) -> str:
    """Run `cmd`; `on_start(pid)` is told its pid (the test's process ledger). Raises on failure."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=tool_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    if on_start:
        on_start(proc.pid)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise RuntimeError(f"{' '.join(cmd)} took more than {timeout:.0f} s:\n{out[-3000:]}") from None
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{out[-3000:]}")
    return out


def make_course_copy(ps: ProblemSet, dest: Path) -> Path:
    """A temporary course root with `ps`'s source, its committed release (if any) and the config."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(ps.source.parent, dest / "source" / ps.name)
    if ps.release.exists():
        shutil.copytree(ps.release.parent, dest / "release" / ps.name)
    return dest


def student_release(ps: ProblemSet, course_root: Path, on_start=None) -> tuple[Path, str]:
    """The student version of `ps` in `course_root/release/`. Returns (path, where it came from).

    The committed `release/` is what students get (a separate test keeps it in sync with
    `source/`); without one, it is generated here, by `course release` or by nbgrader itself.
    """
    target = course_root / "release" / ps.name / f"{ps.name}.ipynb"
    if target.exists():
        return target, f"committed release/{ps.name}"
    cli = course_cli()
    if cli:
        run([cli, "release", ps.short, "--root", str(course_root)], course_root, 300, on_start)
        if target.exists():
            return target, "`course release` (no committed release/ yet)"
    run([str(Path(sys.executable).parent / "nbgrader"), "generate_assignment", ps.name, "--force",
         f"--CourseDirectory.root={course_root}",
         f"--CourseDirectory.db_url=sqlite:///{course_root / 'gradebook.db'}"], course_root, 300, on_start)
    return target, "nbgrader generate_assignment (no `course release` yet)"


def reference_variant(ps: ProblemSet) -> corpus.Variant:
    path = ps.corpus / "reference.py"
    if path.exists():
        return corpus.load_variant(path)
    return corpus.Variant(name="reference", path=path, description="the source's own solutions",
                          kind="reference", fails={}, sections={})


def filled_copy(ps: ProblemSet, release_path: Path, variant: corpus.Variant, out: Path) -> Path:
    """The release with `variant`'s answers in it (autograder.corpus.build_submission)."""
    source_nb = nbformat.read(ps.source, as_version=4)
    release_nb = nbformat.read(release_path, as_version=4)
    nb = corpus.build_submission(source_nb, release_nb, variant)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


# --- secrets -----------------------------------------------------------------------------------

def _blocks(source: str, kind: str) -> list[str]:
    """The lines between `### BEGIN <kind>` and `### END <kind>` markers."""
    lines, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == f"### BEGIN {kind}":
            inside = True
        elif stripped == f"### END {kind}":
            inside = False
        elif inside:
            lines.append(line)
    return lines


def _markdown_phrases(line: str) -> list[str]:
    """Runs of plain words in a markdown line (what survives rendering: no maths, no markup)."""
    line = re.sub(r"\$[^$]*\$", " ", line)
    return [p.strip() for p in re.split(r"[^A-Za-z0-9 ,;'()-]+", line) if len(p.strip()) >= MIN_SECRET_LEN]


def _outside_blocks(source: str) -> str:
    """A cell's text without its solution and hidden-test blocks (what a student may see)."""
    kept, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
            inside = True
        elif stripped in ("### END SOLUTION", "### END HIDDEN TESTS"):
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def source_secrets(ps: ProblemSet) -> dict[str, list[str]]:
    """Distinctive text of `ps`'s solutions and hidden tests, read from the source notebook.

    Returns {"hidden": [...], "solution": [...]}: whole lines of hidden-test blocks and of code
    solution blocks (solution lines of at least MIN_SECRET_LEN characters, comments included) and
    plain-word phrases of model answers in markdown cells; lines that also occur outside those blocks
    (public text: instructions, docstrings, visible tests) are left out.
    """
    nb = nbformat.read(ps.source, as_version=4)
    public = squash("\n".join(_outside_blocks(text_of(c.source)) for c in nb.cells))
    hidden, solution = set(), set()
    for cell in nb.cells:
        src = text_of(cell.source)
        for line in _blocks(src, "HIDDEN TESTS"):
            if len(line.strip()) >= 12:
                hidden.add(line.strip())
        for line in _blocks(src, "SOLUTION"):
            if cell.cell_type == "markdown":
                solution.update(_markdown_phrases(line))
            elif len(line.strip()) >= MIN_SECRET_LEN:
                solution.add(line.strip())
    return {"hidden": sorted(s for s in hidden if squash(s) not in public),
            "solution": sorted(s for s in solution if squash(s) not in public)}


def checks_code_lines(ps: ProblemSet) -> list[str]:
    """Code lines (no docstrings, no comments) of `autograder/checks/<ps>.py` worth looking for."""
    path = REPO / "autograder" / "checks" / f"{ps.short}.py"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    doc_lines: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(
                node.value.value, str):
            doc_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    code: dict[int, list[str]] = {}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER):
            continue
        if tok.start[0] not in doc_lines:
            code.setdefault(tok.start[0], [])
    lines = text.splitlines()
    out = []
    for lineno in sorted(code):
        line = lines[lineno - 1].split("  #")[0].strip()
        # Messages a check raises are student-facing by design: keep lines that build them out.
        if len(line) < 30 or line.startswith(("import ", "from ")):
            continue
        if not re.search(r"\b(fail|CheckFailure)\(|f?\"[^\"]{20,}", line):
            out.append(line)
    return out


def squash(text: str) -> str:
    """Whitespace-insensitive form for substring searches in page text."""
    return re.sub(r"\s+", "", text)


def find_leaks(page_text: str, page_html: str, needles: list[str]) -> list[str]:
    """The needles found in the page's text or HTML (whitespace-insensitive)."""
    import html

    haystacks = (squash(page_text), squash(page_html), squash(html.unescape(page_html)))
    return [n for n in needles if squash(n) and any(squash(n) in h for h in haystacks)]


# --- feedback ----------------------------------------------------------------------------------

FEEDBACK_STUDENT = "buggy"  # the buggy sample student (feedback_variant): section 1 has its own numbers


def feedback_variant(ps: ProblemSet) -> corpus.Variant:
    """The demo's buggy student (some tests pass, some fail with a check's message), else a mistake."""
    for path in (ps.examples / "buggy.py", *sorted(ps.corpus.glob("mistake_*.py"))):
        if path.exists():
            return corpus.load_variant(path)
    raise FileNotFoundError(f"no buggy example or corpus mistake for {ps.short}")


def course_feedback(ps: ProblemSet, course_root: Path, submission: Path, timeout: float = 300,
                    on_start=None) -> Path:
    """Hand `submission` in as FEEDBACK_STUDENT, then `course autograde` and `course feedback` it.

    Returns the student's feedback HTML. Raises LookupError when `course feedback` does not exist.
    """
    cli = course_cli()
    if cli is None:
        raise LookupError("the `course` command (autograder/cli.py) does not exist yet")
    help_text = subprocess.run([cli, "--help"], capture_output=True, text=True, timeout=60).stdout
    if "feedback" not in help_text:
        raise LookupError("`course` has no `feedback` subcommand yet")
    dest = course_root / "submitted" / FEEDBACK_STUDENT / ps.name / f"{ps.name}.ipynb"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(submission, dest)
    root = ["--root", str(course_root)]
    if not (course_root / "gradebook.db").exists():
        run([cli, "release", ps.short, *root], course_root, timeout, on_start)
    run([cli, "autograde", ps.short, "--student", FEEDBACK_STUDENT, *root], course_root, timeout, on_start)
    run([cli, "feedback", ps.short, *root], course_root, timeout, on_start)
    pages = sorted((course_root / "feedback" / FEEDBACK_STUDENT).rglob("*.html"))
    if not pages:
        raise RuntimeError(f"`course feedback` wrote no HTML under {course_root / 'feedback'}")
    return pages[0]


def expected_values(ps: ProblemSet, variant: corpus.Variant) -> tuple[list[float], dict]:
    """Grade `variant` in process and record every `expected` value the hidden checks compare with.

    The checks call `autograder.checklib.assert_close(actual, expected, ...)`; a profiler hook reads
    its `expected` argument (the checks reload their modules for every call, so patching cannot).
    Returns (the finite expected numbers, the in-process results by grade_id).
    """
    import numpy as np

    seen: list[float] = []

    def hook(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "assert_close" and \
                frame.f_code.co_filename.endswith(os.path.join("autograder", "checklib.py")):
            with contextlib.suppress(Exception):
                values = np.asarray(frame.f_locals.get("expected"), dtype=np.float64).ravel()
                seen.extend(float(v) for v in values[np.isfinite(values)])

    source_nb = nbformat.read(ps.source, as_version=4)
    previous = sys.getprofile()
    sys.setprofile(hook)
    threading.setprofile(hook)  # checks judged by the grader run in the judge's thread (loopback channel)
    try:
        results = corpus.grade_in_process(source_nb, variant)
    finally:
        sys.setprofile(previous)
        threading.setprofile(None)
    return seen, results


NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:[eE][-+]?\d+)?")


def revealed_numbers(text: str, expected: list[float], min_digits: int = 4) -> list[str]:
    """Numbers in `text` with at least `min_digits` significant digits that equal an expected value
    rounded to the digits shown (0.3775 reveals 0.37754066...)."""
    import math

    found = []
    for m in NUMBER.finditer(text):
        token = m.group(0)
        mantissa = token.lstrip("-").split("e")[0].split("E")[0].replace(".", "").strip("0")
        if len(mantissa) < min_digits:
            continue
        shown = float(token)
        decimals = len(token.split(".")[1].split("e")[0].split("E")[0])
        for value in expected:
            if value == 0 or not math.isfinite(value):
                continue
            if "e" in token.lower():
                if math.isclose(shown, value, rel_tol=10 ** -(len(mantissa) - 1)):
                    found.append(token)
                    break
            elif round(value, decimals) == shown:
                found.append(token)
                break
    return found

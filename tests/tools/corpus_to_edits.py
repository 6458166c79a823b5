r"""Rewrite submission variants as edits of the reference solution (issue #22).

A variant file that copies a whole solution cell to change one line hides its mistake in the copy.
For every `# %% <grade_id>` section of a variant this tool compares the section with the reference
solution of that cell (the source notebook's solution cell, markers removed, as `autograder.corpus`
reads it) and

- drops the section when it equals the reference (for code: is the same program, comments and
  docstrings aside);
- replaces it by `(old, new)` pairs in the header's `EDITS` when it differs in a few contiguous line
  blocks (at most MAX_HUNKS, together at most half the cell's lines; comments, docstrings and blank
  lines do not count as differences, the reference's stay); each `old` is a whole-line block of the
  reference, widened by lines of context until it occurs exactly once;
- keeps it when more is rewritten (an alternative written another way, a mistake in its own style).

The rest of the header (docstring, KIND, FAILS, STUDENT, `mutate`, ...) is kept as written; EDITS goes
after the last of its assignments. Reference variants are never converted, adversarial ones only with
`--adversarial`, and files that already have EDITS or SHARED sections are left alone. A file is
rewritten only when, for every solution cell, the new file gives the grader the same program the old
one gave (`corpus.solution_source`: equal syntax trees without docstrings for code, equal text
otherwise) and the header says the same (kind, FAILS, student, ...).

`--verdicts OUT.json` records every in-process variant's result per test cell (points, message, lost
to a hidden check) with `corpus.grade_in_process`: run it before and after converting and compare.

Usage (from the repository root)::

    .venv/bin/python tests/tools/corpus_to_edits.py ps1                # dry run: what would change
    .venv/bin/python tests/tools/corpus_to_edits.py ps1 --write        # rewrite the files
    .venv/bin/python tests/tools/corpus_to_edits.py ps1 --verdicts /tmp/ps1.json   # grade only
    git archive HEAD tests/submissions | tar -x -C /tmp/before      # the corpus before converting
    .venv/bin/python tests/tools/corpus_to_edits.py ps1 --verdicts /tmp/ps1_before.json --corpus \
        /tmp/before/tests/submissions/ps1
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import json
import re
import sys
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from autograder import corpus, problemsets  # noqa: E402

MAX_HUNKS = 3          # more separate changed blocks than this: the section stays
MAX_CHANGED = 0.5      # more than this share of the reference's lines changed: the section stays
MAX_CHANGED_ALTERNATIVE = 0.25  # a valid alternative is an edit only when it is a small variation
WIDTH = 110            # the repository's line length
References = dict[str, tuple[str, bool]]  # grade_id -> (reference solution, is code)
HEADER_KEYS = {"KIND", "FAILS", "E2E", "STUDENT", "IN_PROCESS", "UNANSWERED", "SHARED"}


@dataclass
class Section:
    """One `# %% grade_id` section of a variant file: `body` as `corpus.load_variant` reads it."""

    grade_id: str
    body: str
    raw: str  # the file's text from the `# %%` line up to the next section


def split_variant(text: str) -> tuple[str, list[Section]]:
    """(header, sections) of a variant file's text, split the way `corpus.load_variant` splits it."""
    matches = list(corpus.SECTION.finditer(text))
    header = text[: matches[0].start()] if matches else text
    sections = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections.append(Section(m["grade_id"], text[m.end():end].strip("\n") + "\n", text[m.start():end]))
    return header, sections


def reference_solutions(source_nb: dict) -> References:
    """{grade_id: (reference solution, is code)} for every solution cell, as a student would have
    written it."""
    return {corpus.nbgrader_meta(c)["grade_id"]: (corpus.strip_markers(corpus.cell_source(c)),
                                                  c["cell_type"] == "code")
            for c in source_nb["cells"] if corpus.is_solution(c)}


def _dedent_first(old: str, new: str) -> tuple[str, str]:
    """Drop the first line's indentation from both strings when they share it (easier to read)."""
    indent = old[: len(old) - len(old.lstrip(" "))]
    if indent and new.startswith(indent):
        return old[len(indent):], new[len(indent):]
    return old, new


def _informative(lines: list[str]) -> int:
    """How much a block of context lines says: its letters and digits (a blank or `\"\"\"` says nothing)."""
    return sum(ch.isalnum() for line in lines for ch in line)


def _widen(ref: list[str], span: tuple[int, int], lines: list[str], text: str) -> tuple[str, str] | None:
    """The (old, new) pair that puts `lines` in place of ref[i1:i2] (`span`), widened by reference lines
    of context until `old` is unique in `text`. The fewest context lines win, the most informative
    among as many. None if even the whole cell is not unique."""
    i1, i2 = span
    whole = "\n".join(ref[i1:i2]) + "\n"
    if not lines and i2 < len(ref) and text.count(whole) == 1:
        return whole, ""  # whole lines deleted: they and their newline, no anchor needed
    need = 1 if i1 == i2 or not lines else 0  # else an insertion or deletion needs an anchor line
    for extra in range(need, len(ref) + 1):
        found = []
        for up in range(extra + 1):
            down = extra - up
            if up > i1 or i2 + down > len(ref):
                continue
            old_text, new_text = _dedent_first("\n".join(ref[i1 - up:i2 + down]),
                                               "\n".join(ref[i1 - up:i1] + lines + ref[i2:i2 + down]))
            if old_text.strip() and text.count(old_text) == 1:
                context = ref[i1 - up:i1] + ref[i2:i2 + down]
                found.append((_informative(context), -up, (old_text, new_text)))
        if found:
            return max(found)[2]
    return None


def _docstrings(tree: ast.AST) -> list[ast.AST]:
    """The nodes (module, functions, classes) of `tree` whose body starts with a docstring."""
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)]


def _docstring_rows(text: str) -> set[int]:
    """0-based indices of the lines of `text` inside docstrings (SyntaxError if `text` is no Python)."""
    return {row - 1 for node in _docstrings(ast.parse(text))
            for row in range(node.body[0].lineno, node.body[0].end_lineno + 1)}


def _code_lines(text: str, code: bool) -> list[str]:
    """`text`'s lines as the diff compares them: for code, comments, docstrings and trailing blanks
    removed (a line left empty is skipped by the diff)."""
    lines = text.split("\n")
    if not code:
        return lines
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        docstrings = _docstring_rows(text)
    except (tokenize.TokenError, SyntaxError):
        return lines
    for tok in reversed(tokens):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col]
    return ["" if i in docstrings else line.rstrip() for i, line in enumerate(lines)]


def _program(text: str) -> str:
    """The syntax tree of `text` without docstrings, as a string (what `same_code` compares)."""
    tree = ast.parse(text)
    for node in _docstrings(tree):
        node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


def same_code(a: str, b: str) -> bool:
    """Whether two cells' code is the same program: equal syntax trees once docstrings are removed
    (comments, blank lines and docstrings aside; no check reads a docstring)."""
    try:
        return _program(a) == _program(b)
    except SyntaxError:
        return a == b


def edits_for(reference: str, body: str, code: bool = True,
              max_changed: float = MAX_CHANGED) -> list[tuple[str, str]] | None:
    """`body` as (old, new) edits of `reference` ([] when equal); None when the change is too large
    (more than MAX_HUNKS blocks, more than `max_changed` of the reference's non-blank lines) or
    cannot be written as unique edits. For code, lines are compared without comments and docstrings
    and blank lines are skipped: a difference only there is no edit (the reference's comments and
    docstrings stay), so the edited reference is the same program as `body` (`same_code`), not
    necessarily the same text."""
    if body == reference or (code and same_code(body, reference)):
        return []
    ref, new = reference.split("\n"), body.split("\n")
    ref_cmp, new_cmp = _code_lines(reference, code), _code_lines(body, code)
    ref_keep = [i for i, line in enumerate(ref_cmp) if line.strip()]
    new_keep = [j for j, line in enumerate(new_cmp) if line.strip()]
    matcher = difflib.SequenceMatcher(None, [ref_cmp[i] for i in ref_keep], [new_cmp[j] for j in new_keep],
                                      autojunk=False)
    hunks = [(a1, a2, b1, b2) for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"]
    changed = sum(max(a2 - a1, b2 - b1) for a1, a2, b1, b2 in hunks)
    if len(hunks) > MAX_HUNKS or changed > max_changed * len(ref_keep):
        return None
    pairs: list[tuple[str, str]] = []
    text = reference
    for a1, a2, b1, b2 in hunks:  # top to bottom; each `old` must be unique in the text edited so far
        # reference lines [i1, i2) give way to the section's lines [j1, j2) (its comments with them)
        if a2 > a1:
            i1, i2 = ref_keep[a1], ref_keep[a2 - 1] + 1
        else:  # an insertion goes right after the line before it (and after a docstring there)
            i1 = ref_keep[a1 - 1] + 1 if a1 > 0 else 0
            while i1 < len(ref) and code and i1 in _docstring_rows(reference):
                i1 += 1
            i2 = i1
        j1, j2 = (new_keep[b1], new_keep[b2 - 1] + 1) if b2 > b1 else (0, 0)
        while b2 > b1 and j1 > 0 and new[j1 - 1].lstrip().startswith("#") \
                and new[j1 - 1].strip() not in reference:
            j1 -= 1  # the section's own comment lines just above the change go with it
        pair = _widen(ref, (i1, i2), new[j1:j2], text)
        if pair is None:
            return None
        pairs.append(pair)
        text = corpus.apply_edits(text, [pair])
    return pairs if (same_code(text, body) if code else text == body) else None


# --- writing -----------------------------------------------------------------------------------

def _quote(s: str) -> str:
    """A Python literal for `s`, in double quotes where that needs no escaping."""
    r = repr(s)
    if r.startswith("'") and '"' not in s:
        r = '"' + r[1:-1].replace("\\'", "'") + '"'
    return r


def _literal(s: str, indent: str) -> str:
    """`s` as a literal; a multi-line string as one literal per line, concatenated implicitly."""
    if not s:
        return '""'
    lines = s.split("\n")
    parts = [_quote(line + "\n") for line in lines[:-1]] + ([_quote(lines[-1])] if lines[-1] else [])
    return f"\n{indent}".join(parts)


def _one_line(*texts: str) -> bool:
    """Whether each text is one line (a final newline allowed: a deleted line)."""
    return all("\n" not in t[:-1] for t in texts)


def format_edits(edits: dict[str, list[tuple[str, str]]]) -> str:
    """The `EDITS = {...}` assignment for a header: on one line when it fits, else one pair a line."""
    if len(edits) == 1:
        (grade_id, pairs), = edits.items()
        if len(pairs) == 1 and _one_line(*pairs[0]):
            line = f"EDITS = {{{_quote(grade_id)}: [({_quote(pairs[0][0])}, {_quote(pairs[0][1])})]}}"
            if len(line) <= WIDTH:
                return line + "\n"
    out = ["EDITS = {"]
    for grade_id, pairs in edits.items():
        out.append(f"    {_quote(grade_id)}: [")
        for old, new in pairs:
            one = f"        ({_quote(old)}, {_quote(new)}),"
            if _one_line(old, new) and len(one) <= WIDTH:
                out.append(one)
            else:
                out.append(f"        ({_literal(old, ' ' * 9)},\n         {_literal(new, ' ' * 9)}),")
        out.append("    ],")
    out.append("}")
    return "\n".join(out) + "\n"


def insert_edits(header: str, edits_src: str) -> str:
    """`header` with `edits_src` after its last KIND/FAILS/... assignment (before any `mutate`)."""
    tree = ast.parse(header)
    ends = [node.end_lineno for node in tree.body if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in HEADER_KEYS for t in node.targets)]
    lines = header.splitlines(keepends=True)
    at = max(ends) if ends else len(lines)
    return "".join(lines[:at]) + edits_src + "".join(lines[at:])


# --- one variant -------------------------------------------------------------------------------

@dataclass
class Conversion:
    """What converting one variant file did: its new text (None: unchanged) and counts."""

    path: Path
    text: str | None
    dropped: list[str]
    edited: list[str]
    kept: list[str]
    why: str = ""


def convert_text(text: str, references: References, kind: str = "mistake",
                 ) -> tuple[str | None, list[str], list[str], list[str]]:
    """(new text or None, sections dropped, sections turned into edits, sections kept) for one file
    of KIND `kind`. A section stays when its edits' old and new texts take as many lines as the section."""
    header, sections = split_variant(text)
    edits: dict[str, list[tuple[str, str]]] = {}
    dropped, kept, rest = [], [], []
    limit = MAX_CHANGED_ALTERNATIVE if kind == "alternative" else MAX_CHANGED
    for s in sections:
        pairs = None
        if s.grade_id in references:
            reference, code = references[s.grade_id]
            pairs = edits_for(reference, s.body, code, limit)
        if pairs and sum(len(a.split("\n")) + len(b.split("\n")) for a, b in pairs) >= s.body.count("\n"):
            pairs = None  # the edits would show as many lines as the copy they replace
        if pairs is None:
            kept.append(s.grade_id)
            rest.append(s.raw)
        elif pairs:
            edits[s.grade_id] = pairs
        else:
            dropped.append(s.grade_id)
    if not edits and not dropped:
        return None, [], [], kept
    new_header = insert_edits(header, format_edits(edits)) if edits else header
    new_text = new_header.rstrip("\n") + "\n" + ("\n" + "".join(rest).rstrip("\n") + "\n" if rest else "")
    return new_text, dropped, list(edits), kept


def _same_submission(source_nb: dict, old: corpus.Variant, new: corpus.Variant) -> str:
    """'' when `new` hands the grader the same as `old` (the same text, or for code the same program,
    see `same_code`); else what differs."""
    fields = ("description", "kind", "fails", "e2e", "in_process", "unanswered", "student")
    for f in fields:
        if getattr(old, f) != getattr(new, f):
            return f"{f} differs"
    if problems := corpus.edit_problems(source_nb, new):
        return "; ".join(problems)
    for cell in source_nb["cells"]:
        if not corpus.is_solution(cell):
            continue
        before, after = corpus.solution_source(cell, old), corpus.solution_source(cell, new)
        if before != after and not (cell["cell_type"] == "code" and same_code(before, after)):
            return f"{corpus.nbgrader_meta(cell)['grade_id']} differs"
    return ""


def convert_file(path: Path, source_nb: dict, references: References, *, adversarial: bool) -> Conversion:
    """Convert one variant file (not written); `text` stays None when it is not converted."""
    text = path.read_text(encoding="utf-8")
    old = corpus.load_variant(path)
    if old.kind == "reference" or (old.kind == "adversarial" and not adversarial) or old.edits or old.shared:
        return Conversion(path, None, [], [], list(old.sections), why=f"skipped ({old.kind})")
    new_text, dropped, edited, kept = convert_text(text, references, old.kind)
    if new_text is None:
        return Conversion(path, None, [], [], kept)
    with tempfile.NamedTemporaryFile("w", suffix=".py", prefix="_", dir=path.parent, delete=False,
                                     encoding="utf-8") as tmp:
        tmp.write(new_text)
    try:
        new = corpus.load_variant(tmp.name)
        new.name = old.name
    finally:
        Path(tmp.name).unlink()
    if why := _same_submission(source_nb, old, new):
        return Conversion(path, None, [], [], kept, why=f"not converted: {why}")
    return Conversion(path, new_text, dropped, edited, kept)


# --- verdicts ----------------------------------------------------------------------------------

ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def record_verdicts(folder: Path, source_nb: dict, out: Path) -> None:
    """{variant: {test grade_id: [points, message, lost to a hidden check]}} for every in-process
    variant in `folder`, written to `out` as JSON (object addresses in messages masked)."""
    verdicts = {}
    for v in corpus.load_variants(folder):
        if not v.in_process:
            continue
        results = corpus.grade_in_process(source_nb, v)
        verdicts[v.name] = {g: [r.points, ADDRESS.sub(" at 0x…", r.message), r.by_hidden_check]
                            for g, r in sorted(results.items())}
    text = json.dumps(verdicts, indent=1, ensure_ascii=False, sort_keys=True)
    out.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="problem sets by short name (ps1 ...)")
    parser.add_argument("--write", action="store_true", help="rewrite the converted files")
    parser.add_argument("--adversarial", action="store_true", help="also convert adversarial variants")
    parser.add_argument("--verdicts", type=Path, help="only grade the corpus and write its verdicts here")
    parser.add_argument("--corpus", type=Path, help="with --verdicts: grade the variants of this folder "
                        "(e.g. a copy of the corpus before converting, or examples/submissions/ps1)")
    args = parser.parse_args(argv)
    by_name = {ps.short: ps for ps in problemsets.discover()}
    for short in args.sets:
        ps = by_name[short]
        source_nb = nbformat.read(ps.source, as_version=4)
        if args.verdicts:
            record_verdicts(args.corpus or ps.corpus, source_nb, args.verdicts)
            continue
        references = reference_solutions(source_nb)
        converted = 0
        for path in sorted(ps.corpus.glob("*.py")):
            if path.name.startswith("_"):
                continue
            c = convert_file(path, source_nb, references, adversarial=args.adversarial)
            if c.text is None:
                if c.why.startswith("not converted"):
                    print(f"{short}/{path.stem}: {c.why}")
                continue
            converted += 1
            print(f"{short}/{path.stem}: dropped {c.dropped} edits {c.edited} kept {c.kept}")
            if args.write:
                path.write_text(c.text, encoding="utf-8")
        print(f"{short}: {converted} variants converted" + ("" if args.write else " (dry run)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

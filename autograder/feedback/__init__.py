"""`course feedback PS`: one HTML page per student, with test names, points and messages — and no leaks.

nbgrader's own feedback shows the autograded notebook as it ran, hidden tests and tracebacks included
(its issue 917), and shows an ungraded manual cell as 0 points. Here the autograded notebook is first
sanitized — each hidden-test block becomes the line `# hidden tests`, each error output becomes just
`ExceptionName: message` (no traceback, so no source line of hidden code and no expected value) — and
then rendered by nbconvert under a summary table built from the gradebook: every test and written
answer with its points, or "pending" while no grader has scored it, and the check's message.
A final guard refuses to write a page that still contains a hidden-test line or marker.

Everything a student controls is hostile: the HTML of markdown cells and of outputs is sanitised with
`nh3` to an allow-list (text, tables, images from data: URLs, links, MathML; no style, class, id, form,
meta, frame or script), SVG outputs are shown as images, script and widget outputs are dropped, and
stream outputs are text. The grader's summary comes first, outside the student's area, styled by rules
that nothing the student writes can reach (no <style>, no class or id survives sanitising).

The page is one self-contained file that works offline: nbconvert's require.js, MathJax, mermaid and
widget scripts (all loaded from a CDN) are left out, maths is rendered to MathML when the page is made
(browsers draw MathML themselves: no script, no font download), the inline stylesheet keeps only the
rules that match something on the page, and a Content-Security-Policy lets the page load nothing from
anywhere and run no script.
"""

from __future__ import annotations

import copy
import html
import json
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, nbgrader_meta, source_of, write_text_atomic
from autograder.problemsets import ProblemSet
from autograder.records import CellRecord, StudentRecord, records

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*$\n?", re.MULTILINE | re.DOTALL
)
PLACEHOLDER = "# hidden tests"
FORBIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Model answer and rubric (graders only)")
STUDENT_NOTES = {
    "deleted_cell",
    "cell_type_changed",
    "changed_cell",
    "reordered",
    "duplicate_id",
    "metadata_changed",
    "kernel_died",
    "cell_timeout",
}


def hidden_lines(source_nb: dict) -> set[str]:
    """The stripped lines inside hidden-test blocks of the source notebook (what must never show)."""
    lines: set[str] = set()
    for cell in source_nb["cells"]:
        for block in HIDDEN.findall(source_of(cell) + "\n"):
            for line in block.splitlines()[1:-1]:
                if line.strip():
                    lines.add(line.strip())
    return lines


def _joined(value):
    """A notebook text field as one string (JSON stores multi-line text as a list of lines)."""
    if isinstance(value, list):
        return "".join(x if isinstance(x, str) else str(x) for x in value)
    return value if isinstance(value, str) else str(value)


# A line the notebooks print when the grader runs them shortened (COURSE_MODE=quick): it describes how
# the grader ran the notebook, not the student's work, and the student ran it in full.
_GRADING_MODE_LINE = re.compile(r"^.*\bquick mode\b.*(?:\n|$)", re.IGNORECASE | re.MULTILINE)


def _without_grading_mode(text: str) -> str:
    return _GRADING_MODE_LINE.sub("", text)


def _clean_output(out: dict) -> dict | None:
    """An output with its text fields joined (a stream's list of lines showed as a Python list), or
    None for outputs a page cannot show safely (scripts, widgets)."""
    kind = out.get("output_type")
    if kind == "stream":
        text = _without_grading_mode(_joined(out.get("text", "")))
        if not text:
            return None
        return {"output_type": "stream", "name": str(out.get("name", "stdout")), "text": text}
    if kind == "error":
        ename, evalue = _joined(out.get("ename", "Error")), _joined(out.get("evalue", ""))
        return {
            "output_type": "error",
            "ename": ename,
            "evalue": evalue,
            "traceback": [f"{ename}: {evalue}" if evalue else ename],
        }
    if kind in ("display_data", "execute_result"):
        data = out.get("data") if isinstance(out.get("data"), dict) else {}
        kept = {
            mime: (_without_grading_mode(_joined(value)) if mime == "text/plain"
                   else _joined(value) if not mime.endswith("json") else value)
            for mime, value in data.items()
            if mime in SHOWN_MIME_TYPES
        }
        if not kept:
            return None
        clean = {"output_type": kind, "data": kept, "metadata": {}}
        if kind == "execute_result":
            count = out.get("execution_count")
            clean["execution_count"] = (
                count if isinstance(count, int) and not isinstance(count, bool) else None
            )
        return clean
    return None


# what a feedback page shows of an output's data (no scripts, widgets or other executable content)
SHOWN_MIME_TYPES = frozenset(
    ["text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/svg+xml"]
)


def sanitize(nb: dict) -> nbformat.NotebookNode:
    """The autograded notebook without hidden tests and tracebacks (see the module docstring), with
    only what a page shows: text fields joined, cell metadata reduced to nbgrader's, no notebook
    metadata a student could set (title, widgets, a highlighting language)."""
    from autograder.rubric import strip_rubrics

    nb = copy.deepcopy(nbformat.from_dict(nb))
    strip_rubrics(nb)  # the graders' model answers and rubrics (autograder/rubric.py)
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        }
    )
    for cell in nb.cells:
        src = source_of(cell)
        meta = nbgrader_meta(cell)
        cell.metadata = nbformat.from_dict({"nbgrader": meta} if isinstance(meta, dict) and meta else {})
        if cell.get("cell_type") == "code":
            outs = [_clean_output(o) for o in cell.get("outputs", []) if isinstance(o, dict)]
            cell.outputs = [nbformat.from_dict(o) for o in outs if o is not None]
        if cell.cell_type == "code" and (HIDDEN.search(src + "\n") or "BEGIN HIDDEN TESTS" in src):
            src = HIDDEN.sub(PLACEHOLDER + "\n", src + "\n").rstrip("\n")
            if "BEGIN HIDDEN TESTS" in src:  # an unbalanced block: drop everything after the marker
                src = src.split("### BEGIN HIDDEN TESTS")[0].rstrip() + "\n" + PLACEHOLDER
        cell.source = src
        if (
            meta.get("grade")
            and not meta.get("solution")
            and cell.cell_type == "code"
            and PLACEHOLDER not in cell.source
        ):
            cell.source = cell.source.rstrip("\n") + ("\n" if cell.source.strip() else "") + PLACEHOLDER
    return nb


def _row(cell: CellRecord) -> str:
    kind = {"test": "test", "written": "written answer", "code_answer": "code answer"}.get(
        cell.kind, cell.kind
    )
    message = cell.message if cell.kind == "test" and cell.status == "failed" else ""
    message = message.removeprefix("CheckFailure: ")  # the check's own words are the message
    if cell.status == "pending":
        message = "waiting for a grader"
    note = " — ".join(x for x in (message, cell.comment) if x)
    css = {"passed": "ok", "failed": "bad", "pending": "pending"}.get(cell.status, "")
    points = "pending" if cell.points is None else f"{cell.points:g}"
    return (
        f'<tr class="{css}"><td><code>{html.escape(cell.grade_id)}</code></td><td>{kind}</td>'
        f'<td class="num">{points} / {cell.max_points:g}</td><td>{html.escape(cell.status)}</td>'
        f"<td>{html.escape(note)}</td></tr>"
    )


def summary_html(ps: ProblemSet, rec: StudentRecord, with_notebook: bool = True) -> str:
    total = rec.score
    if with_notebook:
        epilogue = (
            "Hidden tests are not shown; each failed test says what went wrong. Your notebook as it was "
            "graded follows, below this box: only this box comes from the grader."
        )
    else:
        epilogue = "Your notebook could not be shown here. Ask your instructor if the reason is unclear."
    if rec.status != "graded":
        headline = f"Your submission could not be graded: {html.escape(rec.reason)}"
    elif total is None:
        headline = (
            f"Score so far: {rec.partial_score:g} / {rec.max_score:g} — "
            f"{len(rec.pending)} answer(s) still to be graded by hand"
        )
    else:
        headline = f"Score: {total:g} / {rec.max_score:g}"
    if rec.late_penalty:
        headline += f" (late penalty −{rec.late_penalty:g} included)"
    rows = "\n".join(_row(c) for c in rec.cells)
    notes = [f for f in rec.tamper if f.get("kind") in STUDENT_NOTES]
    notes_html = ""
    if notes:
        items = "".join(f"<li>{html.escape(_note_text(f))}</li>" for f in notes)
        notes_html = f'<div class="notes"><b>Notes from the grader</b><ul>{items}</ul></div>'
    table = (
        (
            "<table><thead><tr><th>test / answer</th><th>kind</th><th>points</th><th>status</th>"
            f"<th>message</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        if rec.cells
        else ""
    )
    return f"""
<div id="course-feedback-summary">
<style>
#course-feedback-summary {{ font-family: sans-serif; margin: 1em auto; max-width: 1100px;
  border: 2px solid #2b4a6f; padding: 0 1em; }}
#course-feedback-summary table {{ border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }}
#course-feedback-summary td, #course-feedback-summary th {{ border: 1px solid #ccc; padding: 4px 8px;
  text-align: left; vertical-align: top; }}
#course-feedback-summary td.num {{ white-space: nowrap; }}
#course-feedback-summary tr.ok td {{ background: #eef8ee; }}
#course-feedback-summary tr.bad td {{ background: #fbeeee; }}
#course-feedback-summary tr.pending td {{ background: #fff8e0; }}
#course-feedback-summary .notes {{ background: #f4f4f4; padding: .5em 1em; }}
</style>
<h1>{html.escape(ps.name)} — feedback for {html.escape(rec.student)}</h1>
<p><b>{headline}</b></p>
{table}
{notes_html}
<p>{epilogue}</p>
</div>
"""


def _note_text(f: dict) -> str:
    kind = f.get("kind")
    cell = f.get("cell", "")
    return {
        "deleted_cell": f"{cell}: this cell was missing from your notebook; it was put back for grading.",
        "cell_type_changed": f"{cell}: this cell's type had been changed; it was changed back for grading.",
        "changed_cell": f"{cell}: this locked cell had been edited; the original was used for grading.",
        "reordered": "some cells were out of order; they were put back in the original order for grading.",
        "duplicate_id": "some cells were duplicated; the last copy of each was graded.",
        "metadata_changed": f"{cell}: this cell's grading metadata had been edited; it was restored.",
        "kernel_died": f"the notebook stopped at {cell} (the kernel exited or crashed); "
        "later cells did not run.",
        "cell_timeout": f"{cell} ran past the time limit and was interrupted.",
    }.get(kind, f.get("detail", ""))


# --- an offline page: MathML instead of MathJax, no scripts, only the CSS the page uses --------------

# Nothing from the network, no script, no form submission, no <base> (a page holds a student's own HTML,
# sanitised, and a grader opens it too). frame-ancestors only counts when a server sends the policy
# as a header (a <meta> policy ignores it); it is kept for one that copies this policy.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)

# --- student HTML: an allow-list (nh3) ------------------------------------------------------------

_HTML_TAGS = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strike "
    "strong sub summary sup table tbody td tfoot th thead tr tt u ul var wbr".split()
)
_MATHML_ATTRIBUTES = frozenset(
    "display displaystyle mathvariant stretchy fence separator lspace rspace accent accentunder "
    "columnalign rowalign columnspacing rowspacing columnlines rowlines frame scriptlevel linethickness "
    "notation movablelimits largeop symmetric minsize maxsize form open close separators width height "
    "depth voffset align".split()
)
# dropped with everything inside them
_DROPPED_WITH_CONTENT = frozenset(
    "script style template noscript title textarea iframe object embed svg select xmp noembed "
    "noframes plaintext".split()
)


def _pygments_classes() -> frozenset[str]:
    from pygments.token import STANDARD_TYPES

    return frozenset(c for c in STANDARD_TYPES.values() if c)


@lru_cache(maxsize=1)
def _cleaner():
    import nh3

    # classes only for highlighted code in markdown and TeX that could not be converted: nothing a
    # student writes can match the summary's rules (#course-feedback-summary, tr.ok, .notes, ...)
    code_classes = set(_pygments_classes()) | {"highlight", "course-tex"}
    attributes: dict[str, set[str]] = {
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height"},
        "td": {"colspan", "rowspan", "align"},
        "th": {"colspan", "rowspan", "align", "scope"},
        "ol": {"start", "type"},
        "col": {"span"},
        "colgroup": {"span"},
        "annotation": {"encoding"},
        "*": {"title", "lang", "dir"},
    }
    for tag in MATHML_TAGS:
        attributes.setdefault(tag, set()).update(_MATHML_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(_HTML_TAGS | MATHML_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes=attributes,
        allowed_classes={tag: code_classes for tag in ("span", "div", "pre", "code")},
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Images only from data: URLs (a page fetches nothing); links never to data: URLs."""
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
    if tag == "img" and attr == "src":
        return value if scheme == "data" and value.strip().lower().startswith("data:image/") else None
    if attr == "href" and scheme == "data":
        return None
    return value


def clean_student_html(fragment: str) -> str:
    """Student-controlled HTML (markdown as rendered, an output's HTML) cut down to the allow-list."""
    return _cleaner().clean(fragment if isinstance(fragment, str) else str(fragment))


# nbconvert's lab template, less every script it loads from a CDN; LaTeX outputs rendered like markdown.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.feedback_csp }}">
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style type="text/css">
math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", "DejaVu Math TeX Gyre",
  "Noto Sans Math", math; }
.course-tex { font-family: var(--jp-code-font-family, monospace); }
</style>
{%- endblock extra_css -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_latex scoped %}
<div class="jp-RenderedLatex jp-OutputArea-output {{ extra_class }}" data-mime-type="text/latex">
{{ output.data['text/latex'] | markdown2html }}
</div>
{%- endblock data_latex %}
{% block data_html scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output {{ extra_class }}"
 data-mime-type="text/html">
{{ output.data['text/html'] | student_html }}
</div>
{%- endblock data_html %}
{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}">
</div>
{%- endblock data_svg %}
{%- block data_javascript scoped %}{%- endblock data_javascript %}
{%- block data_widget_view scoped %}{%- endblock data_widget_view %}
{% block rawcell scoped %}{% endblock rawcell %}
"""
TEMPLATE_FILE = "course_feedback.html.j2"

MATHML_TAGS = frozenset(
    "math semantics annotation mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover "
    "mfrac msqrt mroot mstyle mpadded mphantom menclose merror mtable mtr mtd mlabeledtr mmultiscripts "
    "mprescripts none mfenced maligngroup malignmark".split()
)
_BARE_AMP = re.compile(r"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
_DELIMITERS = frozenset("()[]{}|\u2016\u27e8\u27e9\u230a\u230b\u2308\u2309")
# Inline maths or code, in markdown; a line break inside `$...$` is joined (see `join_math_lines`).
_MD_CODE_OR_MATH = re.compile(
    r"(?P<fence>^[ \t]*(?P<f>```|~~~)[^\n]*\n.*?(?:^[ \t]*(?P=f)[ \t]*$|\Z))"
    r"|(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<display>(?<!\\)\$\$.+?(?<!\\)\$\$)"
    r"|(?<![\\$])\$(?P<inline>(?:[^$\n]|\n(?![ \t]*(?:\n|```|~~~)))+?)(?<![\\$])\$(?!\$)",
    re.MULTILINE | re.DOTALL,
)


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool = False) -> str | None:
    """MathML for a TeX formula, or None when it cannot be converted to plain, well-formed MathML.

    The formula's TeX is kept as an annotation (for copying and screen readers; browsers do not
    show it). Needs the `latex2mathml` package; without it, None.
    """
    try:
        from latex2mathml.converter import convert
    except ImportError:
        return None
    try:
        raw = convert(tex.strip(), display="block" if display else "inline")
        root = ET.fromstring(_BARE_AMP.sub("&amp;", raw))
    except Exception:  # the converter's errors have no common base; a malformed result is a ParseError
        return None
    for el in root.iter():
        if el.tag.removeprefix(_MATHML_NS) not in MATHML_TAGS or not all(
            re.fullmatch(r"[a-z][a-z-]*", k) for k in el.attrib
        ):
            return None  # e.g. \text{<b>x</b>} passes the HTML through: show the TeX instead
        el.tag = el.tag.removeprefix(_MATHML_NS)
    for parent in root.iter():  # a bare delimiter stretches in MathML, not in TeX (\lVert, \lvert)
        kids = list(parent)
        for i, el in enumerate(kids):
            if el.tag == "mo" and "stretchy" not in el.attrib and (el.text or "").strip() in _DELIMITERS:
                beside = kids[max(i - 1, 0) : i] + kids[i + 1 : i + 2]
                if not any(k.tag == "mtable" for k in beside):  # pmatrix and friends do stretch
                    el.set("stretchy", "false")
    body = list(root)
    root.clear()
    root.set("display", "block" if display else "inline")
    sem = ET.SubElement(root, "semantics")
    row = ET.SubElement(sem, "mrow") if len(body) != 1 else None
    for child in body:
        (row if row is not None else sem).append(child)
    ET.SubElement(sem, "annotation", encoding="application/x-tex").text = tex.strip()
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


def join_math_lines(markdown: str) -> str:
    """The markdown with each line break inside inline `$...$` maths made a space.

    Markdown is parsed before the maths, so a formula broken over two lines where the second starts
    like a list item or a heading (`+ 0.35) = ...`) would be torn apart; JupyterLab takes the maths
    out first, so there it renders. A line break means nothing in TeX; code is left alone.
    """

    def repl(m: re.Match) -> str:
        body = m.group("inline")
        if body is None or "\n" not in body:
            return m.group(0)
        return "$" + re.sub(r"[ \t]*\n[ \t]*", " ", body) + "$"

    return _MD_CODE_OR_MATH.sub(repl, markdown)


def math_html(tex: str, display: bool = False) -> str:
    """A formula as MathML, or (when it cannot be converted) its TeX source between its delimiters."""
    mathml = tex_to_mathml(tex, display)
    if mathml is not None:
        return mathml
    delim = "$$" if display else "$"
    tag = "div" if display else "span"
    return f'<{tag} class="course-tex">{html.escape(delim + tex + delim, quote=False)}</{tag}>'


_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)


def page_classes(page: str) -> set[str]:
    """Every class name used by an element of the page (style sheets excluded)."""
    markup = _STYLE.sub("", page)
    return {c for m in _CLASS_ATTR.finditer(markup) for c in "".join(g or "" for g in m.groups()).split()}


def _split_selectors(prelude: list) -> list[list]:
    parts: list[list] = [[]]
    for tok in prelude:
        if tok.type == "literal" and tok.value == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _required_classes(selector: list) -> set[str]:
    """The classes an element chain must have for a selector to match (what is inside :not(), :is(),
    :where(), :has() or [...] is not required: such a selector is kept when its plain classes are used)."""
    need, prev_dot = set(), False
    for tok in selector:
        if prev_dot and tok.type == "ident":
            need.add(tok.value)
        prev_dot = tok.type == "literal" and tok.value == "."
    return need


def _serialize(tokens) -> str:
    return "".join(
        " " if t.type == "whitespace" else t.serialize() for t in tokens if t.type != "comment"
    ).strip()


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def _select_rules(rules, classes: set[str]) -> list:
    """The rules that can match: ("rule", selectors, declarations), ("at", head, [...]) or ("raw", text)."""
    import tinycss2

    out: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            used = [s for s in _split_selectors(rule.prelude) if _required_classes(s) <= classes]
            if used:
                content = tinycss2.parse_declaration_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                decls = [d for d in content if d.type == "declaration"]
                out.append(("rule", ",".join(_serialize(s) for s in used), decls))
        elif rule.type == "at-rule":
            nested = rule.lower_at_keyword in ("media", "supports", "layer", "container", "document")
            if nested and rule.content is not None:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                kept = _select_rules(inner, classes)
                if kept:
                    out.append(("at", f"@{rule.at_keyword} {_serialize(rule.prelude)}", kept))
            else:
                out.append(("raw", rule.serialize()))
    return out


def _walk(items: list):
    for item in items:
        if item[0] == "at":
            yield from _walk(item[2])
        else:
            yield item


def _used_variables(items: list, markup: str) -> set[str]:
    """The custom properties (`--name`) that a kept declaration or the markup refers to, transitively."""
    defs: dict[str, list[str]] = {}
    used = set(_VAR.findall(markup))
    for item in _walk(items):
        if item[0] == "raw":
            used.update(_VAR.findall(item[1]))
            continue
        for d in item[2]:
            value = _serialize(d.value)
            if d.name.startswith("--"):
                defs.setdefault(d.name, []).append(value)
            else:
                used.update(_VAR.findall(value))
    todo = list(used)
    while todo:
        for value in defs.get(todo.pop(), []):
            for name in _VAR.findall(value):
                if name not in used:
                    used.add(name)
                    todo.append(name)
    return used


def _emit(items: list, variables: set[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item[0] == "raw":
            out.append(item[1])
        elif item[0] == "at":
            inner = _emit(item[2], variables)
            if inner:
                out.append(f"{item[1]}{{{''.join(inner)}}}")
        else:
            decls = [
                f"{d.name}:{_serialize(d.value)}{'!important' if d.important else ''}"
                for d in item[2]
                if not d.name.startswith("--") or d.name in variables
            ]
            if decls:
                out.append(f"{item[1]}{{{';'.join(decls)}}}")
    return out


@lru_cache(maxsize=32)
def _parsed_css(css: str) -> tuple:
    import tinycss2

    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def prune_css(sheets: list[str], markup: str) -> list[str]:
    """Each style sheet without the rules whose selectors need a class that nothing in `markup` has,
    and without the custom properties (`--name: ...`) that nothing left refers to."""
    classes = page_classes(markup)
    selected = [_select_rules(_parsed_css(css), classes) for css in sheets]
    variables = _used_variables([i for items in selected for i in items], markup)
    return ["\n".join(_emit(items, variables)) for items in selected]


def prune_page_css(page: str) -> str:
    """The page with each <style> element cut down to what its markup can use (see `prune_css`)."""
    sheets = [m.group(2) for m in _STYLE.finditer(page)]
    pruned = iter(prune_css(sheets, _STYLE.sub("", page)))

    def repl(m: re.Match) -> str:
        css = next(pruned)
        return m.group(1) + css + m.group(3) if css.strip() else ""

    return _STYLE.sub(repl, page)


_EXTERNAL = re.compile(r"""^\s*(?:[a-z][a-z0-9+.-]*:|//)""", re.IGNORECASE)
_RESOURCE_ATTR = re.compile(
    r"""<(script|link|img|iframe|frame|embed|object|source|video|audio|track|input|image|use|base)\b"""
    r"""[^>]*?\s(src|href|data|srcset|poster|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE | re.DOTALL,
)


def external_resources(page: str) -> list[str]:
    """What the page would fetch from elsewhere: scripts, style sheets, images, frames, fonts, CSS
    imports (hyperlinks, `<a href>`, are not fetched and not listed; `data:` URLs are inline)."""
    found = []
    for m in _RESOURCE_ATTR.finditer(page):
        url = next(g for g in m.groups()[2:] if g is not None)
        if _EXTERNAL.match(url) and not url.strip().lower().startswith("data:"):
            found.append(url)
    for m in re.finditer(r"""url\(\s*['"]?([^'")]*)""", "".join(s[1] for s in _STYLE.findall(page))):
        if not m.group(1).strip().lower().startswith(("data:", "#")):
            found.append(m.group(1))
    found += re.findall(r"@import\s+[^;]+", "".join(s[1] for s in _STYLE.findall(page)))
    return found


def _exporter():
    """nbconvert's HTML exporter with the offline template and MathML maths."""
    from jinja2 import DictLoader, pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class MathMLRenderer(IPythonRenderer):
        def block_math(self, body: str) -> str:
            return math_html(body, display=True)

        def multiline_math(self, text: str) -> str:
            return math_html(text.strip().removeprefix("$$").removesuffix("$$"), display=True)

        def latex_environment(self, name: str, body: str) -> str:
            return math_html(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

        def inline_math(self, body: str) -> str:
            return math_html(body)

    class FeedbackExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            renderer = MathMLRenderer(
                escape=False,
                attachments=cell.get("attachments", {}),
                embed_images=False,  # True would inline any file a student names, e.g. ![](autograder/...)
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options,
            )
            return clean_student_html(MarkdownWithMath(renderer=renderer).render(join_math_lines(source)))

        def default_filters(self):
            yield from super().default_filters()
            yield ("student_html", clean_student_html)

    exporter = FeedbackExporter(template_name="lab", extra_loaders=[DictLoader({TEMPLATE_FILE: TEMPLATE})])
    exporter.template_file = TEMPLATE_FILE
    exporter.exclude_input_prompt = False
    exporter.exclude_anchor_links = True  # heading ids are not kept (student HTML has no id)
    return exporter


class Renderer:
    """The feedback page: summary, then the sanitized notebook; offline, see the module docstring."""

    def __init__(self) -> None:
        self.exporter = _exporter()

    def page(self, ps: ProblemSet, rec: StudentRecord, nb: dict | None) -> str:
        summary = summary_html(ps, rec, with_notebook=nb is not None)
        if nb is None:
            return (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
                f"<title>{html.escape(ps.name)}</title></head><body>{summary}</body></html>"
            )
        clean = sanitize(nb)
        resources = {"feedback_csp": CSP, "metadata": {"name": ps.name}}  # the page's title
        body, _ = self.exporter.from_notebook_node(clean, resources=resources)
        # the summary first; the student's notebook after it, in an area of its own
        start, end = re.search(r"<body[^>]*>", body), body.rfind("</body>")
        if start is None or end < start.end():
            raise CourseError("nbconvert made a page without a body")
        page = (
            body[: start.end()]
            + summary
            + '<div id="course-student-work" aria-label="the notebook as graded">'
            + body[start.end() : end]
            + "</div>"
            + body[end:]
        )
        return prune_page_css(page)


def check_page(text: str, forbidden_lines: set[str]) -> list[str]:
    """What in a rendered page would leak (empty when it is clean)."""
    problems = [marker for marker in FORBIDDEN if marker in text]
    unescaped = html.unescape(re.sub(r"<[^>]+>", "", text))
    problems += [line for line in forbidden_lines if line in text or line in unescaped]
    return problems


def student_page(
    course: Course, ps: ProblemSet, rec: StudentRecord, renderer: Renderer, forbidden: set[str]
) -> str:
    """One student's feedback page, or CourseError saying why it cannot be written (never a page
    that would show hidden-test content)."""
    nb_path = course.result_dir(ps, rec.student) / f"{ps.name}.ipynb"
    try:
        nb = (
            json.loads(nb_path.read_text(encoding="utf-8"))
            if (rec.status == "graded" and nb_path.exists())
            else None
        )
    except (OSError, ValueError, RecursionError) as exc:
        raise CourseError(f"the graded notebook cannot be read ({exc})") from None
    try:
        page = renderer.page(ps, rec, nb)
    except Exception as exc:
        raise CourseError(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    leaks = check_page(page, forbidden)
    if leaks:
        raise CourseError(f"it would show hidden test content ({leaks[0][:60]!r})")
    return page


def feedback(
    course: Course, ps: ProblemSet, *, students: list[str] | None = None, progress: bool = True
) -> tuple[list[Path], list[str]]:
    """Write feedback/<student>/<ps>/<ps>.html for every student with a result; return (pages, problems)."""
    from tqdm.auto import tqdm

    source_nb = nbformat.read(ps.source, as_version=4)
    forbidden = hidden_lines(source_nb)
    recs = [r for r in records(course, ps) if r.status not in ("no submission", "not graded")]
    if students:
        recs = [r for r in recs if r.student in students]
    if not recs:
        raise CourseError(f"{ps.name}: no graded submissions; run `course autograde {ps.short}` first")
    renderer = Renderer()
    written, problems = [], []
    for rec in tqdm(recs, desc=f"feedback {ps.short}", unit="page", disable=not progress, leave=False):
        try:
            page = student_page(course, ps, rec, renderer, forbidden)
        except CourseError as exc:
            problems.append(f"{rec.student}: feedback not written: {exc}")
            continue
        out = course.feedback / rec.student / ps.name / f"{ps.name}.html"
        write_text_atomic(out, page)
        written.append(out)
        clean_feedback_folder(out.parent)
    return written, problems


# --- the formgrader's "Generate Feedback" (nbgrader_config.py) -------------------------------------

# What only graders may read: never copied into (or left in) a student's feedback folder.
GRADER_ONLY_FILES = ("grading.json", "tamper.json")


def clean_feedback_folder(folder: Path) -> list[Path]:
    """Remove from a feedback folder every file that is not a feedback page (nbgrader's own feedback
    copies every other file of the autograded folder: grading.json, tamper.json)."""
    removed = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if (path.is_file() or path.is_symlink()) and path.suffix != ".html":
                path.unlink()
                removed.append(path)
    return removed


def formgrader_post_convert(assignment=None, student=None, notebooks=None, **_):
    """nbgrader's post-convert hook for GenerateFeedback: no grader-only file stays under feedback/."""
    root = Path.cwd()  # nbgrader converts in the course root
    for folder in (root / "feedback").glob(f"*/{assignment or '*'}"):
        clean_feedback_folder(folder)


@lru_cache(maxsize=1)
def _course_exporter_class():
    from nbconvert.exporters import Exporter
    from traitlets import default

    class CourseFeedbackExporter(Exporter):
        """The exporter behind the formgrader's "Generate Feedback" button (and `nbgrader
        generate_feedback`): the page `course feedback` writes, never nbgrader's own (which shows the
        hidden tests, tracebacks and an unscored answer as 0 points)."""

        output_mimetype = "text/html"

        @default("file_extension")
        def _file_extension_default(self):
            return ".html"

        def from_filename(self, filename, resources=None, **kw):
            resources = dict(resources or {})
            info = resources.get("nbgrader", {})
            page = formgrader_page(Path.cwd(), str(info.get("assignment")), str(info.get("student")))
            resources["output_extension"] = ".html"
            resources["outputs"] = {}
            return page, resources

        def from_notebook_node(self, nb, resources=None, **kw):
            raise CourseError("the course's feedback is made from the gradebook: use `course feedback PS`")

    return CourseFeedbackExporter


def __getattr__(name: str):
    # nbgrader_config.py names the exporter by its dotted path; nbconvert is imported only then.
    if name == "CourseFeedbackExporter":
        return _course_exporter_class()
    raise AttributeError(name)


def formgrader_page(root: Path, assignment: str, student: str) -> str:
    """The course's feedback page for one student, as `course feedback` makes it (for the formgrader)."""
    course = Course.at(root)
    ps = next((p for p in course.problem_sets() if p.name == assignment), None)
    if ps is None:
        raise CourseError(f"{assignment} is not a problem set of this course")
    rec = next((r for r in records(course, ps) if r.student == student), None)
    if rec is None or rec.status in ("no submission", "not graded"):
        raise CourseError(
            f"{student} has no result of `course autograde {ps.short}`: grade with `course autograde "
            f"{ps.short} --student {student}` first (the formgrader's Autograde button is disabled)"
        )
    forbidden = hidden_lines(nbformat.read(ps.source, as_version=4))
    return student_page(course, ps, rec, Renderer(), forbidden)

"""Maths for an offline page: TeX formulas to MathML (browsers draw it: no script, no font download),
with the TeX shown instead where a formula cannot be converted safely."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

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
    from autograder import feedback  # looked up on the package: a test replaces `feedback.tex_to_mathml`

    mathml = feedback.tex_to_mathml(tex, display)
    if mathml is not None:
        return mathml
    delim = "$$" if display else "$"
    tag = "div" if display else "span"
    return f'<{tag} class="course-tex">{html.escape(delim + tex + delim, quote=False)}</{tag}>'

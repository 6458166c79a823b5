"""An offline page: the Content-Security-Policy that lets it load and run nothing, each style sheet cut
down to the rules its markup can use, and the list of what a page would still fetch (for tests)."""

from __future__ import annotations

import re
from functools import lru_cache

# Nothing from the network, no script, no form submission, no <base> (a page holds a student's own HTML,
# sanitised, and a grader opens it too). frame-ancestors only counts when a server sends the policy
# as a header (a <meta> policy ignores it); it is kept for one that copies this policy.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)


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

"""Student-controlled HTML (rendered markdown, an output's HTML) cut down to an allow-list with `nh3`:
text, tables, images from data: URLs, links, MathML; no style, class (but highlighting's), id, form,
meta, frame or script."""

from __future__ import annotations

from functools import lru_cache

from autograder.feedback.maths import MATHML_TAGS

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

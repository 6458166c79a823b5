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

The package: `hidden` (sanitize, check_page: what must never show), `summary` (the grader's box),
`student_html` (the allow-list), `maths` (MathML), `offline` (CSP, CSS pruning), `render` (one page),
`write` (`course feedback`), `formgrader` (the formgrader's "Generate Feedback").
"""

from __future__ import annotations

from autograder.feedback.formgrader import _course_exporter_class, formgrader_page, formgrader_post_convert
from autograder.feedback.hidden import (
    FORBIDDEN,
    HIDDEN,
    PLACEHOLDER,
    SHOWN_MIME_TYPES,
    check_page,
    hidden_lines,
    sanitize,
)
from autograder.feedback.maths import MATHML_TAGS, join_math_lines, math_html, tex_to_mathml
from autograder.feedback.offline import (  # noqa: F401 (_RESOURCE_ATTR, _STYLE: tests read them here)
    _RESOURCE_ATTR,
    _STYLE,
    CSP,
    external_resources,
    page_classes,
    prune_css,
    prune_page_css,
)
from autograder.feedback.render import TEMPLATE, TEMPLATE_FILE, Renderer
from autograder.feedback.student_html import clean_student_html
from autograder.feedback.summary import STUDENT_NOTES, summary_html
from autograder.feedback.write import GRADER_ONLY_FILES, clean_feedback_folder, feedback, student_page

__all__ = [
    "CSP",
    "FORBIDDEN",
    "GRADER_ONLY_FILES",
    "HIDDEN",
    "MATHML_TAGS",
    "PLACEHOLDER",
    "SHOWN_MIME_TYPES",
    "STUDENT_NOTES",
    "TEMPLATE",
    "TEMPLATE_FILE",
    "Renderer",
    "check_page",
    "clean_feedback_folder",
    "clean_student_html",
    "external_resources",
    "feedback",
    "formgrader_page",
    "formgrader_post_convert",
    "hidden_lines",
    "join_math_lines",
    "math_html",
    "page_classes",
    "prune_css",
    "prune_page_css",
    "sanitize",
    "student_page",
    "summary_html",
    "tex_to_mathml",
]


def __getattr__(name: str):
    # nbgrader_config.py names the exporter by its dotted path; nbconvert is imported only then.
    if name == "CourseFeedbackExporter":
        return _course_exporter_class()
    raise AttributeError(name)

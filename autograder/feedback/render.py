"""Rendering one page: nbconvert's lab template without scripts, markdown maths as MathML and student
HTML through the allow-list; the grader's summary first, then the sanitized notebook in an area of its
own, with the page's CSS pruned."""

from __future__ import annotations

import html
import re

from autograder.course import CourseError
from autograder.feedback.hidden import sanitize
from autograder.feedback.maths import join_math_lines, math_html
from autograder.feedback.offline import CSP, prune_page_css
from autograder.feedback.student_html import clean_student_html
from autograder.feedback.summary import summary_html
from autograder.problemsets import ProblemSet
from autograder.records import StudentRecord

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

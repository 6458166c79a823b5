"""Feedback pages are one self-contained file that works offline (no kernel, a few seconds).

nbconvert's page loads require.js and MathJax from a CDN: offline, a student saw raw `$...$`. The page
now has no script and nothing to fetch, its maths is MathML made when the page is written, and its
style sheet keeps only what the page uses; the leak guard still holds on the new page.
"""

from __future__ import annotations

import base64
import copy
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from autograder import feedback
from autograder.course import grade_id
from autograder.problemsets import REPO, ProblemSet, discover
from autograder.records import CellRecord, StudentRecord

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "course"
PS0 = ProblemSet("ps0", "ps0_fixture", root=FIXTURE)
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)\$", re.DOTALL)


def _record(student: str = "alice") -> StudentRecord:
    def cell(grade_id: str, kind: str, points: float, auto: float | None, message: str = "") -> CellRecord:
        return CellRecord(
            grade_id=grade_id,
            kind=kind,
            max_points=points,
            auto=auto,
            manual=None,
            extra_credit=None,
            message=message,
        )

    return StudentRecord(
        student=student,
        status="graded",
        cells=[
            cell("test_double_values", "test", 2, 0.0, "CheckFailure: double(x) was x"),
            cell("answer_why", "written", 1, None),
        ],
    )


def resources_of(page: str) -> list[str]:
    """Every URL the page's elements or style sheets would load (not `<a href>`, which is a link)."""
    urls = [next(g for g in m.groups()[2:] if g is not None) for m in feedback._RESOURCE_ATTR.finditer(page)]
    for css in feedback._STYLE.findall(page):
        urls += re.findall(r"""url\(\s*['"]?([^'")]*)""", css[1])
    return urls


def assert_offline(page: str, where: Path | None = None) -> None:
    """No script, nothing from the network, and each local resource (if any) a file beside the page."""
    assert "<script" not in page.lower(), "the page has a script"
    assert feedback.external_resources(page) == []
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page
    for url in resources_of(page):
        if url.startswith(("data:", "#")):
            continue
        assert not urlsplit(url).scheme and not url.startswith("//"), url
        assert where is not None, f"a relative resource in a page not written anywhere: {url}"
        assert (where.parent / unquote(urlsplit(url).path)).is_file(), f"{url} does not resolve"


@pytest.fixture(scope="module")
def renderer() -> feedback.Renderer:
    return feedback.Renderer()


@pytest.fixture(scope="module")
def fixture_page(renderer) -> str:
    """The fixture notebook as graded, plus what a student may add: maths in every form, a LaTeX
    output, a widget, a traceback."""
    nb = nbformat.read(PS0.source, as_version=4)
    md = nbformat.v4.new_markdown_cell(
        "Inline $\\sigma(z) = 1/(1+e^{-z})$, then display\n\n"
        "$$W = \\begin{pmatrix} 0.1 & 0.2 \\\\ 0.3 & 0.4 \\end{pmatrix}, \\quad \\lVert w \\rVert$$\n\n"
        "and one broken over lines $z = 0.15\\cdot0.05\n+ 0.35$ like a list item.\n\n"
        "Code stays code: `$\\delta^{(2)}$`.\n\n"
        "\\begin{align} a &= b \\\\ c &= d \\end{align}"
    )
    nb.cells.insert(1, md)
    test = next(c for c in nb.cells if grade_id(c) == "test_double_values")
    test.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="CheckFailure",
            evalue="double(x) was x",
            traceback=["Traceback ...", 'File "autograder/checks/ps0.py": expected = 2 * x', "CheckFailure"],
        )
    ]
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"text/latex": "$$\\frac{\\partial l}{\\partial z}$$"}),
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2},
                "text/plain": "progress 10/10",
            },
        ),
    ]
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": {"m1": {}}, "version_major": 2}
    }
    return renderer.page(PS0, _record(), nb)


@pytest.fixture()
def in_folder_with_a_secret(tmp_path, monkeypatch):
    (tmp_path / "not_an_image.txt").write_text("TOP-SECRET-EXPECTED-VALUE")
    monkeypatch.chdir(tmp_path)


def test_latex2mathml_is_installed():
    try:
        import latex2mathml.converter  # noqa: F401
    except ImportError:
        pytest.fail("latex2mathml is missing: feedback maths would show as TeX (pip install -e '.[grader]')")


def test_page_is_offline_and_renders_maths(fixture_page):
    page = fixture_page
    assert_offline(page)
    assert "cdnjs" not in page and "unpkg" not in page and "MathJax" not in page
    # Every formula is MathML: inline, display (a stretchy matrix), an environment, a LaTeX output
    # and the one broken over two lines (joined, so the "+ 0.35" line is no list item).
    assert page.count("<math ") == 5, page.count("<math ")
    assert 'class="course-tex"' not in page
    assert '<math display="block">' in page and '<math display="inline">' in page
    assert "<mtable>" in page and "<mfrac>" in page
    assert '<annotation encoding="application/x-tex">z = 0.15\\cdot0.05 + 0.35</annotation>' in page
    assert "<li>+ 0.35" not in page and "<li>0.35" not in page  # (the source's rubric is a real list)
    assert "<code>$\\delta^{(2)}$</code>" in page  # maths inside a code span stays code
    # \lVert does not stretch (as in TeX); the matrix's parentheses do.
    assert '<mo stretchy="false">‖</mo>' in page and "<mo>(</mo><mtable>" in page
    assert "progress 10/10" in page  # a widget shows its text: no widget manager to load


def test_page_keeps_the_leak_guard(fixture_page):
    source = nbformat.read(PS0.source, as_version=4)
    assert feedback.check_page(fixture_page, feedback.hidden_lines(source)) == []
    assert "BEGIN HIDDEN" not in fixture_page and "expected = 2 * x" not in fixture_page
    assert "double(x) was x" in fixture_page and feedback.PLACEHOLDER in fixture_page


def test_a_named_file_is_not_inlined(renderer, in_folder_with_a_secret):
    """Image embedding stays off: it would inline any file a student's markdown names (the hidden
    checks, the gradebook), base64-encoded, past the leak guard."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("![x](not_an_image.txt) <img src='not_an_image.txt'>")]
    page = renderer.page(PS0, _record(), nb)
    secret = base64.b64encode(b"TOP-SECRET-EXPECTED-VALUE").decode()[:16]
    assert secret not in page and "TOP-SECRET" not in page
    assert "img-src data:" in page  # and the browser would not load the file either


def test_css_is_pruned_to_what_the_page_uses(fixture_page, renderer):
    styles = "".join(m[1] for m in feedback._STYLE.findall(fixture_page))
    assert len(styles) < 40_000, len(styles)  # nbconvert's lab CSS alone is ~250 kB
    assert ".jp-InputArea-editor{" in styles and "--jp-cell-editor-background:" in styles
    assert "--jp-icon-" not in styles  # JupyterLab's toolbar icons
    assert ".jp-Toolbar" not in styles
    # Pruning is conservative: :not(...) asks nothing, custom properties are kept when referenced.
    css = (
        ".a:not(.zz) .b{color:red} .zz{color:blue} "
        ":root{--x:1px;--y:var(--x);--unused:2px} .a{margin:var(--y)}"
    )
    out = "".join(feedback.prune_css([css], '<div class="a"><p class="b">x</p></div>'))
    assert ".a:not(.zz) .b{color:red}" in out and ".zz{" not in out
    assert "--x:1px" in out and "--y:var(--x)" in out and "--unused" not in out


def test_unconvertible_maths_falls_back_to_its_tex(monkeypatch):
    assert feedback.tex_to_mathml("\\frac{") is None  # unbalanced
    assert feedback.tex_to_mathml("\\text{<b>x</b>}") is None  # HTML through \text: not MathML
    assert feedback.math_html("\\frac{") == '<span class="course-tex">$\\frac{$</span>'
    monkeypatch.setattr(feedback, "tex_to_mathml", lambda tex, display=False: None)  # no latex2mathml
    assert feedback.math_html("a<b", display=True) == '<div class="course-tex">$$a&lt;b$$</div>'


def test_all_course_maths_converts():
    """Every formula in the course's markdown becomes MathML (none falls back to TeX source)."""
    failed, n = [], 0
    for ps in discover(REPO):
        nb = nbformat.read(ps.source, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for m in MATH.finditer(feedback.join_math_lines(cell.source)):
                tex, n = m.group(1) or m.group(2), n + 1
                if feedback.tex_to_mathml(tex, display=m.group(1) is not None) is None:
                    failed.append(f"{ps.short}: {tex[:80]}")
    assert n > 100 and not failed, failed[:10]


def test_course_page_offline_and_written(renderer, tmp_path):
    """A course problem set as a student's page: offline, maths rendered, hidden tests absent."""
    ps = discover(REPO)[0]
    source = nbformat.read(ps.source, as_version=4)
    page = renderer.page(ps, _record(), copy.deepcopy(source))
    out = tmp_path / "alice" / ps.name / f"{ps.name}.html"
    out.parent.mkdir(parents=True)
    out.write_text(page, encoding="utf-8")
    assert_offline(page, out)
    assert feedback.check_page(page, feedback.hidden_lines(source)) == []
    maths = sum(  # formulas outside code spans
        len(MATH.findall(re.sub(r"(`+).+?\1", "", feedback.join_math_lines(c.source))))
        for c in source.cells
        if c.cell_type == "markdown"
    )
    assert page.count("<math ") >= maths > 0
    assert 'class="course-tex"' not in page
    assert len(page.encode()) < 400_000, len(page.encode())  # no outputs here: markup, CSS and maths


def test_page_text_title_and_no_grading_mode(renderer):
    """Printed output is text (not a Python list), the title is the problem set's, and the grader's
    shortened-run lines are not shown."""
    nb = nbformat.read(PS0.source, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [
        {"output_type": "stream", "name": "stdout",
         "text": ["types and shapes OK\n", "QUICK mode (shortened run)\n", "loss 0.5\n"]},
        {"output_type": "execute_result", "execution_count": 1, "metadata": {},
         "data": {"text/plain": ["quick mode: a shortened run; the target applies to the full run\n", "42"]}},
    ]
    page = renderer.page(PS0, _record(), nb)
    assert "types and shapes OK" in page and "loss 0.5" in page
    assert "[&#39;types" not in page and "['types" not in page and "\\n'" not in page
    assert "shortened run" not in page and "QUICK mode" not in page
    assert f"<title>{PS0.name}</title>" in page
    assert "Notebook</title>" not in page


def test_unreadable_submission_page_promises_no_notebook(renderer):
    rec = StudentRecord(student="bob", status="invalid", reason="not valid notebook JSON")
    page = renderer.page(PS0, rec, None)
    assert "not valid notebook JSON" in page
    assert "follows" not in page
    assert f"<title>{PS0.name}</title>" in page

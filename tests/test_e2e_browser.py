"""The student's view in a real browser: JupyterLab with nbgrader, and the feedback page.

One JupyterLab server (the course's venv, 127.0.0.1, a token, a temporary root, COURSE_MODE=quick)
and one headless Chromium (Debian's, driven by Playwright) serve three tests:

1. the student release of problem set 1: nbgrader's Validate button is there; Run > Run All Cells,
   continued below each cell that stops it, runs every code cell; every solution cell raises
   NotImplementedError (itself, or when its visible test calls it); every visible test fails; no
   solution or hidden-test text is anywhere in the page, before or after running;
2. a copy with the reference answers filled in runs without an error, and Validate reports success;
3. a student's feedback page from `course feedback` names every test with its points and the
   failing checks' messages, and shows no hidden-test source and no value the checks expected;
4. the instructor's formgrader (a second server, on the graded course copy): its Autograde button
   refuses and names `course autograde`, its Generate Feedback button writes the course's own page;
   no file under feedback/ shows a hidden test, and no grading.json or tamper.json is there.

Screenshots go to a temporary folder; E2E_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/ (the
README shows them), E2E_SCREENSHOT_DIR to another folder.
Every process started here is ended by pid at the end, and the fixture fails if any is left.
Without Chromium or the `playwright` package the tests skip and say why (.ci/install-browser.sh);
with E2E_REQUIRE_BROWSER=1 they fail instead.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import resource
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.problemsets import REPO, ProblemSet, resolve

try:  # tests/ is a package (tests/__init__.py)
    from tests.e2e import artifacts, browser, lab, ui
except ImportError:  # tests/ on sys.path (pytest's rootdir-less "prepend" import)
    from e2e import artifacts, browser, lab, ui

pytestmark = pytest.mark.e2e

PS = "ps1"
if os.environ.get("E2E_SCREENSHOT_DIR"):
    SHOTS = Path(os.environ["E2E_SCREENSHOT_DIR"])
elif os.environ.get("E2E_UPDATE_SCREENSHOTS") == "1":
    SHOTS = REPO / "docs" / "screenshots"  # the committed ones: only when asked
else:
    import tempfile

    SHOTS = Path(tempfile.mkdtemp(prefix="e2e-screenshots-"))
VIEWPORT = {"width": 1400, "height": 1000}
RUN_TIMEOUT_MS = 180_000


@dataclass
class Session:
    ps: ProblemSet
    server: lab.LabServer
    context: object
    release_how: str
    student_path: str  # relative to the server's root
    reference_path: str
    release_nb: nbformat.NotebookNode
    secrets: dict[str, list[str]]
    feedback: concurrent.futures.Future
    feedback_submission: Path
    feedback_expected: list[float]
    feedback_results: dict
    course_root: Path
    ledger: lab.ProcessLedger
    home: Path
    timings: dict[str, float] = field(default_factory=dict)

    def first_function_cell(self) -> int:
        """Index of the first graded function (a solution cell starting with `def`), for screenshots."""
        for i, cell in enumerate(self.release_nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution") and \
                    artifacts.text_of(cell.source).lstrip().startswith("def "):
                return i
        return 0

    def student_needles(self) -> list[str]:
        return artifacts.MARKERS + self.secrets["hidden"] + self.secrets["solution"]

    def hidden_needles(self) -> list[str]:
        return [m for m in artifacts.MARKERS if "SOLUTION" not in m] + self.secrets["hidden"]


def _grade_ids(cells: list[dict], pred) -> list[str]:
    return [c["nbgrader"].get("grade_id") or f"cell {c['index']}" for c in cells if pred(c)]


def _is_test(c: dict) -> bool:
    nb = c["nbgrader"]
    return c["type"] == "code" and nb.get("grade") and not nb.get("solution")


def _is_solution(c: dict) -> bool:
    return c["type"] == "code" and bool(c["nbgrader"].get("solution"))


def assert_no_leaks(page, needles: list[str], where: str) -> None:
    text, html = ui.page_text_and_html(page)
    leaks = artifacts.find_leaks(text, html, needles)
    assert not leaks, f"{where}: the page shows text a student must not see: {leaks[:5]}"


@pytest.fixture(scope="module")
def e2e(tmp_path_factory):
    try:
        ps = resolve(PS)
    except KeyError:
        pytest.skip(f"problem set {PS} has no source notebook yet")
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    ledger = lab.ProcessLedger()
    started, cpu_started = time.monotonic(), _cpu_seconds()
    try:
        chrome = browser.launch(ledger)
    except browser.Unavailable as exc:
        ledger.end_all()
        if os.environ.get("E2E_REQUIRE_BROWSER") == "1":
            pytest.fail(f"E2E_REQUIRE_BROWSER=1 but the browser cannot run: {exc}")
        pytest.skip(str(exc))
    timings = {"browser": time.monotonic() - started}
    tmp = tmp_path_factory.mktemp("e2e")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-feedback")
    server = None
    context = None
    try:
        course = artifacts.make_course_copy(ps, tmp / "course")
        release, how = artifacts.student_release(ps, course, on_start=ledger.add)
        release_nb = nbformat.read(release, as_version=4)
        root = tmp / "root"
        student = root / ps.name / release.name
        student.parent.mkdir(parents=True)
        shutil.copyfile(release, student)
        reference = artifacts.filled_copy(ps, release, artifacts.reference_variant(ps),
                                          root / "reference" / release.name)
        fb_variant = artifacts.feedback_variant(ps)
        submission = artifacts.filled_copy(ps, release, fb_variant, tmp / "submission" / release.name)
        # The student's feedback is made by `course` in the background while the browser works.
        feedback = pool.submit(artifacts.course_feedback, ps, course, submission, 300, ledger.add)
        timings["release"] = time.monotonic() - started

        server = lab.LabServer(root, tmp / "home", ledger, env={"COURSE_MODE": "quick"})
        server.launch()
        secrets = artifacts.source_secrets(ps)
        assert secrets["hidden"] and secrets["solution"], "found no solution or hidden-test text to look for"
        expected, results = artifacts.expected_values(ps, fb_variant)
        server.wait_ready()
        timings["server"] = time.monotonic() - started
        context = chrome.browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(60_000)
        yield Session(ps, server, context, how, student.relative_to(root).as_posix(),
                      reference.relative_to(root).as_posix(), release_nb, secrets, feedback,
                      submission, expected, results, course, ledger, tmp / "instructor", timings)
    finally:
        problems = []
        for step in (lambda: context and context.close(), chrome.close,
                     lambda: server and server.stop()):
            try:
                step()
            except Exception as exc:
                problems.append(f"{type(exc).__name__}: {exc}")
        if not feedback_done(locals().get("feedback")):
            ledger.end_all()  # a `course` run still going: end it by its pid
        pool.shutdown(wait=True, cancel_futures=True)
        forced = ledger.end_all()
        # Anything else this test started (kernels of `course`, Chromium's helpers): by pid.
        for proc in me.children(recursive=True):
            if proc.pid not in before:
                ledger.add(proc.pid)
        forced += ledger.end_all()
        left = [str(p.pid) for p in ledger.alive()]
        timings["total"] = time.monotonic() - started
        timings["CPU (this process and every process it waited for)"] = _cpu_seconds() - cpu_started
        print(f"\ne2e timings (s since start): {', '.join(f'{k} {v:.1f}' for k, v in timings.items())}")
        if forced:
            print(f"e2e: had to end {len(forced)} process(es) by pid: {forced}")
        assert not left, f"processes left running after the browser test: {left}"
        assert not problems, f"shutting down the browser test failed: {problems}"


def _cpu_seconds() -> float:
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def feedback_done(future) -> bool:
    return future is None or future.done()


def test_student_release_in_jupyterlab(e2e):
    """Run the student release through JupyterLab's menus and read what the student sees."""
    page = e2e.context.new_page()
    t0 = time.monotonic()
    ui.open_notebook(page, e2e.server.notebook_url(e2e.student_path, workspace="student"))
    ui.hide_left_sidebar(page)
    validate = page.locator(".validate-button")
    assert validate.count() == 1 and validate.first.is_visible(), (
        "nbgrader's Validate button is not in the notebook toolbar")
    assert "Validate" in validate.first.inner_text()
    ui.screenshot(page, SHOTS / f"{PS}_student_before_run.png")
    assert_no_leaks(page, e2e.student_needles(), f"the student release ({e2e.release_how}) as opened")

    stops = ui.run_all(page, RUN_TIMEOUT_MS)
    state = ui.cells(page)
    code = [c for c in state if c["type"] == "code"]
    assert len(state) == len(e2e.release_nb.cells), "the page does not show every cell of the notebook"
    assert not [c for c in code if c["exec"] is None], "some code cells never ran"
    # A helpers cell may need the student's own id, which the untouched release does not hold yet
    # (problem set 1 derives section 1's numbers from it): that NameError is the expected one.
    awaiting_id = "NameError: STUDENT_ID is not set: enter your student id in the first code cell"
    broken = [f"{c['index']} {c['tags']}: {c['errors']}" for c in code
              if set(c["tags"]) & {"setup", "helpers"}
              and [e for e in c["errors"] if not e.startswith(awaiting_id)]]
    assert not broken, f"setup/helper cells fail in the student release: {broken}"
    # Every error the model holds is what the student sees under the cell.
    for c in code:
        for err in c["errors"]:
            assert err.split(":")[0] in c["output_text"], f"cell {c['index']}: {err} is not shown"

    passing = _grade_ids(code, lambda c: _is_test(c) and not c["errors"])
    assert not passing, f"visible tests pass on the unanswered release: {passing}"
    tests = [c for c in code if _is_test(c)]
    assert tests, "no autograded test cells found in the page"
    missing = []
    for i, c in enumerate(code):
        if not _is_solution(c):
            continue
        after = []
        for d in code[i + 1:]:
            if _is_solution(d):
                break
            if _is_test(d):
                after.append(d)
        # (a visible test may instead say which stub to write first: "write forward_scalar first")
        raised = [e for e in c["errors"] + [e for d in after for e in d["errors"]]
                  if e.startswith(("NotImplementedError", "AssertionError: write "))]
        if not raised:
            missing.append(c["nbgrader"].get("grade_id"))
    assert not missing, f"these solution cells do not raise NotImplementedError: {missing}"
    assert_no_leaks(page, e2e.student_needles(), "the student release after Run All")

    # The screenshot: the first graded function's stub and its failing visible test.
    ui.scroll_to_cell(page, e2e.first_function_cell())
    ui.screenshot(page, SHOTS / f"{PS}_student_after_run.png")
    e2e.timings["student notebook"] = time.monotonic() - t0
    print(f"\nstudent release from {e2e.release_how}: Run All stopped {stops} time(s); "
          f"{len(tests)} visible tests failed")
    page.close()
    e2e.server.shutdown_kernels()


def test_reference_copy_validates(e2e):
    """The release with the reference answers runs cleanly, and nbgrader's Validate says success."""
    page = e2e.context.new_page()
    t0 = time.monotonic()
    ui.open_notebook(page, e2e.server.notebook_url(e2e.reference_path, workspace="reference"))
    ui.hide_left_sidebar(page)
    stops = ui.run_all(page, RUN_TIMEOUT_MS)
    e2e.timings["reference run"] = time.monotonic() - t0
    code = [c for c in ui.cells(page) if c["type"] == "code"]
    errors = [f"{c['nbgrader'].get('grade_id') or c['index']}: {c['errors']}" for c in code if c["errors"]]
    assert not errors, f"the reference copy raises in the browser: {errors}"
    assert stops == 0 and all(c["exec"] is not None for c in code)

    # The top of the notebook behind the dialog: the screenshot is public, the answers are not.
    ui.scroll_to_cell(page, 0)
    dialog = ui.click_validate(page, RUN_TIMEOUT_MS)
    message = dialog.inner_text()
    ui.screenshot(page, SHOTS / f"{PS}_validate_success.png")
    assert page.locator("#validation-message.validation-success").count() == 1, (
        f"Validate did not report success:\n{message[:2000]}")
    assert "Success! Your notebook passes all the tests." in message
    assert_no_leaks(page, e2e.hidden_needles(), "the reference copy after validation")
    ui.close_dialog(page)
    e2e.timings["reference run + validate"] = time.monotonic() - t0
    page.close()
    e2e.server.shutdown_kernels()


def test_feedback_page(e2e):
    """A student's feedback HTML: test names, points and messages; no hidden test, no expected value."""
    t0 = time.monotonic()
    try:
        html_path = e2e.feedback.result(timeout=600)
    except LookupError as exc:
        pytest.skip(f"no feedback page to open: {exc}")
    page = e2e.context.new_page()
    blocked: list[str] = []

    def only_local(route):  # the page is a local file; nothing may leave the machine
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(html_path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    ui.screenshot(page, SHOTS / f"{PS}_feedback.png")
    text, html = ui.page_text_and_html(page)

    # Every autograded test: its name, its points, and for a failed one the check's message.
    results = e2e.feedback_results
    assert any(r.points < r.max_points for r in results.values()), "the feedback student lost no points"
    regions = []
    for grade_id, r in results.items():
        row = page.locator("tr", has=page.get_by_text(grade_id, exact=True))
        assert row.count() == 1, f"the feedback page has no row naming the test {grade_id}"
        row_text = row.inner_text()
        regions.append(row_text)
        points = f"{r.points:g}/{r.max_points:g}"
        assert points in artifacts.squash(row_text), (
            f"{grade_id}: expected {points} points (graded in process), the page says {row_text!r}")
        if r.points < r.max_points:
            message = r.message.split(": ", 1)[-1]
            assert artifacts.squash(message) in artifacts.squash(row_text), (
                f"{grade_id}: the check's message {message!r} is not shown: {row_text!r}")
        cell = page.locator(f'[id="cell-id={grade_id}"]')
        if cell.count():
            regions.append(cell.first.inner_text())

    # No hidden-test source, no code of the checks, nothing the student did not write themselves.
    submitted = nbformat.read(e2e.feedback_submission, as_version=4)
    student_text = artifacts.squash("\n".join(artifacts.text_of(c.source) for c in submitted.cells))
    needles = [n for n in e2e.hidden_needles() + artifacts.checks_code_lines(e2e.ps)
               if artifacts.squash(n) not in student_text]
    leaks = artifacts.find_leaks(text, html, needles + ["autograder.checks", "autograder/checks"])
    assert not leaks, f"the feedback page shows hidden-test or check source: {leaks[:5]}"
    # No value a check compared with, where the tests and their results are shown.
    assert e2e.feedback_expected, "no expected values were recorded from the checks"
    revealed = artifacts.revealed_numbers("\n".join(regions), e2e.feedback_expected)
    assert not revealed, f"the feedback page shows values the hidden checks expected: {revealed[:5]}"

    # A failed test as the notebook part shows it: just that cell (the rest of the page holds this
    # student's answers, which are largely the reference's: not for a public screenshot).
    fail_id = next(g for g, r in results.items() if r.points < r.max_points)
    cell = page.locator(f'[id="cell-id={fail_id}"]')
    if cell.count():
        cell.first.scroll_into_view_if_needed()
        cell.first.screenshot(path=str(SHOTS / f"{PS}_feedback_failed_test.png"))
    e2e.timings["feedback page"] = time.monotonic() - t0
    if blocked:
        print(f"\nthe feedback page asked for {len(blocked)} remote resource(s), blocked: "
              f"{sorted({u.split('?')[0] for u in blocked})}")
    page.close()


class InstructorServer(lab.LabServer):
    """JupyterLab on the course root with nbgrader's formgrader on, as an instructor runs it."""

    def environment(self) -> dict[str, str]:
        env = super().environment()
        config = Path(env["JUPYTER_CONFIG_DIR"])
        extensions = {"nbgrader.server_extensions.formgrader": True, "jupyter_lsp": False}
        server = {**lab.SERVER_CONFIG,
                  "ServerApp": {**lab.SERVER_CONFIG["ServerApp"], "jpserver_extensions": extensions}}
        (config / "jupyter_server_config.json").write_text(json.dumps(server))
        (config / "labconfig" / "page_config.json").write_text("{}")
        return env


def _formgrader_action(page, column: str, student: str, timeout_ms: int = 300_000) -> tuple[str, str]:
    """Click a student's button in the formgrader's submissions table; return (modal id, its text)."""
    # the table shows names ("None, None" without a roster); the student's link carries the id
    row = page.locator(f'tr:has(a[href*="/manage_students/{student}/"])').first
    try:
        row.wait_for(state="visible", timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"no row for {student} in the formgrader: {page.url}\n"
                             f"{page.locator('body').inner_text()[:3000]}") from exc
    row.locator(f"td.{column} a").first.click()
    modal = page.locator("#success-modal, #error-modal").first
    modal.wait_for(state="visible", timeout=timeout_ms)
    page.wait_for_timeout(300)
    kind, text = modal.get_attribute("id"), modal.inner_text()
    modal.locator("button").last.click()
    modal.wait_for(state="detached", timeout=10_000)
    return kind, text


def test_formgrader_buttons_are_safe(e2e):
    """The formgrader's Autograde refuses; its Generate Feedback writes the course's page; nothing in
    feedback/ shows a hidden test or holds grading.json/tamper.json."""
    t0 = time.monotonic()
    try:
        html_path = e2e.feedback.result(timeout=600)
    except LookupError as exc:
        pytest.skip(f"no graded course to open: {exc}")
    root, student = e2e.course_root, artifacts.FEEDBACK_STUDENT
    course_page = html_path.read_text(encoding="utf-8")
    results_dir = root / "autograded" / student / e2e.ps.name
    before = {p.name: p.read_bytes() for p in results_dir.iterdir()}
    server = InstructorServer(root, e2e.home, e2e.ledger)
    try:
        server.start()
        # the instructor's own browser context: every request (the formgrader's API calls too) with the token
        auth = {"Authorization": f"token {server.token}"}
        context = e2e.context.browser.new_context(viewport=VIEWPORT, extra_http_headers=auth)
        page = context.new_page()
        page.goto(f"{server.url}/formgrader/manage_submissions/{e2e.ps.name}", wait_until="domcontentloaded")
        try:
            kind, text = _formgrader_action(page, "autograde", student)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nserver log:\n{server.log_tail()}") from None
        assert kind == "error-modal" and "course autograde" in text, (kind, text[:2000])
        after = {p.name: p.read_bytes() for p in results_dir.iterdir()}
        assert after == before, "the formgrader's Autograde changed the course's autograded folder"

        html_path.unlink()
        kind, text = _formgrader_action(page, "generate-feedback", student)
        ui.screenshot(page, SHOTS / f"{PS}_formgrader_feedback.png")
        assert kind == "success-modal", text[:2000]
        context.close()
    finally:
        server.stop()
    assert html_path.exists(), "the formgrader's Generate Feedback wrote no page"
    assert html_path.read_text(encoding="utf-8") == course_page, (
        "the formgrader's page differs from `course feedback`'s")
    files = [p for p in (root / "feedback").rglob("*") if p.is_file()]
    assert not [p for p in files if p.name in ("grading.json", "tamper.json")], files
    hidden = [m for m in artifacts.MARKERS if "SOLUTION" not in m] + ["run_check", "BEGIN HIDDEN"]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = [n for n in hidden + e2e.secrets["hidden"] if n in text]
        assert not found, f"{path.relative_to(root)} shows hidden tests: {found[:3]}"
    e2e.timings["formgrader"] = time.monotonic() - t0

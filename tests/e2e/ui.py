"""What a student does in JupyterLab, through its menus and toolbar, and what the page then shows.

Actions go through the UI (menu clicks, the Validate button). State is read from the page: the text
of each cell's DOM node, and, to know which cell is which, the notebook model that
`LabApp.expose_app_in_browser` puts on `window.jupyterapp` (cell metadata, execution counts, kernel
status).
"""

from __future__ import annotations

import time
from pathlib import Path

CELLS_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.widgets) return null;
  return panel.content.widgets.map((w, i) => {
    const m = w.model;
    const code = m.type === 'code';
    const outputs = code ? m.outputs.toJSON() : [];
    const area = w.node.querySelector('.jp-OutputArea');
    const prompt = w.node.querySelector('.jp-InputPrompt');
    return {
      index: i,
      type: m.type,
      nbgrader: m.getMetadata('nbgrader') || {},
      tags: m.getMetadata('tags') || [],
      exec: code ? m.executionCount : null,
      prompt: prompt ? prompt.textContent.trim() : '',
      errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
      output_text: area ? area.innerText : '',
      text: w.node.innerText,
    };
  });
}
"""

KERNEL_IDLE_JS = """
() => {
  const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = p && p.sessionContext && p.sessionContext.session && p.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && !p.sessionContext.pendingInput;
}
"""

BUSY_CELLS_JS = """
() => window.jupyterapp.shell.currentWidget.content.widgets
       .filter(w => w.model.type === 'code')
       .some(w => { const p = w.node.querySelector('.jp-InputPrompt');
                    return p && p.textContent.includes('*'); })
"""


def open_notebook(page, url: str, timeout_ms: int = 90_000) -> None:
    """Open a notebook URL and wait until its kernel is up and idle."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout_ms)
    wait_kernel_idle(page, timeout_ms)
    # Let the first render (MathJax, images) settle before screenshots.
    page.wait_for_timeout(500)


def wait_kernel_idle(page, timeout_ms: int = 90_000) -> None:
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout_ms, polling=200)


def wait_run_finished(page, timeout_ms: int) -> None:
    """Idle kernel and no cell queued or running ('[*]'), twice in a row (idle flickers between cells)."""
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the notebook was still running after {timeout_ms / 1000:.0f} s")
        wait_kernel_idle(page, max(1, int((deadline - time.monotonic()) * 1000)))
        quiet = quiet + 1 if not page.evaluate(BUSY_CELLS_JS) else 0
        page.wait_for_timeout(100)


def menu(page, top: str, label: str) -> None:
    """Click `top` in the menu bar, then its item labelled `label` (e.g. Run > Run All Cells).

    Real mouse clicks; Playwright's per-click actionability checks (element stable over animation
    frames) are skipped once the item is visible and enabled: they cost seconds on a busy machine.
    """
    top_item = page.locator(".lm-MenuBar-item:visible", has_text=top).first
    top_item.wait_for(state="visible", timeout=10_000)
    top_item.click(force=True)
    item = page.locator(f'.lm-Menu:visible .lm-Menu-item:has(.lm-Menu-itemLabel:text-is("{label}"))').first
    item.wait_for(state="visible", timeout=10_000)
    if item.get_attribute("aria-disabled") == "true":
        raise AssertionError(f"the menu item {top} > {label} is disabled")
    item.click(force=True)


def cells(page) -> list[dict]:
    return page.evaluate(CELLS_JS)


def cell_locator(page, index: int):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)


def select_cell(page, index: int) -> None:
    """Select cell `index` the way a student does: click its left margin (the input prompt)."""
    prompt = cell_locator(page, index).locator(".jp-InputPrompt").first
    prompt.scroll_into_view_if_needed()
    prompt.click(force=True)


NEXT_JS = """
() => {
  const ws = window.jupyterapp.shell.currentWidget.content.widgets;
  const i = ws.findIndex(w => w.model.type === 'code' && w.model.executionCount === null);
  return [i, ws.length];
}
"""
EXEC_COUNT_JS = "i => window.jupyterapp.shell.currentWidget.content.widgets[i].model.executionCount"
CHANGED_JS = ("([i, before]) => "
              "window.jupyterapp.shell.currentWidget.content.widgets[i].model.executionCount !== before")


def _run(page, label: str, first: int, timeout_ms: int) -> None:
    """Run > `label`, then wait until cell `first` has started and the whole run has finished."""
    before = page.evaluate(EXEC_COUNT_JS, first)
    menu(page, "Run", label)
    page.wait_for_function(CHANGED_JS, arg=[first, before], timeout=timeout_ms, polling=100)
    wait_run_finished(page, timeout_ms)


def run_all(page, timeout_ms: int = 120_000) -> int:
    """Run > Run All Cells; where execution stops at an error, select the next code cell that has not
    run and Run > Run Selected Cell and All Below, as a student would, until every code cell has run.

    Returns how many times execution stopped at an error.
    """
    first_code = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(w => w.model.type === 'code')")
    _run(page, "Run All Cells", first_code, timeout_ms)
    stops = 0
    for _ in range(500):
        index, total = page.evaluate(NEXT_JS)
        if index < 0:
            return stops
        stops += 1
        select_cell(page, index)
        last = index == total - 1  # JupyterLab disables "and All Below" on the last cell
        _run(page, "Run Selected Cell" if last else "Run Selected Cell and All Below", index, timeout_ms)
    raise RuntimeError("Run All did not reach the end of the notebook")


def scroll_to_cell(page, index: int) -> None:
    page.evaluate("i => window.jupyterapp.shell.currentWidget.content.widgets[i].node"
                  ".scrollIntoView({block: 'start'})", index)
    page.wait_for_timeout(300)


def hide_left_sidebar(page) -> None:
    """More room for the notebook in screenshots (View > Appearance > Show Left Sidebar)."""
    page.evaluate("() => { const s = window.jupyterapp.shell; if (!s.leftCollapsed) s.collapseLeft(); }")
    page.wait_for_timeout(200)


def click_validate(page, timeout_ms: int = 180_000):
    """Click nbgrader's Validate toolbar button; return the dialog's locator once it shows a result."""
    page.locator(".validate-button").first.click()
    dialog = page.locator(".jp-Dialog:has(#validation-message)")
    dialog.wait_for(state="visible", timeout=timeout_ms)
    page.wait_for_timeout(300)
    return dialog


def close_dialog(page) -> None:
    page.locator(".jp-Dialog .jp-Dialog-button").last.click()
    page.locator(".jp-Dialog").first.wait_for(state="detached", timeout=10_000)


def page_text_and_html(page) -> tuple[str, str]:
    """All text in the document (including hidden elements) and the serialised DOM."""
    text = page.evaluate("() => document.body.innerText + '\\n' + document.body.textContent")
    return text, page.content()


def screenshot(page, path: Path, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), **kw)
    return path

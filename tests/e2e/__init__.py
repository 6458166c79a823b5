"""Helpers for the real-browser test (tests/test_e2e_browser.py).

- `lab`: a JupyterLab server from the course's venv on loopback, with a token, a temporary root and
  its own Jupyter config (a student's view: nbgrader's formgrader and create-assignment disabled),
  and the bookkeeping that ends every process it started, by pid.
- `browser`: Debian's Chromium driven by Playwright (`executable_path`), headless, no background
  networking; `Unavailable` says why when it cannot run, so the test skips with that reason.
- `ui`: what a student does in JupyterLab (open a notebook, Run All Cells, Validate) and reads off it.
- `artifacts`: the student release, a reference-filled copy, a student's feedback HTML, and the
  strings that must never reach a student (solutions, hidden tests, the checks' code).
"""

"""Debian's Chromium driven by Playwright, or the reason it cannot be.

Playwright's own browser download does not work on the course's machines; the Python package drives
the Chromium of Debian's `chromium` package (`.ci/install-browser.sh` installs it) through
`executable_path`. Headless, with background networking off: the machine's closed network refuses
Chromium's own connections, and the test must not depend on anything but loopback.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .lab import ProcessLedger

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-color-profile=srgb",
]


class Unavailable(Exception):
    """The browser cannot run here; the message is the test's skip reason."""


def find_chromium() -> str:
    """Debian's Chromium, or the one the CHROMIUM environment variable names."""
    env = os.environ.get("CHROMIUM")
    candidates = [env] if env else [*CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f"CHROMIUM={env} is not an executable" if env else "/usr/bin/chromium is missing"
    raise Unavailable(f"Chromium is not installed ({where}); .ci/install-browser.sh installs Debian's "
                      "`chromium` package (needs root)")


@dataclass
class Browser:
    playwright: object
    browser: object
    executable: str

    def close(self) -> None:
        try:
            self.browser.close()
        finally:
            self.playwright.stop()


def launch(ledger: ProcessLedger, timeout_ms: int = 30_000) -> Browser:
    """Start Playwright's driver and a headless Chromium; record their pids in `ledger`."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise Unavailable(f"the Python package `playwright` cannot be imported ({exc}); "
                          "it belongs in the course's dev extras") from exc
    executable = find_chromium()
    import psutil

    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    pw = sync_playwright().start()
    try:
        # Playwright gives every launch a fresh, temporary --user-data-dir and removes it at close.
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                                     timeout=timeout_ms)
    except PlaywrightError as exc:
        pw.stop()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Unavailable(f"Chromium ({executable}) could not be launched by Playwright: {first}") from exc
    for child in me.children(recursive=True):
        if child.pid not in before:
            ledger.add(child.pid)
    return Browser(pw, browser, executable)

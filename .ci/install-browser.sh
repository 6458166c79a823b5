#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser test (tests/test_e2e_browser.py), if it is missing.
# Idempotent and quiet. Always exits 0: when Chromium cannot be installed (no root, no apt, no
# network), the test skips and says why. Playwright's own browser download does not work on these
# machines; the `playwright` Python package (dev extras) drives this Chromium via executable_path.
set -u
for exe in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$exe" ]; then exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; the browser test will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install-browser: not root and no passwordless sudo; the browser test will be skipped" >&2
        exit 0
    fi
fi
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >"$log" 2>&1 \
        && $SUDO apt-get install -y -qq chromium >>"$log" 2>&1 \
        && [ -x /usr/bin/chromium ]; then
    echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
else
    echo "install-browser: could not install chromium; the browser test will be skipped. Last lines:" >&2
    tail -n 5 "$log" >&2
fi
rm -f "$log"
exit 0

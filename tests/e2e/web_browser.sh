#!/usr/bin/env bash
# web_browser.sh: the web console end to end in headless Chromium: submit, hear, approve, the
# calendar, withdraw; screenshots in build/web-screenshots (tests/e2e/lib/web_browser.py).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
# Debian's python3, which has python3-selenium (another python3 may come first on PATH)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
exec "$PY" "$(dirname "$0")/lib/web_browser.py"

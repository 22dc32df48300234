#!/usr/bin/env bash
# web_api.sh: the web console's JSON API against a real `loa web` and `loa watch`: every status
# code, submit -> build -> approve -> schedule -> withdraw, and the security cases
# (tests/e2e/lib/web_api.py).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
exec python3 "$(dirname "$0")/lib/web_api.py"

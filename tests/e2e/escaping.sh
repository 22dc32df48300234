#!/usr/bin/env bash
# escaping.sh: names and words from outside are printed escaped (lexicon/escape.h): a file
# name with a line break cannot forge a `loa check` finding, escape codes never reach the
# terminal, an error about such a file is one line.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp esc
failed=0
bad() { echo "FAIL: $*" >&2; failed=1; }

forged=$'x\nforged.txt:1:1: FAKE: injected'
printf 'Họp tổ dân phố với QWXZ.\n' >"$T/$forged"
(cd "$T" && "$LOA" check "$forged") >"$T/out" 2>"$T/err"
rc=$?
lines=$(wc -l <"$T/out")
if [ $rc = 1 ] && [ "$lines" -ge 1 ] && ! grep -q '^forged' "$T/out" && [ "$(grep -c '^x\\nforged.txt:1:1: FAKE: injected:1:' "$T/out")" = "$lines" ]; then
  echo "ok: a name with a line break stays on its line: $(head -1 "$T/out")"
else
  bad "check on a name with a line break: rc=$rc, $(cat -A "$T/out" "$T/err" | head -5)"
fi

red=$'\e[31mred\e]0;title\a.txt'
printf 'Họp với QWXZ.\n' >"$T/$red"
(cd "$T" && "$LOA" check "$red") >"$T/out" 2>&1
if grep -q $'\e' "$T/out" || ! grep -q '^\\x1b\[31mred\\x1b\]0;title\\x07.txt:1:' "$T/out"; then
  bad "escape codes in a name: $(cat -A "$T/out" | head -3)"
else
  echo "ok: escape codes in a name are written out: $(head -1 "$T/out")"
fi

(cd "$T" && "$LOA" normalize $'missing\nfile\e[2J.txt') >/dev/null 2>"$T/err"
[ $? = 3 ] && [ "$(wc -l <"$T/err")" = 1 ] && ! grep -q $'\e' "$T/err" \
  && echo "ok: an error about such a name is one line: $(cat "$T/err")" \
  || bad "error on a missing name: $(cat -A "$T/err")"
exit $failed

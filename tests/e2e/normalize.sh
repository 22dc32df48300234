#!/usr/bin/env bash
# normalize.sh: `loa normalize` and `loa check` end to end: exit statuses,
# one output line per input line, the lexicon override, and, when the shared
# reference material exists (../shared beside the source tree), the dev cases
# at 100%, the real bulletins read as valid syllables only, and nothing
# dropped without a report.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
SRC=$LOA_SOURCE_DIR
new_tmp norm
tmp=$T
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*" >&2; fail=1; }

# --- CLI contract -----------------------------------------------------------
"$LOA" normalize --help | grep -q -- '--dialect' && ok "normalize --help" || bad "normalize --help"
"$LOA" check --help | grep -q 'FILE:LINE:COL' && ok "check --help" || bad "check --help"
"$LOA" normalize --bogus </dev/null >/dev/null 2>&1; [ $? = 2 ] && ok "unknown option: 2" || bad "unknown option should exit 2"
"$LOA" normalize --dialect central </dev/null >/dev/null 2>&1; [ $? = 2 ] && ok "bad dialect: 2" || bad "bad dialect should exit 2"
"$LOA" check >/dev/null 2>&1; [ $? = 2 ] && ok "check without FILE: 2" || bad "check without FILE should exit 2"
"$LOA" normalize "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 3 ] && grep -q 'missing.txt' "$tmp/err" && ok "missing file: 3" || bad "missing file: rc=$rc $(cat "$tmp/err")"
printf 'a\0b\n' >"$tmp/bin.txt"
"$LOA" normalize "$tmp/bin.txt" >/dev/null 2>&1; [ $? = 3 ] && ok "binary file: 3" || bad "binary file should exit 3"
printf 'x\xff\xfey\n' >"$tmp/latin.txt"
"$LOA" check "$tmp/latin.txt" >/dev/null 2>&1; [ $? = 3 ] && ok "not UTF-8: 3" || bad "not UTF-8 should exit 3"

# one line out per line in, empty lines stay empty, stdin works
printf 'UBND xã họp.\n\nNgày 2/9.\n   \nCó 21 hộ.' >"$tmp/in.txt"
"$LOA" normalize <"$tmp/in.txt" >"$tmp/out.txt"
expected=$'ủy ban nhân dân xã họp\n\nngày mùng hai tháng chín\n\ncó hai mươi mốt hộ'
[ "$(cat "$tmp/out.txt")" = "$expected" ] && [ "$(wc -l <"$tmp/out.txt")" = 5 ] \
  && ok "line for line, stdin" || bad "line for line: $(cat -A "$tmp/out.txt")"
"$LOA" normalize --dialect south "$tmp/in.txt" | grep -q 'hai mươi mốt' && ok "file argument, dialect" || bad "file argument"
printf 'Có 105 hộ\r\nCó 1.005 hộ\r\n' | "$LOA" normalize --dialect=south >"$tmp/out.txt"
[ "$(cat "$tmp/out.txt")" = $'có một trăm lẻ năm hộ\ncó một ngàn không trăm lẻ năm hộ' ] \
  && ok "CRLF, --dialect=south" || bad "CRLF/south: $(cat -A "$tmp/out.txt")"
# mùng before the first ten days: the North says it, the South in lunar dates, the setting decides
printf 'Ngày 5/9.\nNgày 5/5 âm lịch.\n' >"$tmp/mung.txt"
got="$("$LOA" normalize "$tmp/mung.txt" | tr '\n' '|')$("$LOA" normalize --dialect south "$tmp/mung.txt" | tr '\n' '|')"
got="$got$("$LOA" normalize --day-prefix none "$tmp/mung.txt" | tr '\n' '|')$("$LOA" normalize --dialect south --day-prefix=mung "$tmp/mung.txt" | tr '\n' '|')"
want='ngày mùng năm tháng chín|ngày mùng năm tháng năm âm lịch|ngày năm tháng chín|ngày mùng năm tháng năm âm lịch|'
want="$want"'ngày năm tháng chín|ngày năm tháng năm âm lịch|ngày mùng năm tháng chín|ngày mùng năm tháng năm âm lịch|'
[ "$got" = "$want" ] && ok "day prefix: north, south, none, mung" || bad "day prefix: $got"
"$LOA" normalize --day-prefix sometimes </dev/null >/dev/null 2>&1; [ $? = 2 ] && ok "bad day prefix: 2" || bad "bad day prefix should exit 2"

# check: format, exit 1 with findings, 0 without
printf 'Phối hợp với BQKX xã.\nGiá ¤ cao.\n' >"$tmp/c.txt"
"$LOA" check "$tmp/c.txt" >"$tmp/check.txt"; rc=$?
[ $rc = 1 ] && grep -qx "$tmp/c.txt:1:14: BQKX: unknown abbreviation, spelled" "$tmp/check.txt" \
  && grep -q "^$tmp/c.txt:2:5: ¤: symbol not read" "$tmp/check.txt" \
  && ok "check findings, exit 1" || bad "check: rc=$rc $(cat "$tmp/check.txt")"
printf 'UBND xã họp ngày 2/9/2024.\n' >"$tmp/clean.txt"
"$LOA" check "$tmp/clean.txt" >"$tmp/check.txt"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/check.txt" ] && ok "check clean file: 0" || bad "clean check: rc=$rc"

# lexicon override: rows win; a malformed row names FILE:LINE and exits 3
printf 'abbr\tBQKX\tviễn thông\nloan\tZalo\tza lo\n' >"$tmp/local.tsv"
out=$(echo 'BQKX và Zalo' | "$LOA" normalize --lexicon "$tmp/local.tsv")
[ "$out" = 'viễn thông và za lo' ] && ok "override rows win" || bad "override: $out"
"$LOA" check --lexicon "$tmp/local.tsv" "$tmp/c.txt" | grep -q BQKX && bad "override not used by check" || ok "check uses override"
printf 'abbr\tBQKX\tviễn thông\nloan\tonly-two-columns\n' >"$tmp/broken.tsv"
echo x | "$LOA" normalize --lexicon "$tmp/broken.tsv" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 3 ] && grep -q 'broken.tsv:2:' "$tmp/err" && ok "malformed override: 3, FILE:LINE" \
  || bad "malformed override: rc=$rc $(cat "$tmp/err")"

# --- the shared reference material ------------------------------------------
if [ ! -d "$SHARED/corpus" ] || [ ! -x "$SHARED/tools/score-tn" ]; then
  echo "skip: $SHARED not present (dev cases and corpus checks)"
  exit $fail
fi

line=$("$SHARED/tools/score-tn" "$SHARED/tn/dev.tsv" -- "$LOA" normalize | tail -1)
echo "$line"
case "$line" in *"= 100.0%"*) ok "dev cases 100%";; *) bad "dev cases: $line";; esac

for f in "$SHARED"/corpus/*.txt; do
  "$LOA" normalize "$f" >"$tmp/$(basename "$f").north" || bad "normalize $f"
  "$LOA" normalize --dialect south "$f" >"$tmp/$(basename "$f").south" || bad "normalize south $f"
  "$LOA" check "$f" >"$tmp/$(basename "$f").check"; rc=$?
  [ $rc = 0 ] || [ $rc = 1 ] || bad "check $f exited $rc"
done

python3 - "$SRC" "$SHARED" "$tmp" <<'PY' || fail=1
import os, re, sys, unicodedata
src, shared, tmp = sys.argv[1:4]
lex = os.path.join(src, "lexicon")
# the words loa may print: syllables.txt and every word of a lexicon respelling
allowed = set(open(os.path.join(lex, "syllables.txt"), encoding="utf-8").read().split())
for name, col in (("abbreviations.tsv", 1), ("loanwords.tsv", 1), ("units.tsv", 1), ("letters.tsv", 1)):
    for row in open(os.path.join(lex, name), encoding="utf-8"):
        row = row.rstrip("\n\r")
        if not row or row.startswith("#"):
            continue
        cols = row.split("\t")
        if len(cols) > col:
            allowed.update(unicodedata.normalize("NFC", cols[col]).lower().replace("-", " ").split())
OLD_NEW = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
           "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
def modern(w):
    w = w.lower()
    if w[-2:] in OLD_NEW and w[-3:-2] != "q":
        return w[:-2] + OLD_NEW[w[-2:]]
    return w
status = 0
# characters that are read, or punctuation that is silently not read
quiet = set(".,;:!?…-–—'\"“”‘’()[]{}/*_#•+&%@=<>~°|\\" + "\u00a0\t")
fmt = re.compile(r"^(.+):(\d+):(\d+): (.+): (.+)$")
for name in sorted(os.listdir(os.path.join(shared, "corpus"))):
    if not name.endswith(".txt"):
        continue
    text = unicodedata.normalize("NFC", open(os.path.join(shared, "corpus", name), encoding="utf-8").read())
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for dialect in ("north", "south"):
        out = open(os.path.join(tmp, name + "." + dialect), encoding="utf-8").read().split("\n")
        if out and out[-1] == "":
            out.pop()
        if len(out) != len(lines):
            print(f"FAIL: {name} ({dialect}): {len(out)} output lines for {len(lines)} input lines")
            status = 1
            continue
        bad = {}
        for k, o in enumerate(out):
            if o != o.strip() or "  " in o or o != unicodedata.normalize("NFC", o).lower():
                print(f"FAIL: {name}:{k+1}: output not lower-case NFC single-spaced: {o!r}")
                status = 1
            for w in o.split():
                if w not in allowed:
                    bad.setdefault(w, k + 1)
        for w, k in sorted(bad.items(), key=lambda x: x[1]):
            print(f"FAIL: {name}:{k}: '{w}' is neither a syllable nor a lexicon respelling")
            status = 1
    # check: the format, and every character that is neither read nor quiet punctuation is reported
    found = {}
    for row in open(os.path.join(tmp, name + ".check"), encoding="utf-8"):
        m = fmt.match(row.rstrip("\n"))
        if not m:
            print(f"FAIL: check line not FILE:LINE:COL: token: reason: {row!r}")
            status = 1
            continue
        found.setdefault(int(m.group(2)), set()).add(int(m.group(3)))
    out = open(os.path.join(tmp, name + ".north"), encoding="utf-8").read().split("\n")
    for k, line in enumerate(lines):
        line = line.rstrip("\r")
        o = out[k].split() if k < len(out) else []
        for col, ch in enumerate(line, 1):
            cat = unicodedata.category(ch)
            if ch.isspace() or cat[0] in "LN" or ch in quiet or cat == "Cf":
                continue
            if col not in found.get(k + 1, set()):
                print(f"FAIL: {name}:{k+1}:{col}: '{ch}' dropped without a report")
                status = 1
        # every lower-case Vietnamese word of the input is in the output
        for w in re.findall(r"[^\W\d_]+", line):
            m = modern(w)
            if w.lower() == w and m in allowed and m not in o:
                print(f"FAIL: {name}:{k+1}: word '{w}' missing from the output")
                status = 1
        if re.search(r"\d", line) and not o:
            print(f"FAIL: {name}:{k+1}: digits but no spoken output")
            status = 1
print("corpus: only syllables and respellings, nothing dropped silently" if status == 0 else "corpus: FAILED")
sys.exit(status)
PY
[ $fail = 0 ] && ok "corpus checks" || true

# performance figure (reported, not asserted: tests never assert on time)
big="$tmp/big.txt"
while [ "$(stat -c %s "$big" 2>/dev/null || echo 0)" -lt 20000000 ]; do cat "$SHARED"/corpus/*.txt >>"$big"; done
start=$(date +%s.%N)
"$LOA" normalize "$big" >/dev/null
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'info: 20 MB normalised in {s:.2f} s = {20.0/s:.1f} MB/s')" "$start" "$end"
exit $fail

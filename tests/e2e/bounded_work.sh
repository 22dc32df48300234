#!/usr/bin/env bash
# bounded_work.sh: hostile inputs under the 2 MB cap are read in bounded time and memory, or
# refused with a reason. Each input (tests/tools/hostile.py) once took loa minutes to hours,
# hundreds of MB, or crashed it; each run here gets CPU seconds and address space far above
# what it takes now (ulimit, so a loaded machine does not matter) and below what it took (the
# .docx lookups: 0.2 s now, 5 s before, as much as the document size bound leaves them).
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
new_tmp bounded
gen="$LOA_SOURCE_DIR/tests/tools/hostile.py"
failed=0
bad() { echo "FAIL: $*" >&2; failed=1; }

# bounded CPU_S MEM_MB CMD...: run CMD with those limits, its output in $T/out and $T/err, its
# status in $rc; a run the limits stopped is a failure.
bounded() {
  local cpu=$1 mem=$2
  shift 2
  (ulimit -t "$cpu" -v $((mem * 1024)); exec "$@") >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -gt 128 ]; then
    bad "$* stopped by signal $((rc - 128)) (limits: $cpu CPU s, $mem MB): $(head -c 300 "$T/err")"
    return 1
  fi
}

# -- text: one letter, one line --------------------------------------------------------------
python3 "$gen" marks "$T/marks.txt"
if bounded 10 1024 "$LOA" normalize "$T/marks.txt"; then
  [ $rc = 0 ] && [ "$(wc -l <"$T/out")" = 1 ] && grep -q ' bê$' "$T/out" \
    && echo "ok: a letter with 400,000 combining marks (normalize: $(wc -c <"$T/out") bytes)" \
    || bad "marks: rc=$rc $(head -c 200 "$T/err")"
fi
for kind in dashes commas at enum paren roman; do
  python3 "$gen" "$kind" "$T/$kind.txt"
  if bounded 10 1024 "$LOA" check "$T/$kind.txt"; then
    [ $rc -le 1 ] && echo "ok: one line of $(wc -c <"$T/$kind.txt") bytes ($kind): check exits $rc" \
      || bad "$kind: check exits $rc: $(head -c 300 "$T/err")"
  fi
done

# -- documents ------------------------------------------------------------------------------
python3 "$gen" styles "$T/styles.docx"
if bounded 2 1024 "$LOA" normalize "$T/styles.docx"; then
  [ $rc = 0 ] && [ "$(wc -l <"$T/out")" = 50000 ] && [ "$(tail -1 "$T/out")" = "năm mươi nghìn" ] \
    && echo "ok: 50,000 paragraphs, 32,000 list styles: numbered to $(tail -1 "$T/out")" \
    || bad "styles: rc=$rc, $(wc -l <"$T/out") lines, last '$(tail -1 "$T/out")' $(head -c 200 "$T/err")"
fi
python3 "$gen" nums "$T/nums.docx"
if bounded 2 1024 "$LOA" normalize "$T/nums.docx"; then
  [ $rc = 0 ] && [ "$(wc -l <"$T/out")" = 45000 ] && [ "$(sort -u "$T/out")" = "một" ] \
    && echo "ok: 45,000 lists, each its own: every paragraph numbered 1." \
    || bad "nums: rc=$rc, $(wc -l <"$T/out") lines $(head -c 200 "$T/err")"
fi
python3 "$gen" attrs "$T/attrs.docx"
if bounded 10 1024 "$LOA" check "$T/attrs.docx"; then
  [ $rc = 3 ] && grep -q 'more than 256 attributes' "$T/err" \
    && echo "ok: 600,000 attributes on one element refused: $(cat "$T/err")" \
    || bad "attrs: rc=$rc $(head -c 300 "$T/err")"
fi
python3 "$gen" emptyp "$T/emptyp.docx"
if bounded 10 400 "$LOA" check "$T/emptyp.docx"; then
  [ $rc = 3 ] && grep -q 'too large to be a bulletin' "$T/err" \
    && echo "ok: $(wc -c <"$T/emptyp.docx") bytes of empty paragraphs refused within 400 MB: $(cat "$T/err")" \
    || bad "emptyp: rc=$rc $(head -c 300 "$T/err")"
fi

# -- the input cap, for check and normalize as for build ----------------------------------------
python3 "$gen" big "$T/big.txt"
if bounded 10 400 "$LOA" check "$T/big.txt"; then
  [ $rc = 3 ] && grep -q 'more than the limit' "$T/err" && echo "ok: check refuses 3 MB: $(cat "$T/err")" \
    || bad "check on 3 MB: rc=$rc $(head -c 200 "$T/err")"
fi
if bounded 10 400 bash -c '"$0" normalize <"$1"' "$LOA" "$T/big.txt"; then
  [ $rc = 3 ] && grep -q 'more than the limit' "$T/err" && echo "ok: normalize refuses 3 MB on standard input" \
    || bad "normalize on 3 MB of stdin: rc=$rc $(head -c 200 "$T/err")"
fi
exit $failed

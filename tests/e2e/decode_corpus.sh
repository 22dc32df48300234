#!/usr/bin/env bash
# decode_corpus.sh: the real reports in ../shared/corpus and the bulletins written for the
# tests (tests/fixtures/bulletins), in every encoding and format an office has them in, read
# the same.
#
# - converted to UTF-8 with BOM, UTF-16LE/BE with BOM, NFD, Windows-1258 (iconv, and with every
#   tone as a combining mark), TCVN3 and VNI (tests/tools/vnenc.py, from loa's own tables): each
#   decodes, detected and forced, to exactly the bytes of the UTF-8 original, and `loa normalize`
#   prints byte-identical spoken text for it; TCVN3 typed in the .VnTimeH capitals font (capitals
#   lost) decodes to the same text up to letter case, and to the same spoken text; an encoding
#   that cannot hold a character of the text (TCVN3 has no "¹") is said, not checked;
# - each legacy file forced to another encoding is refused with a clear message (exit 3);
# - saved as .docx and .odt (pandoc; the lines laid out in two columns, the header beside the
#   motto and the "Nơi nhận:" list beside the signature, as the one-row tables offices use) and
#   as a paginated PDF with a running header and page numbers (tests/tools/txt2pdf, cairo), and
#   for the bulletins as .md: after tts/clean, the same sequence of words (in a PDF a table's
#   cells have no separators: the words up to their trailing comma);
# - the bulletins: tts/clean gives exactly the blocks and dropped lines (with their reasons) in
#   tests/fixtures/bulletins/expected, and `loa preview --show-dropped` lists those lines.
# Without ../shared/corpus only the bulletins are checked.
set -euo pipefail

. "$(dirname "$0")/lib/common.sh"
src=$LOA_SOURCE_DIR
bld=$LOA_BUILD_DIR
corpus="$src/../shared/corpus"
bulletins="$src/tests/fixtures/bulletins"
inputs=()
if ls "$corpus"/*.txt >/dev/null 2>&1; then
  inputs+=("$corpus"/*.txt)
else
  echo "(no corpus at $corpus: only the bulletins are checked)"
fi
inputs+=("$bulletins"/*.txt)
tool="$bld/tests/loa_decode_tool"
vnenc="$src/tests/tools/vnenc.py"
new_tmp decode-corpus
work=$T
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# decodes FILE (optionally forced to ENC) and compares with REF byte for byte
same_text() {
  local file=$1 ref=$2 enc=${3:-} want=${4:-}
  local out="$work/out.txt" err="$work/err.txt"
  if ! "$tool" ${enc:+-e "$enc"} "$file" >"$out" 2>"$err"; then
    fail "$(basename "$file") ${enc:-auto}: $(cat "$err")"
    return
  fi
  if [ -n "$want" ] && ! grep -q ": $want (" "$err"; then
    fail "$(basename "$file") ${enc:-auto}: detected $(cat "$err"), expected $want"
  fi
  if ! cmp -s "$out" "$ref"; then
    fail "$(basename "$file") ${enc:-auto}: text differs from the UTF-8 original"
    diff "$ref" "$out" | head -5 || true
  fi
}

# `loa normalize FILE` gives byte-identical output to REF
same_spoken() {
  if ! "$LOA" normalize "$1" >"$work/spoken.txt" 2>"$work/err.txt"; then
    fail "loa normalize $(basename "$1"): $(cat "$work/err.txt")"
  elif ! cmp -s "$work/spoken.txt" "$2"; then
    fail "loa normalize $(basename "$1"): output differs from the UTF-8 original's"
    diff "$2" "$work/spoken.txt" | head -5 || true
  fi
}

for f in "${inputs[@]}"; do
  b=$(basename "$f" .txt)
  fixture=
  [ "$(dirname "$f")" = "$bulletins" ] && fixture=1
  ref="$work/$b.ref"
  "$tool" "$f" >"$ref" 2>/dev/null
  echo "== $b ($(wc -l <"$ref") lines)"
  norm="$work/$b.norm"
  "$LOA" normalize "$f" >"$norm"

  made=()   # the variants this text can be written in
  printf '\xef\xbb\xbf' | cat - "$f" >"$work/$b.utf8bom"
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$work/$b.utf16le"
  { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$f"; } >"$work/$b.utf16be"
  python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", sys.stdin.read()))' \
    <"$f" >"$work/$b.nfd"
  made+=(utf8bom:utf-8 utf16le:utf-16le utf16be:utf-16be nfd:utf-8)
  legacy() {   # NAME ENC COMMAND...: the text in a legacy encoding, if it can hold every character
    local name=$1 enc=$2
    shift 2
    if "$@" <"$f" >"$work/$b.$name" 2>"$work/err.txt"; then
      made+=("$name:$enc")
    else
      echo "   $name: not checked, $enc cannot hold the text ($(head -c 80 "$work/err.txt"))"
      rm -f "$work/$b.$name"
    fi
  }
  legacy cp1258 windows-1258 iconv -f UTF-8 -t CP1258
  legacy cp1258d windows-1258 python3 "$vnenc" cp1258-decomposed
  legacy tcvn3 tcvn3 python3 "$vnenc" tcvn3
  legacy vni vni python3 "$vnenc" vni
  legacy vntimeh tcvn3 python3 "$vnenc" tcvn3-vntimeh

  for v in "${made[@]}"; do
    name=${v%%:*}
    enc=${v#*:}
    [ "$name" = vntimeh ] && continue
    same_text "$work/$b.$name" "$ref" "" "$enc"
    same_text "$work/$b.$name" "$ref" "$enc" "$enc"
    same_spoken "$work/$b.$name" "$norm"
    echo "   $name: detected and forced as $enc, same text, same \`loa normalize\` output"
  done

  # .VnTimeH: the capitals the font drew are not in the bytes; the words must still be the same
  if [ -f "$work/$b.vntimeh" ]; then
    same_spoken "$work/$b.vntimeh" "$norm"     # spoken text is lower case: identical here too
    if "$tool" "$work/$b.vntimeh" >"$work/out.txt" 2>/dev/null &&
       python3 -c 'import sys; a, b = (open(p, encoding="utf-8").read().lower() for p in sys.argv[1:]); sys.exit(a != b)' \
         "$work/out.txt" "$ref"; then
      echo "   tcvn3 (.VnTimeH capitals): same text up to case ($(diff "$ref" "$work/out.txt" | grep -c '^<' || true) lines differ in case)"
    else
      fail "$b tcvn3 (.VnTimeH): text differs beyond letter case"
    fi
  fi

  # wrong forced encodings are refused, with a message
  for v in cp1258:windows-1258 tcvn3:tcvn3 vni:vni utf16le:utf-16le; do
    name=${v%%:*}
    enc=${v#*:}
    [ -f "$work/$b.$name" ] || continue
    for other in utf-8 utf-16be windows-1258 tcvn3 vni; do
      [ "$other" = "$enc" ] && continue
      set +e
      "$tool" -e "$other" "$work/$b.$name" >/dev/null 2>"$work/err.txt"
      rc=$?
      set -e
      if [ $rc -ne 3 ] || ! grep -qE "not|does not read" "$work/err.txt"; then
        fail "$b.$name forced as $other: exit $rc, $(cat "$work/err.txt")"
      fi
    done
  done
  echo "   wrong forced encodings refused: $(sed 's/^[^:]*: //' "$work/err.txt")"

  # the bulletins: exactly the expected blocks and dropped lines, and preview lists the latter
  "$tool" --words "$f" >"$work/$b.words" 2>/dev/null
  "$tool" --blocks "$f" >"$work/$b.blocks" 2>/dev/null
  "$tool" --dropped "$f" >"$work/$b.dropped" 2>/dev/null
  if [ -n "$fixture" ]; then
    for k in blocks dropped; do
      if ! cmp -s "$work/$b.$k" "$bulletins/expected/$b.$k"; then
        fail "$b: the $k differ from tests/fixtures/bulletins/expected/$b.$k"
        diff "$bulletins/expected/$b.$k" "$work/$b.$k" | head -8 || true
      fi
    done
    "$LOA" preview --show-dropped "$f" >"$work/preview.txt" 2>/dev/null || true
    awk -F'\t' '{ printf "%5d  %s  [%s]\n", $1, $3, $2 }' "$bulletins/expected/$b.dropped" >"$work/want.txt"
    awk 'NR == 1 { next } /^# / { exit } { print }' "$work/preview.txt" >"$work/got.txt"
    if ! cmp -s "$work/want.txt" "$work/got.txt" ||
       ! head -1 "$work/preview.txt" | grep -qx "# $(wc -l <"$work/want.txt") line(s) not read"; then
      fail "$b: loa preview --show-dropped does not list the expected lines"
      diff "$work/want.txt" "$work/got.txt" | head -6 || true
    fi
    reasons=$(cut -f2 "$work/$b.dropped" | sed 's/ (.*//' | sort | uniq -c | awk '{ n = $1; $1 = ""; printf "%s%s %d", sep, substr($0, 2), n; sep = ", " }')
    echo "   clean: $(wc -l <"$work/$b.blocks") blocks as expected; dropped as expected: ${reasons:-nothing}"
  fi

  # documents: the same words after clean
  docs=()
  if command -v pandoc >/dev/null; then
    python3 "$src/tests/tools/blocks2md.py" "$work/$b.blocks" "$work/$b.dropped" "$f" >"$work/$b.doc.md"
    pandoc -f markdown-smart -o "$work/$b.docx" "$work/$b.doc.md"
    pandoc -f markdown-smart -o "$work/$b.odt" "$work/$b.doc.md"
    docs+=(docx odt)
  else
    echo "   (no pandoc: .docx/.odt not checked)"
  fi
  if [ -n "$fixture" ]; then   # a bulletin typed in Markdown: a paragraph per block
    python3 "$src/tests/tools/blocks2md.py" "$work/$b.blocks" "$work/$b.dropped" >"$work/$b.md"
    docs+=(md)
  fi
  if [ -x "$bld/tests/txt2pdf" ]; then
    if [ -n "$fixture" ]; then
      # laid out again on pages of 12 lines: the page numbers and running headers the text
      # already has (copied out of a PDF) go, the PDF brings its own; a table row its page
      # break cut is written whole (blocks2md.joined_rows)
      awk -F'\t' '$2 ~ /^(page number|running header)/ { print $1 }' "$work/$b.dropped" >"$work/furniture.txt"
      python3 -c '
import sys
sys.path.insert(0, sys.argv[3])
from blocks2md import joined_rows
skip = {int(x) for x in open(sys.argv[2]).read().split()}
lines = open(sys.argv[1], encoding="utf-8", newline="").read().replace("\r\n", "\n").split("\n")
seen = [(int(r.split("\t")[1]), r.split("\t")[0]) for r in open(sys.argv[4], encoding="utf-8")]
seen += [(int(r.split("\t")[0]), "dropped") for r in open(sys.argv[5], encoding="utf-8")]
whole, rest = joined_rows(lines, seen)
bar = lambda i, c: ("| " if lines[i - 1].lstrip().startswith("|") else "") + " | ".join(c)
lines = [bar(i, whole[i]) if i in whole else l for i, l in enumerate(lines, 1)]
sys.stdout.write("\n".join(l.replace("\f", "") for i, l in enumerate(lines, 1) if i not in skip | rest))' \
        "$f" "$work/furniture.txt" "$src/tests/tools" "$work/$b.blocks" "$work/$b.dropped" >"$work/$b.pdf.txt"
      "$bld/tests/txt2pdf" -s 9 -H "UBND XÃ - BẢN TIN" -n -l 12 "$work/$b.pdf.txt" "$work/$b.pdf"
    else
      "$bld/tests/txt2pdf" -s 9 -H "UBND XÃ - BÁO CÁO CHUYỂN ĐỔI SỐ" -n "$f" "$work/$b.pdf"
    fi
    docs+=(pdf)
  else
    echo "   (no txt2pdf: PDF not checked)"
  fi
  for d in "${docs[@]}"; do
    want="$work/$b.words"
    if [ "$d" = pdf ]; then   # a PDF keeps no cell separators: the words up to their trailing comma
      sed 's/,$//' "$work/$b.words" >"$work/$b.words.nc"
      want="$work/$b.words.nc"
    fi
    if ! "$tool" --words "$work/$b.$d" >"$work/$b.$d.words" 2>"$work/err.txt"; then
      fail "$b.$d: $(cat "$work/err.txt")"
      continue
    fi
    [ "$d" = pdf ] && sed -i 's/,$//' "$work/$b.$d.words"
    if ! cmp -s "$want" "$work/$b.$d.words"; then
      fail "$b.$d: the words after clean differ from the text's"
      diff "$want" "$work/$b.$d.words" | head -6 || true
    else
      echo "   $d: same $(wc -l <"$work/$b.words") words after clean ($("$tool" --dropped "$work/$b.$d" 2>/dev/null | wc -l) lines dropped)"
    fi
  done
done

if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "decode_corpus: all passed"

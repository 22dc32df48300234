#!/usr/bin/env bash
# decode_corpus.sh: the three real reports in ../shared/corpus, in every encoding and format an
# office has them in, read the same.
#
# - converted to UTF-8 with BOM, UTF-16LE/BE with BOM, NFD, Windows-1258 (iconv, and with every
#   tone as a combining mark), TCVN3 and VNI (tests/tools/vnenc.py, from loa's own tables): each
#   decodes, detected and forced, to exactly the bytes of the UTF-8 original, and `loa normalize`
#   prints byte-identical spoken text for it; TCVN3 typed in the .VnTimeH capitals font (capitals
#   lost) decodes to the same text up to letter case, and to the same spoken text;
# - each legacy file forced to another encoding is refused with a clear message (exit 3);
# - saved as .docx and .odt (pandoc) and as a paginated PDF with a running header and page
#   numbers (tests/tools/txt2pdf, cairo): after tts/clean, the same sequence of words.
# Skips (exit 77) when ../shared/corpus is not there.
set -euo pipefail

src=${LOA_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${LOA_BUILD_DIR:-$src/build}
corpus="$src/../shared/corpus"
if ! ls "$corpus"/*.txt >/dev/null 2>&1; then
  echo "SKIP: no corpus at $corpus"
  exit 77
fi
tool="$bld/tests/loa_decode_tool"
vnenc="$src/tests/tools/vnenc.py"
work=$(mktemp -d /tmp/loa-decode-corpus.XXXXXX)
trap 'rm -rf "$work"' EXIT
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
    diff "$ref" "$out" | head -5
  fi
}

# `loa normalize FILE` gives byte-identical output to REF
same_spoken() {
  if ! "$LOA" normalize "$1" >"$work/spoken.txt" 2>"$work/err.txt"; then
    fail "loa normalize $(basename "$1"): $(cat "$work/err.txt")"
  elif ! cmp -s "$work/spoken.txt" "$2"; then
    fail "loa normalize $(basename "$1"): output differs from the UTF-8 original's"
    diff "$2" "$work/spoken.txt" | head -5
  fi
}

for f in "$corpus"/*.txt; do
  b=$(basename "$f" .txt)
  ref="$work/$b.ref"
  "$tool" "$f" >"$ref" 2>/dev/null
  echo "== $b ($(wc -l <"$ref") lines)"
  norm="$work/$b.norm"
  "$LOA" normalize "$f" >"$norm"

  printf '\xef\xbb\xbf' | cat - "$f" >"$work/$b.utf8bom"
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$work/$b.utf16le"
  { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$f"; } >"$work/$b.utf16be"
  python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", sys.stdin.read()))' \
    <"$f" >"$work/$b.nfd"
  iconv -f UTF-8 -t CP1258 "$f" >"$work/$b.cp1258"
  python3 "$vnenc" cp1258-decomposed <"$f" >"$work/$b.cp1258d"
  python3 "$vnenc" tcvn3 <"$f" >"$work/$b.tcvn3"
  python3 "$vnenc" vni <"$f" >"$work/$b.vni"
  python3 "$vnenc" tcvn3-vntimeh <"$f" >"$work/$b.vntimeh"

  for v in utf8bom:utf-8 utf16le:utf-16le utf16be:utf-16be nfd:utf-8 cp1258:windows-1258 \
           cp1258d:windows-1258 tcvn3:tcvn3 vni:vni; do
    name=${v%%:*}
    enc=${v#*:}
    same_text "$work/$b.$name" "$ref" "" "$enc"
    same_text "$work/$b.$name" "$ref" "$enc" "$enc"
    same_spoken "$work/$b.$name" "$norm"
    echo "   $name: detected and forced as $enc, same text, same \`loa normalize\` output"
  done
  same_spoken "$work/$b.vntimeh" "$norm"     # spoken text is lower case: identical here too

  # .VnTimeH: the capitals the font drew are not in the bytes; the words must still be the same
  if "$tool" "$work/$b.vntimeh" >"$work/out.txt" 2>/dev/null &&
     python3 -c 'import sys; a, b = (open(p, encoding="utf-8").read().lower() for p in sys.argv[1:]); sys.exit(a != b)' \
       "$work/out.txt" "$ref"; then
    echo "   tcvn3 (.VnTimeH capitals): same text up to case ($(diff "$ref" "$work/out.txt" | grep -c '^<' || true) lines differ in case)"
  else
    fail "$b tcvn3 (.VnTimeH): text differs beyond letter case"
  fi

  # wrong forced encodings are refused, with a message
  for v in cp1258:windows-1258 tcvn3:tcvn3 vni:vni utf16le:utf-16le; do
    name=${v%%:*}
    enc=${v#*:}
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

  # documents: the same words after clean
  "$tool" --words "$f" >"$work/$b.words" 2>/dev/null
  "$tool" --blocks "$f" >"$work/$b.blocks" 2>/dev/null
  "$tool" --dropped "$f" >"$work/$b.dropped" 2>/dev/null
  docs=()
  if command -v pandoc >/dev/null; then
    python3 "$src/tests/tools/blocks2md.py" "$work/$b.blocks" "$work/$b.dropped" >"$work/$b.md"
    pandoc -f markdown-smart -o "$work/$b.docx" "$work/$b.md"
    pandoc -f markdown-smart -o "$work/$b.odt" "$work/$b.md"
    docs+=(docx odt)
  else
    echo "   (no pandoc: .docx/.odt not checked)"
  fi
  if [ -x "$bld/tests/txt2pdf" ]; then
    "$bld/tests/txt2pdf" -s 9 -H "UBND XÃ - BÁO CÁO CHUYỂN ĐỔI SỐ" -n "$f" "$work/$b.pdf"
    docs+=(pdf)
  else
    echo "   (no txt2pdf: PDF not checked)"
  fi
  for d in "${docs[@]}"; do
    if ! "$tool" --words "$work/$b.$d" >"$work/$b.$d.words" 2>"$work/err.txt"; then
      fail "$b.$d: $(cat "$work/err.txt")"
    elif ! cmp -s "$work/$b.words" "$work/$b.$d.words"; then
      fail "$b.$d: the words after clean differ from the text's"
      diff "$work/$b.words" "$work/$b.$d.words" | head -6
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

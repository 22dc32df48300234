#!/usr/bin/env bash
# bounded.sh: small files that would take hours are refused at once, in bounded memory, by
# every way in: `loa build`, `loa preview --wav`, and the watch folder (urgent notices
# included). Made here: 1,000,000 digits (1 MB of text), a 116 KB .docx that unpacks to 31 MB
# of text, a .docx of 200,000 paragraphs, a 2,000-page PDF, a 1.9 MB urgent notice. Each either
# unpacks to more text than the size cap, or reads (estimated from its text before any
# synthesis) longer than max_minutes (60): exit 3 with one line saying which, and in the
# watch, failed/ with a note of its class, nothing built. The times are printed, not
# asserted; the memory is asserted (peak RSS under 400 MB).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp bounded
src="$T/src"
mkdir -p "$src"

python3 - "$src" <<'PY'
import random, sys, zipfile
d = sys.argv[1]
random.seed(21)
open(f"{d}/chu so.txt", "w").write("".join(random.choice("0123456789") for _ in range(1000000)) + "\n")
def docx(path, paragraphs):
    head = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/content-types"><Default '
                   'Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
                   'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w") as f:
            f.write(head.encode())
            for p in paragraphs:
                f.write(("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % p).encode())
            f.write(b"</w:body></w:document>")
sent = "Ủy ban nhân dân xã Yên Hòa thông báo lịch tiêm phòng cho đàn gia cầm. "
docx(f"{d}/giai nen lon.docx", (sent * 200 for _ in range(1900)))
docx(f"{d}/hai tram nghin doan.docx", ("A." for _ in range(200000)))
open(f"{d}/khan dai.txt", "w").write("Tiêu đề: Thông báo khẩn\nMức độ: khẩn cấp\n\n" + (sent + "\n") * 22000)
w = "xã thôn hộ dân tiêm phòng gia cầm lịch họp ngày tháng năm đường làng ruộng lúa nước".split()
open(f"{d}/pdf.txt", "w").write("\n".join("Dòng %d: " % i + " ".join(random.choice(w) for _ in range(10)) + "."
                                          for i in range(10000)))
PY
if [ -x "$LOA_BUILD_DIR/tests/txt2pdf" ]; then
  "$LOA_BUILD_DIR/tests/txt2pdf" -l 5 "$src/pdf.txt" "$src/hai nghin trang.pdf"
else
  note "no txt2pdf (cairo): the 2,000-page PDF is left out"
fi
rm "$src/pdf.txt"
for f in "$src"/*; do note "$(basename "$f"): $(stat -c %s "$f") bytes"; done

gnu_time=$(command -v /usr/bin/time || true)
# refused CMD...: exit 3 and one line that says why; prints the time and peak memory
refused() {
  local rc=0 what=$1
  shift
  if [ -n "$gnu_time" ]; then
    /usr/bin/time -f '%e %M' -o "$T/time" "$@" >/dev/null 2>"$T/err" || rc=$?
  else
    "$@" >/dev/null 2>"$T/err" || rc=$?
    echo "? 0" >"$T/time"
  fi
  [ "$rc" = 3 ] || fail "$what: exit $rc, not 3: $(tail -c 400 "$T/err")"
  local line
  line=$(grep -m1 'would take about\|unpacks to\|too large to be a bulletin' "$T/err") || fail "$what: no reason given: $(tail -c 400 "$T/err")"
  read -r secs kb < <(tail -1 "$T/time")
  note "$what: exit 3 in ${secs}s, ${kb} KB: ${line#loa: }"
  ((kb < 400 * 1024)) || fail "$what: peak memory ${kb} KB"
}

echo "== loa build and loa preview --wav refuse them at once" >&2
for f in "$src"/*; do
  b=$(basename "$f")
  refused "build $b" "$LOA" build "$f" -o "$T/x.mp3" --quiet
  [ ! -e "$T/x.mp3" ] || fail "build $b wrote an MP3"
done
refused "preview --wav chu so.txt" "$LOA" preview "$src/chu so.txt" --wav "$T/x.wav"
[ ! -e "$T/x.wav" ] || fail "preview wrote a WAV"
grep -q 'unpacks to 31.[0-9] MB of text, more than the limit of 2097152 bytes' \
  <("$LOA" build "$src/giai nen lon.docx" -o "$T/x.mp3" 2>&1) || fail "the 31 MB of text are not named"
refused "build the sample (2 min) with --max-minutes 1" \
  "$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/x.mp3" --max-minutes 1

echo "== the watch folder (urgent notices included): failed/ with a note, nothing built" >&2
st="$T/st"
mkdir -p "$st/inbox/khan"
cp "$src"/* "$st/inbox/"
cp "$src/khan dai.txt" "$st/inbox/khan/"
rc=0
if [ -n "$gnu_time" ]; then
  /usr/bin/time -f '%e %M' -o "$T/time" "$LOA" watch "$st" --once --settle-ms 100 2>"$T/watch.log" || rc=$?
  read -r secs kb < <(tail -1 "$T/time")
  note "loa watch --once over them all: ${secs}s, ${kb} KB at most"
  ((kb < 400 * 1024)) || fail "the watch took ${kb} KB"
else
  "$LOA" watch "$st" --once --settle-ms 100 2>"$T/watch.log" || rc=$?
fi
# --once says by its status that files were refused (3): every one of them was
[ $rc = 3 ] || fail "loa watch --once exited $rc, not 3 (some refused): $(tail -3 "$T/watch.log")"
for f in "$st"/inbox/* "$st"/inbox/khan/*; do [ -f "$f" ] && fail "left in the inbox: $f"; done
for f in "$src"/* khan/"khan dai.txt"; do
  b=${f#"$src/"}
  note="$st/failed/$b.loi.txt"
  [ -f "$note" ] || fail "no note for $b ($note)"
  grep -q 'Class: too-long\|Class: too-big' "$note" || fail "$b: $(grep Class "$note")"
  note "$b: $(grep -o 'Class: .*' "$note" | tr -d '\r')"
done
[ -z "$(ls "$st/out")" ] || fail "something was built: $(ls -R "$st/out")"
if grep -q 'Bản tin quá dài' "$st/failed/chu so.txt.loi.txt"; then :; else
  fail "the note does not say the bulletin is too long: $(cat "$st/failed/chu so.txt.loi.txt")"
fi
grep -q 'would take about [0-9]* minutes to read, more than the 60 minutes' "$st/failed/chu so.txt.loi.txt" ||
  fail "the note does not give the estimate"

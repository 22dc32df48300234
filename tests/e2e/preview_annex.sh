#!/usr/bin/env bash
# preview_annex.sh: `loa preview` of a report with an annex after its signature and a
# chart's caption: by default neither is read and --show-dropped lists each line with its
# reason; --read-annex, --read-annex=1 and [voice] read_annex = 1 in loa.ini read the
# annex (never the caption), --read-annex=0 and read_annex = 0 do not, a value out of
# range is refused; and the pauses inside a unit ("số:", a body's name with a dash, "27-
# KH/ĐU") are gone from what is read.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp annex
tmp=$T
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*" >&2; fail=1; }

cat >"$tmp/bc.txt" <<'EOF'
BÁO CÁO
Kết quả thu gom rác thải tháng mười

Căn cứ Quyết định số: 245/QĐ-UBND của UBND huyện và Kế hoạch số 27- KH/ĐU của Đảng ủy,
Phòng Tài nguyên - Môi trường huyện đã hỗ trợ xã ba xe thu gom rác.
Biểu đồ 1: Khối lượng rác thu gom theo tháng
Các thôn thu gom được mười hai tấn rác thải.
CHỦ TỊCH
Lê Văn Tâm
PHỤ LỤC 1
Thôn | Khối lượng
Đông Xuân | 7 tấn
EOF

preview() { "$LOA" preview "$@" "$tmp/bc.txt" >"$tmp/out.txt" 2>"$tmp/err.txt"; }
read_annex() { grep -q 'đông xuân' "$tmp/out.txt"; }

preview --show-dropped || bad "preview: $(cat "$tmp/err.txt")"
grep -qx '# 6 line(s) not read' "$tmp/out.txt" &&
  grep -q '^    6  Biểu đồ 1: Khối lượng rác thu gom theo tháng  \[caption of a chart' "$tmp/out.txt" &&
  grep -q '^   10  PHỤ LỤC 1  \[annex after the signature (phụ lục sau chữ ký)\]' "$tmp/out.txt" &&
  grep -q '^   12  Đông Xuân | 7 tấn  \[annex after the signature' "$tmp/out.txt" &&
  ! read_annex && ! grep -q 'khối lượng rác thu gom theo tháng' "$tmp/out.txt" &&
  ok "by default the annex and the caption are listed, not read" || bad "default: $(cat "$tmp/out.txt")"

# what is read: from "căn cứ" to "đảng ủy" with no pause but a breath (the clause is
# longer than one: tts/phrase.h) and that at no unit, up to the comma; the body's name whole
sed -n 's/^    4  \(.*\)  \[250 ms lấy hơi \/ breath\]$/\1/p' "$tmp/out.txt" >"$tmp/breaths.txt"
tr '\n' ' ' <"$tmp/breaths.txt" >"$tmp/read.txt"
grep -q '^    4  .*của đảng ủy  \[250 ms phẩy / comma\]$' "$tmp/out.txt" &&
  sed -n 's/^    4  \(.*của đảng ủy\)  \[250 ms phẩy \/ comma\]$/\1/p' "$tmp/out.txt" >>"$tmp/read.txt" &&
  grep -qx 'căn cứ quyết định số hai trăm bốn mươi lăm quyết định ủy ban nhân dân của ủy ban nhân dân huyện và kế hoạch số hai mươi bảy kế hoạch đảng ủy của đảng ủy' "$tmp/read.txt" &&
  ! grep -qE '(số|hai mươi bảy|kế hoạch|phòng tài nguyên)$' "$tmp/breaths.txt" &&
  grep -q '^    4  phòng tài nguyên môi trường huyện đã hỗ trợ xã ba xe thu gom rác  \[' "$tmp/out.txt" &&
  ok "no pause after số:, in 27- KH/ĐU or in Phòng Tài nguyên - Môi trường" || bad "pauses: $(cat "$tmp/out.txt")"

for flag in --read-annex --read-annex=1; do
  preview "$flag" && read_annex && ! grep -q 'khối lượng rác thu gom theo tháng' "$tmp/out.txt" &&
    ok "$flag reads the annex, not the caption" || bad "$flag: $(cat "$tmp/out.txt" "$tmp/err.txt")"
done
preview --read-annex=0 && ! read_annex && ok "--read-annex=0 does not" || bad "--read-annex=0"
preview --read-annex=2; rc=$?
[ $rc = 2 ] && grep -q -- "--read-annex: '2' must be a whole number from 0 to 1" "$tmp/err.txt" &&
  ok "--read-annex=2 refused" || bad "--read-annex=2: rc=$rc $(cat "$tmp/err.txt")"

for v in 1 0; do
  printf '[voice]\nread_annex = %s\n' "$v" >"$tmp/loa.ini"
  preview --config "$tmp/loa.ini" || bad "config $v: $(cat "$tmp/err.txt")"
  if [ "$v" = 1 ]; then read_annex; else ! read_annex; fi && ok "loa.ini read_annex = $v" || bad "loa.ini read_annex = $v"
done
preview --config "$tmp/loa.ini" --read-annex && read_annex && ok "the flag wins over loa.ini" || bad "flag over loa.ini"

exit $fail

#!/usr/bin/env bash
# reading_agrees.sh: `loa normalize` and `loa preview` read the same text the same way
# (docs/reading.md, "Web and e-mail addresses"): preview goes through the decoder and the
# cleaner, which take out Markdown emphasis, while normalize reads each line as it is; the
# normaliser itself takes the emphasis marks as markup, so that an address, a brand or a
# name in bold or italics reads the same in both, one output line per input line.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp agree
tmp=$T
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*" >&2; fail=1; }

cat >"$tmp/in.txt" <<'TXT'
Truy cập **www.hoanghoa.thanhhoa.gov.vn** để xem lịch tiếp dân.

Gửi góp ý về __ubndxa.xuanhoa@nghean.gov.vn__ hoặc _https://congdichvucong.nghean.gov.vn/p/home_.

Cài ứng dụng *SmartThanhHoa*, **VNeID** và **Telemedicine** trên điện thoại.

Theo dõi trang ~~facebook.com/tuoitrexahoangkim~~ của đoàn xã.
TXT

"$LOA" normalize "$tmp/in.txt" >"$tmp/norm.txt" || bad "normalize failed"
[ "$(wc -l <"$tmp/norm.txt")" = "$(wc -l <"$tmp/in.txt")" ] \
  && ok "normalize: one line out per line in" || bad "normalize: $(wc -l <"$tmp/norm.txt") lines"
"$LOA" preview "$tmp/in.txt" >"$tmp/preview.txt" 2>"$tmp/preview.err" || bad "preview failed: $(cat "$tmp/preview.err")"

# the spoken words of each source line: normalize's line, preview's utterances of that line
for line in 1 3 5 7; do
  want=$(sed -n "${line}p" "$tmp/norm.txt")
  got=$(awk -v l="$line" '$1 == l { sub(/^ *[0-9]+  /, ""); sub(/  \[[^]]*\]$/, ""); printf "%s ", $0 }' \
        "$tmp/preview.txt" | sed 's/ $//')
  if [ -n "$want" ] && [ "$want" = "$got" ]; then
    ok "line $line reads the same: $want"
  else
    bad "line $line: normalize '$want', preview '$got'"
  fi
done
grep -q 'chấm hoằng hóa chấm thanh hóa' "$tmp/norm.txt" && ok "the address in bold is read as one" \
  || bad "the address in bold: $(sed -n 1p "$tmp/norm.txt")"
exit $fail

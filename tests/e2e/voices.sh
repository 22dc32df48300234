#!/usr/bin/env bash
# voices.sh: `loa voices` lists every voice with its Vietnamese and English name; each one
# (and the old names north, central, south) builds a short bulletin on the loudness target
# without the heavy-limiting warning; an unknown voice is a usage error naming the list.
set -uo pipefail
LOA=${LOA:-build/loa}
tmp=$(mktemp -d /tmp/loa-voices-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*" >&2; fail=1; }

"$LOA" voices >"$tmp/list" || bad "loa voices exits 0"
for v in north-male north-female central central-female south-male south-female; do
  grep -q "^$v " "$tmp/list" && ok "listed: $v" || bad "not listed: $v"
done
grep -q 'Giọng nữ miền Nam / Southern woman' "$tmp/list" && ok "names in both languages" \
  || bad "names: $(cat "$tmp/list")"
"$LOA" voices extra >/dev/null 2>&1; [ $? = 2 ] && ok "voices with an argument: 2" || bad "voices extra should exit 2"

cat >"$tmp/in.txt" <<'TXT'
THÔNG BÁO
Ủy ban nhân dân xã thông báo lịch tiêm phòng cúm gia cầm đợt 2 năm 2026 trên địa bàn xã, đề nghị các hộ chăn nuôi chủ động phối hợp với thú y viên các thôn để tiêm phòng đầy đủ. Bà con có thắc mắc gì không?
TXT
for v in north-male north-female central central-female south-male south-female north south; do
  "$LOA" build "$tmp/in.txt" -o "$tmp/$v.mp3" --voice "$v" >"$tmp/$v.out" 2>&1; rc=$?
  lufs=$(ffmpeg -hide_banner -nostats -i "$tmp/$v.mp3" -af ebur128 -f null - 2>&1 |
         sed -n 's/^ *I: *\(-[0-9.]*\) LUFS/\1/p' | tail -1)
  if [ $rc = 0 ] && ! grep -q warning "$tmp/$v.out" &&
     awk -v l="$lufs" 'BEGIN { exit !(l > -16.5 && l < -15.5) }'; then
    ok "--voice $v: $lufs LUFS, no warning"
  else
    bad "--voice $v: rc=$rc lufs=$lufs $(cat "$tmp/$v.out")"
  fi
done
"$LOA" build "$tmp/in.txt" -o "$tmp/x.mp3" --voice female 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown voice 'female'" "$tmp/err" && ok "unknown voice: 2" \
  || bad "unknown voice: rc=$rc $(cat "$tmp/err")"
exit $fail

#!/usr/bin/env bash
# voices.sh: `loa voices` lists every voice of lexicon/voices.tsv (a voice added to the file
# too) with its Vietnamese and English name, and --voice's help points to it; each one
# (and the old names north, central, south) builds a short bulletin on the loudness target
# without the heavy-limiting warning, and with either preset at -16 LUFS is limited by more
# than 3 dB on at most 5% of its speech frames; an unknown voice is a usage error.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
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
# the list is voices.tsv's: a voice added to a copy of the data is listed and accepted
src=${LOA_SOURCE_DIR:-.}
data_copy "$tmp/data"
grep -c '^[^#]' "$src/lexicon/voices.tsv" >"$tmp/rows"
[ "$(wc -l <"$tmp/list")" = "$(cat "$tmp/rows")" ] && ok "one line per row of voices.tsv" \
  || bad "$(wc -l <"$tmp/list") lines for $(cat "$tmp/rows") voices"
printf 'test-voice\tthu\tsouth\tvi-vn-x-south\t71\t115\t0.9\t190\tGiọng thử\tA test voice\n' \
  >>"$tmp/data/lexicon/voices.tsv"
LOA_DATA_DIR="$tmp/data" "$LOA" voices | grep -q '^test-voice  *thu  *Giọng thử / A test voice$' \
  && ok "a voice added to voices.tsv is listed" || bad "added voice: $(LOA_DATA_DIR="$tmp/data" "$LOA" voices)"
echo "Xin chào bà con." >"$tmp/hi.txt"
LOA_DATA_DIR="$tmp/data" "$LOA" build "$tmp/hi.txt" -o "$tmp/hi.mp3" --voice thu >/dev/null 2>&1 && [ -s "$tmp/hi.mp3" ] \
  && ok "--voice takes the added voice's other name" || bad "--voice thu with the added voice"
"$LOA" build --help >"$tmp/help" && grep -A1 -- '--voice NAME' "$tmp/help" | grep -q '`loa voices`' \
  && ok "--voice's help points to loa voices" || bad "--voice's help: $(grep -A2 -- --voice "$tmp/help")"
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
# limiting: the -16 LUFS render over the -40 LUFS one, 20 ms frames of speech (within 30 dB of
# the loudest); at most 5% of them may be more than 3 dB under the median ratio
limited() {
  python3 - "$1" "$2" <<'PY'
import math, struct, sys, wave
def frames(path):
    w = wave.open(path); n = w.getnframes(); x = struct.unpack("<%dh" % n, w.readframes(n))
    k = int(0.02 * w.getframerate())
    return [math.sqrt(sum(v * v for v in x[i:i + k]) / k) + 1e-9 for i in range(0, n - k, k)]
a, b = frames(sys.argv[1]), frames(sys.argv[2])
lv = [20 * math.log10(v) for v in b]
loud = sorted(lv)[int(0.95 * len(lv))] - 30
r = sorted(20 * math.log10(x / y) for x, y, l in zip(a, b, lv) if l > loud)
gain = r[len(r) // 2]
print("%.1f" % (100.0 * sum(1 for v in r if v < gain - 3) / len(r)))
PY
}
for v in north-male north-female central central-female south-male south-female; do
  for p in stream loudspeaker; do
    "$LOA" preview "$tmp/in.txt" --voice "$v" --preset "$p" --wav "$tmp/a.wav" >/dev/null 2>&1 &&
      "$LOA" preview "$tmp/in.txt" --voice "$v" --preset "$p" --lufs -40 --wav "$tmp/b.wav" >/dev/null 2>&1 ||
      bad "preview $v $p"
    share=$(limited "$tmp/a.wav" "$tmp/b.wav")
    awk -v s="$share" 'BEGIN { exit !(s <= 5) }' && ok "$v $p: limited over 3 dB on $share% of speech frames" \
      || bad "$v $p: limited over 3 dB on $share% of speech frames"
  done
done

"$LOA" build "$tmp/in.txt" -o "$tmp/x.mp3" --voice female 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "unknown voice 'female'" "$tmp/err" && ok "unknown voice: 2" \
  || bad "unknown voice: rc=$rc $(cat "$tmp/err")"
exit $fail

#!/usr/bin/env bash
# build.sh: `loa build` end to end: the sample and the corpus reports become MP3s that decode
# cleanly and measure on target; every kind of bad input gets one clear line, the documented
# exit status and leaves no file behind.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp build

echo "== the sample bulletin" >&2
"$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/mau.mp3" --date 2026-11-25 --quiet
decodes_clean "$T/mau.mp3"
on_target "$T/mau.mp3"
d=$(duration "$T/mau.mp3")
note "duration $d s"
awk -v d="$d" 'BEGIN{exit !(d>60 && d<600)}' || fail "sample lasts $d s"
tags=$(ffprobe -v error -show_entries format_tags=title,artist,genre,date -of default=nw=1 "$T/mau.mp3")
grep -qx 'TAG:title=Bản tin chuyển đổi số và sản xuất nông nghiệp tháng 11/2026' <<<"$tags" || fail "title tag: $tags"
grep -qx 'TAG:genre=Speech' <<<"$tags" || fail "genre tag: $tags"
grep -q '^TAG:artist=Đài truyền thanh' <<<"$tags" || fail "artist tag: $tags"
[ -z "$(ls -A "$T" | grep -v '^mau.mp3$')" ] || fail "stray files beside the MP3: $(ls -A "$T")"

echo "== a report's title is its kind and its subject line" >&2
printf 'ỦY BAN NHÂN DÂN XÃ YÊN HÒA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nBÁO CÁO\nKết quả tiêm phòng đợt 2 năm 2026\n\nNăm nay xã đã tiêm 1.200 liều.\n' >"$T/bc.txt"
"$LOA" build "$T/bc.txt" -o "$T/bc.mp3" --quiet
tags=$(ffprobe -v error -show_entries format_tags=title -of default=nw=1 "$T/bc.mp3")
grep -qx 'TAG:title=BÁO CÁO: Kết quả tiêm phòng đợt 2 năm 2026' <<<"$tags" || fail "report title tag: $tags"
printf 'Sáng nay, tại nhà văn hóa thôn Đông, Chi hội Phụ nữ tổ chức Ngày hội. Về dự có đồng chí Bí thư.\n' >"$T/bc.txt"
"$LOA" build "$T/bc.txt" -o "$T/bc.mp3" --quiet
tags=$(ffprobe -v error -show_entries format_tags=title -of default=nw=1 "$T/bc.mp3")
grep -qx 'TAG:title=Sáng nay, tại nhà văn hóa thôn Đông, Chi hội Phụ nữ tổ chức Ngày hội' <<<"$tags" ||
  fail "a news item's title is its first sentence: $tags"
rm -f "$T/bc.txt" "$T/bc.mp3"

echo "== other loudness targets and settings" >&2
for target in -20 -12.3; do
  "$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/t$target.mp3" --lufs "$target" --quiet \
    2>"$T/t.err"
  on_target "$T/t$target.mp3" "$target"
  case $target in   # -12.3 LUFS under -1.5 dBTP takes the limiter about 5 LU: said, not hidden
    -12.3) grep -q "warning: the limiter takes .* LU to reach -12.3 LUFS" "$T/t.err" || fail "no heavy-limiting warning: $(cat "$T/t.err")" ;;
    *) [ ! -s "$T/t.err" ] || fail "$target: unexpected output: $(cat "$T/t.err")" ;;
  esac
done
echo "== a target past what the ceiling allows is not reached, rather than crushed" >&2
"$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/t-8.mp3" --lufs -8 --quiet 2>"$T/t.err"
grep -q "warning: -1[0-9.]* LUFS, not the -8.0 asked" "$T/t.err" || fail "no warning for -8 LUFS: $(cat "$T/t.err")"
measure "$T/t-8.mp3"
note "asked -8 LUFS: $LUFS LUFS, $TP dBTP; $(cat "$T/t.err")"
awk -v l="$LUFS" -v p="$TP" 'BEGIN{exit !(l < -11 && l > -14.5 && p <= -1.0)}' || fail "-8 LUFS gave $LUFS LUFS, $TP dBTP"
rm -f "$T/t.err" "$T/t-8.mp3"
"$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/ls.mp3" --preset loudspeaker --voice south \
  --samplerate 22050 --bitrate 64 --quiet
on_target "$T/ls.mp3"
[ "$(ffprobe -v error -show_entries stream=sample_rate -of csv=p=0 "$T/ls.mp3")" = 22050 ] || fail "sample rate"

echo "== --jobs 1 and the parallel default give the same file" >&2
"$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/j1.mp3" --jobs 1 --date 2026-11-25 --quiet
"$LOA" build "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" -o "$T/j2.mp3" --jobs 2 --date 2026-11-25 --quiet
cmp -s "$T/j1.mp3" "$T/j2.mp3" || fail "--jobs 1 and --jobs 2 differ"
cmp -s "$T/j1.mp3" "$T/mau.mp3" || fail "--jobs 1 and the default differ"

echo "== a long bulletin is cut into parts inside pauses: silence around every join" >&2
for i in 1 2 3; do cat "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt"; echo; done > "$T/long.txt"
seams=$("$LOA" build "$T/long.txt" -o "$T/long.mp3" --quiet --verbose 2>&1 | sed -n 's/.*joined at \(.*\) s$/\1/p')
[ -n "$seams" ] || fail "a 7-minute bulletin was not cut into parts"
ffmpeg -v error -y -i "$T/long.mp3" -f f32le -ac 1 "$T/long.f32"
/usr/bin/python3 - "$T/long.f32" $seams <<'PY' || fail "a join is not inside silence"
import math, struct, sys
raw = open(sys.argv[1], "rb").read()
pcm = struct.unpack("<%df" % (len(raw) // 4), raw)
for t in map(float, sys.argv[2:]):
    a, b = int((t - 0.3) * 44100), int((t + 0.3) * 44100)
    peak = max(abs(x) for x in pcm[a:b])
    db = 20 * math.log10(peak) if peak > 0 else -200
    print(f"  join at {t:.3f} s: peak {db:.1f} dBFS within 0.3 s", file=sys.stderr)
    if db > -60:
        sys.exit(1)
PY
on_target "$T/long.mp3"

if [ -d "$SHARED/corpus" ]; then
  echo "== the corpus reports" >&2
  for f in "$SHARED"/corpus/*.txt; do
    "$LOA" build "$f" -o "$T/corpus.mp3" --quiet
    decodes_clean "$T/corpus.mp3"
    on_target "$T/corpus.mp3"
  done
else
  note "SKIP corpus: $SHARED/corpus is absent"
fi

echo "== bad input" >&2
# expect STATUS WORD CMD...: exit status STATUS, one line on stderr containing WORD, no MP3 left.
expect() {
  local want=$1 word=$2; shift 2
  local st=0 msg
  msg=$("$@" 2>&1 >/dev/null) || st=$?
  [ "$st" = "$want" ] || fail "'$*' exited $st, not $want ($msg)"
  [ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || fail "'$*' printed more than one line: $msg"
  grep -qF -- "$word" <<<"$msg" || fail "'$*' message lacks '$word': $msg"
  note "exit $st: $msg"
}
no_output_in() {
  local left
  left=$(find "$1" -name 'out*' -o -name '.*.tmp' | head -1)
  [ -z "$left" ] || fail "a file was left behind: $left"
}
mkdir "$T/bad" "$T/o"
chmod 777 "$T" "$T/bad" "$T/o"
: > "$T/bad/empty.txt"
printf '   \n\n  \t\n' > "$T/bad/blank.txt"
head -c 3000 /dev/urandom > "$T/bad/noise.bin"; printf '\0\0\0' >> "$T/bad/noise.bin"
cp "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" "$T/bad/secret.txt"; chmod 000 "$T/bad/secret.txt"
good="$LOA_SOURCE_DIR/samples/ban-tin-mau.txt"
# nobody may not enter the clone (it can live in a private home, /root/loa): it runs a copy of
# loa and of the data it reads, from the test's own folder.
mkdir "$T/nobody"
cp "$LOA" "$T/nobody/loa"
data_copy "$T/nobody"
chmod -R a+rX "$T/nobody"
as_nobody() { runuser -u nobody -- env LOA_DATA_DIR="$T/nobody" "$T/nobody/loa" "$@"; }
expect 3 "$T/bad/missing.txt" "$LOA" build "$T/bad/missing.txt" -o "$T/o/out.mp3"
expect 3 "$T/bad/empty.txt" "$LOA" build "$T/bad/empty.txt" -o "$T/o/out.mp3"
expect 3 "$T/bad/blank.txt" "$LOA" build "$T/bad/blank.txt" -o "$T/o/out.mp3"
expect 3 "$T/bad/noise.bin" "$LOA" build "$T/bad/noise.bin" -o "$T/o/out.mp3"
expect 3 "$T/bad" "$LOA" build "$T/bad" -o "$T/o/out.mp3"
expect 3 "$T/bad/secret.txt" as_nobody build "$T/bad/secret.txt" -o "$T/o/out.mp3"
expect 4 "$T/nofolder/out.mp3" "$LOA" build "$good" -o "$T/nofolder/out.mp3"
mkdir "$T/ro"; chmod 755 "$T/ro"
expect 4 "$T/ro/out.mp3" as_nobody build "$good" -o "$T/ro/out.mp3"
expect 2 "robot" "$LOA" build "$good" -o "$T/o/out.mp3" --voice robot
expect 2 "--lufs" "$LOA" build "$good" -o "$T/o/out.mp3" --lufs loud
expect 2 "--lufs: '3' must be a number from -40 to -5" "$LOA" build "$good" -o "$T/o/out.mp3" --lufs 3
expect 2 "--rate" "$LOA" build "$good" -o "$T/o/out.mp3" --rate 10
expect 2 "--bitrate" "$LOA" build "$good" -o "$T/o/out.mp3" --bitrate 1000
expect 2 "12345" "$LOA" build "$good" -o "$T/o/out.mp3" --samplerate 12345
expect 2 "true-peak" "$LOA" build "$good" -o "$T/o/out.mp3" --true-peak 3
expect 2 "disco" "$LOA" build "$good" -o "$T/o/out.mp3" --preset disco
expect 2 "--jobs: '65' must be a whole number from 0 to 64" "$LOA" build "$good" -o "$T/o/out.mp3" --jobs 65
printf '[audio]\nlufs = -18\njobs = 65\n' > "$T/bad/loa.ini"
expect 2 "loa.ini:3: '65' must be a whole number from 0 to 64" "$LOA" build "$good" -o "$T/o/out.mp3" --config "$T/bad/loa.ini"
expect 2 "--help" "$LOA" build "$good" -o "$T/o/out.mp3" --frobnicate
expect 2 "-o" "$LOA" build "$good"
for cmd in preview programme schedule watch status; do   # every command: one line, exit 2
  expect 2 "--frobnicate" "$LOA" "$cmd" --frobnicate
done
cp "$good" "$T/bad/same.txt"
expect 2 "overwrite the input" "$LOA" build "$T/bad/same.txt" -o "$T/bad/same.txt"
cmp -s "$good" "$T/bad/same.txt" || fail "the input was changed"
no_output_in "$T/o"
no_output_in "$T/ro"

echo "== a full disk" >&2
mkdir "$T/full"
if mount -t tmpfs -o size=48k tmpfs "$T/full" 2>/dev/null; then
  at_exit 'umount "$T/full" 2>/dev/null'
  expect 4 "$T/full/out.mp3" "$LOA" build "$good" -o "$T/full/out.mp3"
  [ -z "$(ls -A "$T/full")" ] || fail "a full disk was left with: $(ls -A "$T/full")"
  umount "$T/full"
else
  note "SKIP full disk: cannot mount a tmpfs here"
fi

echo "== a killed build's spool folder is removed by the next build, a running one's kept" >&2
mkdir -p "$T/tmp/loa-build-999999-dead00" "$T/tmp/loa-build-$$-alive0"
head -c 100000 /dev/zero > "$T/tmp/loa-build-999999-dead00/p000.pcm"
TMPDIR="$T/tmp" "$LOA" build "$good" -o "$T/o/sweep.mp3" --quiet
[ ! -e "$T/tmp/loa-build-999999-dead00" ] || fail "the stale spool folder is still there"
[ -d "$T/tmp/loa-build-$$-alive0" ] || fail "a running process's folder was removed"
[ "$(ls "$T/tmp")" = "loa-build-$$-alive0" ] || fail "the build left its own folder: $(ls "$T/tmp")"

echo "== help and version" >&2
"$LOA" --version | grep -q '^loa [0-9]' || fail "--version"
# each help into a file first: grep -q stops at its match, and under pipefail the help
# written after it (SIGPIPE) would fail the pipeline
"$LOA" build --help >"$T/help.txt" && grep -q 'exit status' "$T/help.txt" || fail "build --help has no exit statuses"
"$LOA" --help >"$T/help.txt" && grep -q '4  output error' "$T/help.txt" || fail "--help has no exit statuses"
echo "PASS" >&2

#!/usr/bin/env bash
# programme.sh: `loa programme` end to end: the sample bulletins become a slot's programme that
# decodes, measures on target, has one chapter per item, an M3U8 of playable items and a manifest
# whose durations add up, items 0.8-1.2 s apart and a jingle as loud as the speech at its loudest;
# a rebuild comes from the cache; replays, trimming and empty days.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp programme

# A station in $T: the sample library copied (we edit it), the shipped slots with absolute sounds.
sample_library
library_station "[audio]
preset = loudspeaker"

# json FILE EXPR: evaluate a Python expression over the manifest M.
json() { python3 -c 'import json,sys; M=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

# check_programme MP3 [full]: manifest, M3U8 and chapters agree with the file; with "full"
# also: it decodes cleanly and measures on the loudness target.
check_programme() {
  local mp3=$1 js=${1%.mp3}.json m3u=${1%.mp3}.m3u8
  if [ "${2:-}" = full ]; then
    decodes_clean "$mp3"
    on_target "$mp3"
  fi
  [ -s "$js" ] && [ -s "$m3u" ] || fail "no manifest or M3U8 beside $mp3"
  local d n
  d=$(duration "$mp3")
  n=$(json "$js" 'len(M["items"])')
  note "$(basename "$mp3"): $d s, $n items"
  # the manifest's duration is the file's; the last item ends it (each join of segments adds
  # the encoder delay and padding, under 0.06 s); between items at most the gap is added
  json "$js" 'abs(M["duration"] - '"$d"') < 0.1' | grep -qx True ||
    fail "manifest duration $(json "$js" 'M["duration"]') vs file $d"
  json "$js" 'abs(M["items"][-1]["start"] + M["items"][-1]["duration"] - M["duration"]) < 0.06*(2*len(M["items"])-1)' |
    grep -qx True || fail "the last item does not end the programme"
  json "$js" 'all(b["start"] - a["start"] - a["duration"] <= M["gap"] + 0.06 for a, b in zip(M["items"], M["items"][1:]))' |
    grep -qx True || fail "more than the gap between items"
  json "$js" 'all(b["start"] >= a["start"] + a["duration"] - 0.001 for a, b in zip(M["items"], M["items"][1:]))' |
    grep -qx True || fail "item start offsets are not in order"
  # one ID3 chapter per item, same titles, same starts
  ffprobe -v error -show_chapters -of json "$mp3" > "$T/chapters.json"
  python3 - "$js" "$T/chapters.json" <<'PY' || fail "chapters do not match the manifest"
import json, sys
m = json.load(open(sys.argv[1]))["items"]
c = json.load(open(sys.argv[2]))["chapters"]
assert len(c) == len(m), (len(c), len(m))
for item, ch in zip(m, c):
    assert ch["tags"]["title"] == item["title"], (ch["tags"], item["title"])
    assert abs(float(ch["start_time"]) - item["start"]) < 0.1, (ch["start_time"], item["start"])
PY
  # the M3U8 lists the items as playable files of the right length
  head -1 "$m3u" | grep -qx '#EXTM3U' || fail "$m3u does not start with #EXTM3U"
  [ "$(grep -c '^#EXTINF:' "$m3u")" = "$n" ] || fail "$m3u has $(grep -c '^#EXTINF:' "$m3u") entries, not $n"
  local i=0 line
  while IFS= read -r line; do
    case "$line" in '#'*|'') continue ;; esac
    i=$((i + 1))
    [ -s "$(dirname "$m3u")/$line" ] || fail "$m3u names a missing file $line"
    local want got
    want=$(json "$js" "M['items'][$((i - 1))]['duration']")
    got=$(duration "$(dirname "$m3u")/$line")
    awk -v a="$want" -v b="$got" 'BEGIN{d=a-b; if (d<0) d=-d; exit !(d<0.1)}' ||
      fail "item $i lasts $got s, the manifest says $want"
  done < "$m3u"
}

echo "== sáng, 25/11/2026 (Wednesday): the sample bulletins in priority order" >&2
"$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-11-25 -o "$T/out/sang-25.mp3"
check_programme "$T/out/sang-25.mp3" full
M="$T/out/sang-25.json"
[ "$(json "$M" '" ".join(i["kind"] for i in M["items"])')" = "jingle opening bulletin bulletin bulletin closing jingle" ] ||
  fail "items: $(json "$M" '[i["kind"] for i in M["items"]]')"
[ "$(json "$M" '" | ".join(i["priority"] + " " + str(i["replay"]) for i in M["items"] if i["kind"] == "bulletin")')" = \
  "khẩn cấp 0 | ưu tiên 0 | thường 0" ] || fail "order: $(json "$M" '[(i["title"], i["priority"]) for i in M["items"]]')"
json "$M" 'M["items"][1]["text"]' | grep -q '^Đây là Đài truyền thanh xã Yên Hòa. Hôm nay, thứ Tư, ngày 25 tháng 11 năm 2026. ' ||
  fail "opening: $(json "$M" 'M["items"][1]["text"]')"
json "$M" 'M["items"][4]["source"]' | grep -q 'library/sang/ket-qua-thu-nop-quy.txt$' || fail "sources"
[ "$(json "$M" 'M["slot"]["air_at"]')" = "2026-11-25T05:30:00+07:00" ] || fail "air_at $(json "$M" 'M["slot"]')"
[ "$(json "$M" 'len(M["left_out"])')" = 0 ] || fail "left out: $(json "$M" 'M["left_out"]')"
[ "$(json "$M" 'sorted(set(i["cache"] for i in M["items"]))')" = "['built', 'hit']" ] ||   # the 2nd jingle is the 1st
  fail "first build: $(json "$M" '[i["cache"] for i in M["items"]]')"
# programme flow: the items are 0.8-1.2 s of silence apart in all (the gap of slots.ini, 1.0 s,
# counts the silence each item starts and ends with); the jingle's loudest 400 ms are at or
# over the speech's (EBU R128 momentary loudness, measured on the file)
python3 - "$T/out/sang-25.mp3" "$M" <<'PY' || fail "programme flow"
import json, re, subprocess, sys
mp3, items = sys.argv[1], json.load(open(sys.argv[2]))["items"]
log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", mp3, "-af",
                      "silencedetect=noise=-50dB:d=0.3,ebur128", "-f", "null", "-"],
                     capture_output=True, text=True).stderr
quiet = [(float(a), float(b)) for a, b in re.findall(r"silence_start: ([\d.]+).*?silence_end: ([\d.]+)", log, re.S)]
moment = [(float(t), float(m)) for t, m in re.findall(r"t:\s*([\d.]+)\s+TARGET.*?M:\s*(-?[\d.]+)", log)]
for a, b in zip(items, items[1:]):
    end, start = a["start"] + a["duration"], b["start"]
    gap = [q for q in quiet if q[0] < start + 0.2 and q[1] > end - 0.2]
    assert len(gap) == 1 and 0.8 <= gap[0][1] - gap[0][0] <= 1.2, (a["kind"], b["kind"], gap)
def loudest(it):
    return max(m for t, m in moment if it["start"] + 0.4 <= t <= it["start"] + it["duration"])
speech = max(loudest(i) for i in items if i["kind"] != "jingle")
assert all(loudest(i) >= speech - 0.1 for i in items if i["kind"] == "jingle"), speech
print("  gaps and jingle: ok", file=sys.stderr)
PY
tags=$(ffprobe -v error -show_entries format_tags=title,artist -of default=nw=1 "$T/out/sang-25.mp3")
grep -qx 'TAG:title=Chương trình phát thanh buổi sáng, thứ Tư 25/11/2026' <<<"$tags" || fail "tags: $tags"

echo "== the same programme again: everything from the cache, the same bytes" >&2
cp "$T/out/sang-25.mp3" "$T/first.mp3"
"$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-11-25 -o "$T/out/sang-25.mp3" --quiet
[ "$(json "$M" 'set(i["cache"] for i in M["items"])')" = "{'hit'}" ] ||
  fail "rebuild: $(json "$M" '[i["cache"] for i in M["items"]]')"
cmp -s "$T/first.mp3" "$T/out/sang-25.mp3" || fail "a rebuild from the cache gives a different file"

echo "== one bulletin edited: only it is built again" >&2
echo "Thôn nào nộp đủ sớm sẽ được biểu dương trên loa truyền thanh." >> "$T/library/sang/ket-qua-thu-nop-quy.txt"
"$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-11-25 -o "$T/out/sang-25.mp3" --quiet
[ "$(json "$M" '" ".join(i["cache"] for i in M["items"])')" = "hit hit hit hit built hit hit" ] ||
  fail "after an edit: $(json "$M" '[i["cache"] for i in M["items"]]')"

echo "== sáng, 26/11: every bulletin is a replay now (replays after first airings, by priority)" >&2
"$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-11-26 -o "$T/out/sang-26.mp3" --quiet
M26="$T/out/sang-26.json"
[ "$(json "$M26" '" | ".join(i["priority"] + " " + str(i["replay"]) for i in M["items"] if i["kind"] == "bulletin")')" = \
  "khẩn cấp 2 | ưu tiên 2 | thường 1" ] || fail "replays: $(json "$M26" '[(i["title"], i["replay"]) for i in M["items"]]')"
json "$M26" 'M["items"][1]["text"]' | grep -q 'Hôm nay, thứ Năm, ngày 26 tháng 11 năm 2026' || fail "opening of the 26th"

echo "== chiều, 25/11: the chieu folder's bulletin, not the sang folder's" >&2
"$LOA" programme --config "$T/loa.ini" --slot chieu --date 2026-11-25 -o "$T/out/chieu-25.mp3" --quiet
check_programme "$T/out/chieu-25.mp3"
titles=$(json "$T/out/chieu-25.json" '" | ".join(i["title"] for i in M["items"] if i["kind"] == "bulletin")')
[ "$titles" = "Lịch tiếp công dân tháng 12 năm 2026 | Thông báo khẩn về cơn bão số 9 | Thông báo lịch tiêm phòng cúm gia cầm đợt 2 năm 2026" ] ||
  fail "chieu: $titles"

echo "== over-long: trimmed by rule, and the manifest says what was left out" >&2
full=$(json "$M" 'M["duration"]')
# a limit 5 s short of the full programme: the thường bulletin goes
minutes=$(awk -v d="$full" 'BEGIN{printf "%.4f", (d - 5) / 60}')
sed "0,/max_minutes = 30/s//max_minutes = $minutes/" "$T/slots.ini" > "$T/slots-short.ini"
sed "s|$T/slots.ini|$T/slots-short.ini|" "$T/loa.ini" > "$T/loa-short.ini"
"$LOA" programme --config "$T/loa-short.ini" --slot sang --date 2026-11-25 -o "$T/out/short.mp3" --quiet
MS="$T/out/short.json"
[ "$(json "$MS" '[(i["priority"], i["kind"]) for i in M["left_out"]]')" = "[('thường', 'bulletin')]" ] ||
  fail "left out: $(json "$MS" 'M["left_out"]')"
json "$MS" 'M["left_out"][0]["reason"]' | grep -q 'over its' || fail "reason: $(json "$MS" 'M["left_out"][0]')"
check_programme "$T/out/short.mp3"
awk -v d="$(duration "$T/out/short.mp3")" -v m="$minutes" 'BEGIN{exit !(d <= m * 60 + 0.2)}' || fail "still too long"
# a limit below the announcements and the urgent notice: every other bulletin goes, khẩn cấp stays
sed "0,/max_minutes = 30/s//max_minutes = 0.5/" "$T/slots.ini" > "$T/slots-short.ini"
"$LOA" programme --config "$T/loa-short.ini" --slot sang --date 2026-11-25 -o "$T/out/short.mp3" --quiet
[ "$(json "$MS" '" ".join(i["priority"] for i in M["items"] if i["kind"] == "bulletin")')" = "khẩn cấp" ] ||
  fail "tiny limit: $(json "$MS" '[i["title"] for i in M["items"]]')"
[ "$(json "$MS" 'len(M["left_out"])')" = 2 ] || fail "tiny limit left out: $(json "$MS" 'M["left_out"]')"

echo "== a day with nothing due; --plan; bad input" >&2
"$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-12-25 -o "$T/out/empty.mp3" --quiet
[ "$(json "$T/out/empty.json" '" ".join(i["kind"] for i in M["items"])')" = "jingle opening closing jingle" ] ||
  fail "empty day: $(json "$T/out/empty.json" 'M["items"]')"
[ "$(json "$T/out/empty.json" 'M["bulletins_due"]')" = 0 ] || fail "bulletins_due"
plan=$("$LOA" programme --config "$T/loa.ini" --slot sang --date 2026-11-25 --plan)
grep -q '\[khẩn cấp\] Thông báo khẩn về cơn bão số 9' <<<"$plan" || fail "plan: $plan"
set +e
out=$("$LOA" programme --config "$T/loa.ini" --slot toi --date 2026-11-25 2>&1); rc=$?
set -e
[ $rc = 2 ] && grep -q "no slot 'toi'" <<<"$out" || fail "unknown slot: rc $rc, $out"
printf '[sang]\ntime = 5:30 sáng\n' > "$T/bad-slots.ini"
set +e
out=$("$LOA" programme --config "$T/loa.ini" --slots "$T/bad-slots.ini" --slot sang 2>&1); rc=$?
set -e
[ $rc = 3 ] && grep -q "bad-slots.ini:2: time '5:30 sáng'" <<<"$out" || fail "bad slots.ini: rc $rc, $out"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "more than one line: $out"
echo "programme: ok" >&2

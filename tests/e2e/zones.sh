#!/usr/bin/env bash
# zones.sh: two zones on real Icecast and Liquidsoap (schedules/loa.liq with LOA_ZONES). A bulletin
# for thôn 1 only is heard on thon-1's mount and not on thon-2's; an urgent notice for all is
# heard on both (its attention signal found in a recording of each mount). Liquidsoap's play
# events fill the air log: the bulletin aired in thon-1, interrupted by the notice, completed;
# `loa status` and `loa report` show it. Two loudspeakers listen (curl with their user agents);
# one drops, and `loa status` says it is disconnected.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
S="$LOA_SOURCE_DIR/samples"
for tool in icecast2 liquidsoap ffmpeg python3 curl sqlite3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (see .ci/packages.txt)"
done
new_tmp zones
chmod 755 "$T"
ICE_PORT=$(free_port)
LIQ_PORT=$(free_port)
PASS=$(python3 -c 'import secrets; print(secrets.token_hex(8))')

mkdir -p "$T/library/thu" "$T/root/state" "$T/root/inbox"
start_icecast "$ICE_PORT" "$PASS"

EVENTS="$T/root/state/air-events.tsv"
LOA_LIQ_PORT=$LIQ_PORT LOA_ICECAST_PORT=$ICE_PORT LOA_ICECAST_PASSWORD=$PASS \
  LOA_ZONES="thon-1=/thon-1.mp3 thon-2=/thon-2.mp3" LOA_AIR_EVENTS="$EVENTS" \
  LOA_LIQ_ALLOW_ROOT=1 liquidsoap "$LOA_SOURCE_DIR/schedules/loa.liq" > "$T/liquidsoap.log" 2>&1 &
stop_at_exit $!

cat > "$T/zones.ini" <<'EOF'
[thon-1]
label = thôn 1
mount = /thon-1.mp3
[thon-2]
label = thôn 2
mount = /thon-2.mp3
EOF
cat > "$T/speakers.ini" <<EOF
[icecast]
url = http://127.0.0.1:$ICE_PORT
user = admin
password = $PASS
[loa-dinh-thon-1]
label = Loa cổng đình thôn 1
zone = thon-1
agent = loa-dinh-thon-1
[loa-cho-thon-2]
label = Loa chợ thôn 2
zone = thon-2
agent = loa-cho-thon-2
EOF
cat > "$T/library/thu/hop-thon-1.txt" <<'EOF'
Tiêu đề: Họp dân thôn 1
Khu vực: thôn 1
---
Tối nay, lúc 19 giờ 30, thôn 1 họp dân tại nhà văn hóa thôn. Đề nghị mỗi hộ cử một người đến dự.
Nội dung cuộc họp là kế hoạch làm đường bê tông nội đồng và đóng góp của các hộ.
EOF
cat > "$T/khan.txt" <<'EOF'
Tiêu đề: Thông báo khẩn
Mức độ: khẩn cấp
---
Thông báo khẩn. Nước sông đang lên nhanh.
EOF
write_slots() {
  cat > "$T/slots.ini" <<EOF
[thu]
time = $1
label = buổi thử
opening = Đây là {station}.
closing = Hết.
gap = 0.3
window_minutes = 5
folder = thu

[urgent]
folder = khan
jingle = $S/bao-dong.flac
gap = 0.3
EOF
}
library_station "[publish]
liquidsoap = 127.0.0.1:$LIQ_PORT
lead_minutes = 10
zones = $T/zones.ini
speakers = $T/speakers.ini"

echo "== the cache warmed with both zones' programmes while Liquidsoap starts" >&2
day=$(station_time "$(( $(date +%s) + 60 ))" %Y-%m-%d)
write_slots "$(station_time "$(( $(date +%s) + 120 ))" %H:%M:%S)"
"$LOA" programme --config "$T/loa.ini" --slot thu --date "$day" -o "$T/warm.mp3" --quiet
for z in thon-1 thon-2; do
  wait_until 90 "the $z mount" eval "curl -sf http://127.0.0.1:$ICE_PORT/status-json.xsl | grep -q '/$z.mp3'"
done

echo "== the loudspeakers, and a recording of each mount" >&2
for z in 1 2; do
  ffmpeg -nostdin -loglevel error -f mp3 -use_wallclock_as_timestamps 1 -i "http://127.0.0.1:$ICE_PORT/thon-$z.mp3" \
    -c copy -flush_packets 1 -f matroska "$T/rec$z.mkv" 2> "$T/ffmpeg$z.log" &
  eval "REC$z=\$!"
  stop_at_exit $!
done
curl -s -A loa-dinh-thon-1 -o /dev/null "http://127.0.0.1:$ICE_PORT/thon-1.mp3" &
SPK1=$!
stop_at_exit $SPK1
curl -s -A loa-cho-thon-2 -o /dev/null "http://127.0.0.1:$ICE_PORT/thon-2.mp3" &
SPK2=$!
stop_at_exit $SPK2
wait_for_file 20 "$T/rec1.mkv"
wait_for_file 20 "$T/rec2.mkv"

SLOT=$(( $(date +%s) + 8 ))
write_slots "$(station_time "$SLOT" %H:%M:%S)"
"$LOA" schedule --config "$T/loa.ini" > "$T/schedule.log" 2>&1 &
SCHED=$!
stop_at_exit $SCHED
wait_until 40 "thon-1's programme handed over" grep -q "thu thon-1: handed to Liquidsoap" "$T/schedule.log"
grep -q "thu thon-2: no bulletin due" "$T/schedule.log" || fail "thon-2: $(cat "$T/schedule.log")"
sleep_until() { python3 -c 'import sys, time; time.sleep(max(0.0, float(sys.argv[1]) - time.time()))' "$1"; }
URGENT_AT=$(( SLOT + 4 ))
sleep_until "$URGENT_AT"
touch "$T/khan.txt"   # dropped now
U0=$(date +%s.%N)
"$LOA" schedule --config "$T/loa.ini" --urgent "$T/khan.txt" 2>&1 | sed 's/^/  /' >&2
wait_until 20 "the notice on both outputs" eval "[ \$(grep -c 'khan/' '$EVENTS') -ge 2 ]"

echo "== one loudspeaker drops" >&2
kill $SPK2
wait_until 30 "the programme and the notice leaving the air" eval \
  "[ \$('$LOA' status --config '$T/loa.ini' | grep -c ' aired ') -ge 3 ]"
"$LOA" status --config "$T/loa.ini" > "$T/status.txt"
sed 's/^/  status: /' "$T/status.txt" >&2
grep -q 'loa-dinh-thon-1 .* connected' "$T/status.txt" || fail "speaker 1 not connected"
grep -q 'loa-cho-thon-2 .* DISCONNECTED since' "$T/status.txt" || fail "speaker 2 not reported disconnected"
kill -INT $REC1 $REC2
sleep 1
kill -TERM $SCHED 2>/dev/null || true

echo "== the air log: what Liquidsoap played, item by item" >&2
DB="$T/root/state/airlog.sqlite"
sqlite3 -cmd ".timeout 5000" -separator ' | ' "$DB" "SELECT zone, kind, item, item_kind, item_title, interrupted, completed,
  printf('%.2f', end - start) FROM aired ORDER BY zone, start" | sed 's/^/  /' >&2
[ "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT COUNT(*) FROM aired WHERE item_kind = 'bulletin' AND item_title = 'Họp dân thôn 1' AND zone = 'thon-1' AND completed = 1")" = 1 ] ||
  fail "the bulletin is not in the air log as aired and completed in thon-1"
[ "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT COUNT(*) FROM aired WHERE item_title = 'Họp dân thôn 1' AND zone = 'thon-2'")" = 0 ] ||
  fail "the bulletin is in the air log for thon-2"
[ "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT COUNT(*) FROM aired WHERE kind = 'programme' AND zone = 'thon-1' AND interrupted = 1")" = 1 ] ||
  fail "the item the notice interrupted is not marked"
[ "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT COUNT(DISTINCT zone) FROM aired WHERE kind = 'urgent' AND item_kind = 'bulletin' AND completed = 1")" = 2 ] ||
  fail "the notice is not in the air log for both zones"

echo "== what the recordings show" >&2
for z in 1 2; do
  START=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$T/rec$z.mkv")
  ffmpeg -nostdin -loglevel error -i "$T/rec$z.mkv" -ac 1 -af 'aresample=8000,asetpts=N/SR/TB' -f s16le "$T/rec$z.raw"
  python3 - "$T/rec$z.raw" "$START" "$SLOT" "$U0" "$z" <<'PY' || fail "the recording of thon-$z does not show it"
import math, struct, sys
raw, start, slot, urgent, zone = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
RATE, HOP = 8000, 400
data = open(raw, "rb").read()
x = struct.unpack("<%dh" % (len(data) // 2), data)
frames = [x[i:i + HOP] for i in range(0, len(x) - HOP + 1, HOP)]
def db(f):
    e = sum(v * v for v in f) / len(f)
    return 10 * math.log10(e / 32768.0 ** 2) if e > 0 else -120.0
def goertzel(f, hz):
    w = 2 * math.cos(2 * math.pi * hz / RATE)
    s1 = s2 = 0.0
    for v in f:
        s1, s2 = v + w * s1 - s2, s1
    return (s1 * s1 + s2 * s2 - w * s1 * s2) * 2 / len(f)
def tone_ratio(f):
    tot = sum(v * v for v in f)
    return (goertzel(f, 1100) + goertzel(f, 1400)) / tot if tot > 0 else 0.0
wall = lambda i: start + i * HOP / RATE
level = [db(f) for f in frames]
between = [level[i] for i in range(len(frames)) if slot + 0.5 <= wall(i) < urgent]
assert len(between) >= 40, "too little recorded between the slot and the notice"
loud = sum(l > -45 for l in between)
print("  thon-%s: %d of %d frames with sound between the slot and the notice" % (zone, loud, len(between)))
if zone == "1":
    assert loud >= len(between) // 2, "thon-1's programme is not heard on its mount"
else:
    assert max(between) < -60, "sound on thon-2's mount before the notice: %.1f dBFS" % max(between)
first = next(i for i in range(len(frames)) if wall(i) >= urgent)
tone = next((i for i in range(first, len(frames) - 6)
             if all(tone_ratio(frames[k]) > 0.6 for k in range(i, i + 6))), None)
assert tone is not None, "no attention signal on thon-%s after the notice" % zone
print("  thon-%s: attention signal at +%.2f s after the notice was sent" % (zone, wall(tone) - urgent))
PY
done

echo "== loa report: the month, in csv, html and ods" >&2
month=$(station_time "$SLOT" %Y-%m)
"$LOA" report --config "$T/loa.ini" --month "$month" > "$T/report.csv"
sed 's/^/  report: /' "$T/report.csv" >&2
grep -q '^Ngày,Buổi,Khu vực,Giờ theo lịch,Bắt đầu phát,Kết thúc,Số phút,Số mục,Số mục bị ngắt bởi tin khẩn,Phát trọn vẹn' "$T/report.csv" ||
  fail "no per-slot table"
grep -q "^$day,buổi thử,thôn 1,.*,1,có" "$T/report.csv" || fail "thon-1's programme is not in the report"
grep -q '^Họp dân thôn 1,thường,thôn 1,1,' "$T/report.csv" || fail "the bulletin is not in the report"
grep -q '^Thông báo khẩn,thôn 1,' "$T/report.csv" && grep -q '^Thông báo khẩn,thôn 2,' "$T/report.csv" ||
  fail "the notice is not in the report for both zones"
"$LOA" report --config "$T/loa.ini" --month "$month" --format html -o "$T/report.html"
grep -q '@page { size: A4' "$T/report.html" && grep -q '<td>Họp dân thôn 1</td>' "$T/report.html" || fail "html report"
"$LOA" report --config "$T/loa.ini" --month "$month" --format ods -o "$T/report.ods"
[ "$(unzip -p "$T/report.ods" mimetype)" = application/vnd.oasis.opendocument.spreadsheet ] || fail "ods mimetype"
unzip -p "$T/report.ods" content.xml | python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin)' ||
  fail "ods content.xml is not XML"
unzip -p "$T/report.ods" content.xml | grep -q '<text:p>Họp dân thôn 1</text:p>' || fail "ods content"
echo "zones: ok" >&2

#!/usr/bin/env bash
# playout.sh: the whole chain on air. Starts its own Icecast and Liquidsoap (schedules/loa.liq) on
# free localhost ports, records the Icecast mount with ffmpeg, runs `loa schedule` with a slot a
# few seconds ahead, and shows from the recording that the programme went on air at the slot time
# (silence, then sound); then drops an urgent notice and shows from the recording that its
# attention signal interrupted the programme within 10 s. Every process it starts is stopped on exit.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
S="$LOA_SOURCE_DIR/samples"
for tool in icecast2 liquidsoap ffmpeg ffprobe python3 curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (see .ci/packages.txt)"
done

new_tmp playout
chmod 755 "$T"
now() { date +%s.%N; }

ICE_PORT=$(free_port)
LIQ_PORT=$(free_port)
PASS=$(python3 -c 'import secrets; print(secrets.token_hex(8))')

echo "== Icecast on 127.0.0.1:$ICE_PORT" >&2
start_icecast "$ICE_PORT" "$PASS"

echo "== Liquidsoap (schedules/loa.liq), server on 127.0.0.1:$LIQ_PORT" >&2
LOA_LIQ_PORT=$LIQ_PORT LOA_ICECAST_PORT=$ICE_PORT LOA_ICECAST_PASSWORD=$PASS LOA_ICECAST_MOUNT=/loa.mp3 \
  LOA_AIR_EVENTS="$T/root/state/air-events.tsv" LOA_LIQ_ALLOW_ROOT=1 liquidsoap "$LOA_SOURCE_DIR/schedules/loa.liq" > "$T/liquidsoap.log" 2>&1 &
stop_at_exit $!
mount_live() { curl -sf "http://127.0.0.1:$ICE_PORT/status-json.xsl" | grep -q '"listenurl":"http://127.0.0.1:'"$ICE_PORT"'/loa.mp3"'; }

# The station: a short bulletin for a test slot, the shipped sounds, Liquidsoap as target.
mkdir -p "$T/library/thu" "$T/root"
cat > "$T/library/thu/tin-ngan.txt" <<'EOF'
Tiêu đề: Tin ngắn buổi thử
---
Sáng nay, Hội Nông dân xã tổ chức tập huấn kỹ thuật trồng rau an toàn cho 45 hội viên.
Lớp học kéo dài 2 ngày, tại hội trường Ủy ban nhân dân xã.
Bà con quan tâm xin đăng ký với chi hội trưởng các thôn.
EOF
cat > "$T/khan.txt" <<'EOF'
Tiêu đề: Thông báo khẩn
Mức độ: khẩn cấp
Phát lại: 2
---
Thông báo khẩn. Nước sông đang lên nhanh. Đề nghị bà con vùng bãi di chuyển ngay tài sản lên chỗ cao.
EOF
write_slots() {   # write_slots HH:MM:SS
  cat > "$T/slots.ini" <<EOF
[thu]
time = $1
label = buổi thử
opening = Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}.
closing = Chương trình {slot} đến đây là hết.
jingle = $S/nhac-hieu.flac
end_jingle = $S/nhac-hieu.flac
gap = 0.5
window_minutes = 5
folder = thu

[urgent]
folder = khan
jingle = $S/bao-dong.flac
gap = 0.5
EOF
}
library_station "[publish]
folder = $T/root/playout
liquidsoap = 127.0.0.1:$LIQ_PORT
lead_minutes = 10"

echo "== while Liquidsoap starts: the cache warmed with today's programme (the slot time must not depend on synthesis speed)" >&2
day=$(station_time "$(( $(date +%s) + 60 ))" %Y-%m-%d)
write_slots "$(station_time "$(( $(date +%s) + 120 ))" %H:%M:%S)"
"$LOA" programme --config "$T/loa.ini" --slot thu --date "$day" -o "$T/warm.mp3" --quiet
PROG_SECONDS=$(duration "$T/warm.mp3")
note "programme length $PROG_SECONDS s"
wait_until 90 "the Liquidsoap stream on the Icecast mount" mount_live

echo "== recording http://127.0.0.1:$ICE_PORT/loa.mp3 (packets stamped with the wall clock)" >&2
ffmpeg -nostdin -loglevel error -f mp3 -use_wallclock_as_timestamps 1 -i "http://127.0.0.1:$ICE_PORT/loa.mp3" \
  -c copy -flush_packets 1 -f matroska "$T/rec.mkv" 2> "$T/ffmpeg.log" &
REC=$!
stop_at_exit $REC
wait_for_file 20 "$T/rec.mkv"

SLOT=$(( $(date +%s) + 10 ))
write_slots "$(station_time "$SLOT" %H:%M:%S)"
note "slot 'thu' at $(station_time "$SLOT" '%Y-%m-%d %H:%M:%S') station time (unix $SLOT)"
echo "== loa schedule" >&2
"$LOA" schedule --config "$T/loa.ini" > "$T/schedule.log" 2>&1 &
SCHED=$!
stop_at_exit $SCHED
wait_until 40 "the programme handed over (schedule.log)" grep -q "thu: handed to Liquidsoap" "$T/schedule.log"
sed 's/^/  schedule: /' "$T/schedule.log" >&2
[ "$(wc -l < "$T/root/state/schedule.tsv")" -ge 2 ] || fail "no state recorded"
ls "$T/root/playout/"*-thu.mp3 >/dev/null || fail "the programme was not published to the playout folder"

# The urgent notice goes in while the programme plays, 8 s in (the opening is being read).
sleep_until() { python3 -c 'import sys, time; time.sleep(max(0.0, float(sys.argv[1]) - time.time()))' "$1"; }
URGENT_AT=$(( SLOT + 8 ))
sleep_until "$URGENT_AT"
echo "== urgent notice" >&2
U0=$(now)
"$LOA" schedule --config "$T/loa.ini" --urgent "$T/khan.txt" 2>&1 | sed 's/^/  /' >&2
U1=$(now)
# "Phát lại: 2": one request playing (prepared at once), the repeat waiting in the queue
liq() { exec 3<>"/dev/tcp/127.0.0.1/$LIQ_PORT"; printf '%s\nquit\n' "$1" >&3; cat <&3; exec 3>&-; }
# (asked only once Liquidsoap has taken the first one: a request being prepared is still listed)
wait_until 10 "the notice being prepared" grep -q 'urgent:.*Prepared ".*/khan/khan-' "$T/liquidsoap.log"
sleep 0.5
waiting=$(liq urgent.queue | grep -v -e '^END' -e '^Bye' | wc -w)
playing=$(grep -c 'urgent:.*Prepared ".*/khan/khan-' "$T/liquidsoap.log")
note "urgent queue: $playing playing, $waiting waiting"
[ $((playing + waiting)) = 2 ] || fail "the notice was queued $((playing + waiting)) times, not 2 (Phát lại: 2)"
note "loa schedule --urgent took $(awk -v a="$U0" -v b="$U1" 'BEGIN{printf "%.2f", b - a}') s (build + push)"
# record the attention signal (3.2 s) and the start of the notice after it
wait_until 15 "Liquidsoap switching to the urgent queue" grep -q 'Switch to urgent' "$T/liquidsoap.log"
sleep 9
kill -INT "$REC"
for _ in $(seq 50); do kill -0 "$REC" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$SCHED" 2>/dev/null || true

echo "== what the recording shows" >&2
START=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$T/rec.mkv")
# samples counted from the first packet (the packets' wall-clock stamps jitter by a few ms)
ffmpeg -nostdin -loglevel error -i "$T/rec.mkv" -ac 1 -af 'aresample=8000,asetpts=N/SR/TB' -f s16le "$T/rec.raw"
python3 - "$T/rec.raw" "$START" "$SLOT" "$U0" <<'PY' || fail "the recording does not show it"
import math, struct, sys
raw, start, slot, urgent = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
RATE, HOP = 8000, 400                                # 50 ms frames
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
    return (s1 * s1 + s2 * s2 - w * s1 * s2) * 2 / len(f)      # power, same scale as sum(v^2)
def tone_ratio(f):
    tot = sum(v * v for v in f)
    return (goertzel(f, 1100) + goertzel(f, 1400)) / tot if tot > 0 else 0.0
wall = lambda i: start + i * HOP / RATE
level = [db(f) for f in frames]
print("  recording from %.2f s before the slot, %.1f s long" % (slot - start, len(frames) * HOP / RATE))
# 1. before the slot the stream is silence
before = [l for i, l in enumerate(level) if wall(i) < slot - 0.5]
assert len(before) >= 20, "the recording began too late to show the silence before the slot"
assert max(before) < -60, "sound before the slot: %.1f dBFS" % max(before)
# 2. sound starts at the slot time (first 300 ms above -45 dBFS)
onset = next(i for i in range(len(level) - 6) if all(l > -45 for l in level[i:i + 6]))
late = wall(onset) - slot
print("  programme onset at %+.2f s from the slot time (scheduler + Liquidsoap + Icecast latency)" % late)
assert -0.5 <= late <= 4.0, "the programme started %.2f s from its slot time" % late
# 3. the attention signal (1100/1400 Hz) appears after the notice was dropped, within 10 s,
#    while the programme was playing
first = next(i for i in range(len(frames)) if wall(i) >= urgent)
tone = next((i for i in range(first, len(frames) - 6)
             if all(tone_ratio(frames[k]) > 0.6 for k in range(i, i + 6))), None)
assert tone is not None, "no attention signal after the urgent notice was dropped"
delay = wall(tone) - urgent
print("  attention signal at +%.2f s after the notice was dropped" % delay)
assert delay <= 10.0, "the urgent notice came %.2f s after it was dropped" % delay
playing = [level[k] for k in range(first - 40, first)]
assert sum(l > -45 for l in playing) >= 16, "the programme was not playing when the notice came"
assert all(tone_ratio(frames[k]) < 0.6 for k in range(onset, first)), "a tone in the programme itself"
# 4. the notice is spoken after its signal, then the programme goes on
after = level[tone + 64:tone + 64 + 60]
assert sum(l > -45 for l in after) >= 20, "no speech after the attention signal"
PY
echo "playout: ok" >&2

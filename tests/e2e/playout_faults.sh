#!/usr/bin/env bash
# playout_faults.sh: on air exactly once, and never hung, whatever Liquidsoap does. A fake
# Liquidsoap (tests/tools/fake_liquidsoap.py) answers late, never, one byte a second, with
# garbage or a flood, or drops the connection after taking the push; the state or the air log
# cannot be written; the playout folder is broken; the clock jumps forward and back. Each case
# counts the pushes the fake received and reads loa's exit status and message.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
FAKE="$LOA_SOURCE_DIR/tests/tools/fake_liquidsoap.py"
new_tmp faults

# A station whose slot 'thu' (06:00, window 30 min) airs its announcements even with no
# bulletin: a short programme, built once into the shared cache.
mkdir -p "$T/library" "$T/root"
cat > "$T/slots.ini" <<'EOF'
[thu]
time = 06:00
label = buổi thử
opening = Xin chào.
closing = Hết.
gap = 0.2
window_minutes = 30
when_empty = air
EOF
printf 'Tiêu đề: Tin khẩn\nMức độ: khẩn cấp\nPhát lại: 2\n---\nNước sông lên nhanh.\n' > "$T/khan.txt"

FAKE_PID=
# fake MODE [--ok-pushes N]: a fresh fake Liquidsoap on $PORT, its pushes counted in $T/pushes
fake() {
  if [ -n "$FAKE_PID" ]; then stop_process "$FAKE_PID" || true; fi
  PORT=$(free_port)
  : > "$T/pushes"
  python3 "$FAKE" "$PORT" "$1" "$T/pushes" "${@:2}" > "$T/fake-$PORT.out" 2>&1 &
  FAKE_PID=$!
  stop_at_exit $FAKE_PID
  wait_until 10 "the fake Liquidsoap listening" grep -q listening "$T/fake-$PORT.out"
}
pushes() { wc -l < "$T/pushes"; }
# station NAME [LINES]: $T/NAME.ini, its own state folder, the shared out/ and cache/
station() {
  station_ini "$T/$1.ini" "[paths]
root = $T/root
state = $T/state-$1
done = $T/library
[slots]
file = $T/slots.ini
[publish]
liquidsoap = 127.0.0.1:$PORT
${2:-}"
}
# run NAME ARGS...: loa with NAME's config, bounded by 30 s; sets RC and OUT
run() {
  local name=$1
  shift
  set +e
  OUT=$(timeout 30 "$LOA" "$@" --config "$T/$name.ini" 2>&1)
  RC=$?
  set -e
  [ $RC != 124 ] || fail "loa $* hung (killed after 30 s): $OUT"
}
once() { run "$1" schedule --once --now "$2"; }

echo "== ok: one push, tagged with its request id; a second pass pushes nothing" >&2
fake ok
station ok
once ok 2026-11-25T06:00:00
[ $RC = 0 ] || fail "rc $RC: $OUT"
grep -q '^push programme annotate:loa_id="2026-11-25/thu":/.*/2026-11-25-thu.mp3$' "$T/pushes" ||
  fail "not one tagged push: $(cat "$T/pushes")"
once ok 2026-11-25T06:00:30
[ "$(pushes)" = 1 ] || fail "pushed $(pushes) times"

echo "== clock jump: +40 days (the state is pruned) and back: not pushed again" >&2
once ok 2027-01-04T06:00:00
once ok 2026-11-25T06:01:00
[ "$(pushes)" = 2 ] || fail "$(pushes) pushes: the jump back re-aired the slot ($OUT)"
[ "$(grep -c '"2026-11-25/thu"' "$T/pushes")" = 1 ] || fail "$(cat "$T/pushes")"

echo "== late (answers after 7 s): three passes, one push; each pass ends by its deadline" >&2
fake late
station late
for s in 00 05 10; do
  once late "2026-11-25T06:00:$s"
  [ $RC = 5 ] || fail "late: rc $RC: $OUT"
done
[ "$(pushes)" = 1 ] || fail "late: pushed $(pushes) times: $(cat "$T/pushes")"
grep -q 'did not answer within 5 s' <<<"$OUT" || fail "late: $OUT"
grep -q 'nothing is pushed again' <<<"$OUT" || fail "late, third pass: $OUT"

echo "== drop-after-push: the answer is lost; the next pass finds the request and does not push" >&2
fake drop-after-push
station drop
once drop 2026-11-25T06:00:00
[ $RC = 5 ] && grep -q 'closed the connection before answering' <<<"$OUT" || fail "drop: rc $RC: $OUT"
once drop 2026-11-25T06:00:05
[ $RC = 0 ] && grep -q 'already with Liquidsoap (not pushed again)' <<<"$OUT" || fail "drop, again: rc $RC: $OUT"
[ "$(pushes)" = 1 ] || fail "drop: pushed $(pushes) times"
sqlite3 "$T/state-drop/airlog.sqlite" "SELECT state FROM handover WHERE id = '2026-11-25/thu' ORDER BY seq" |
  tr '\n' ' ' | grep -qx 'intent unknown queued ' || fail "air log: $(sqlite3 "$T/state-drop/airlog.sqlite" 'SELECT * FROM handover')"

echo "== the state cannot be written (schedule.tsv is a folder): nothing pushed, exit 4, every time" >&2
fake ok
station ro
mkdir -p "$T/state-ro/schedule.tsv"
for s in 00 05; do
  once ro "2026-11-25T06:00:$s"
  [ $RC = 4 ] && grep -q 'nothing was handed over' <<<"$OUT" || fail "state: rc $RC: $OUT"
done
[ "$(pushes)" = 0 ] || fail "pushed $(pushes) times with no state"
echo "== the air log cannot be written: nothing pushed, exit 4" >&2
station ro2
mkdir -p "$T/state-ro2/airlog.sqlite"
once ro2 2026-11-25T06:00:00
[ $RC = 4 ] && grep -q 'air log' <<<"$OUT" || fail "air log: rc $RC: $OUT"
run ro2 schedule --urgent "$T/khan.txt"
[ $RC = 4 ] && grep -q 'nothing handed over' <<<"$OUT" || fail "urgent, air log: rc $RC: $OUT"
[ "$(pushes)" = 0 ] || fail "pushed $(pushes) times with no air log"

echo "== a broken playout folder: Liquidsoap still gets the slot; exit 4 says the folder" >&2
: > "$T/not-a-folder"
station folder "folder = $T/not-a-folder/playout"
once folder 2026-11-25T06:00:00
[ $RC = 4 ] && grep -q 'cannot publish to the playout folder' <<<"$OUT" || fail "folder: rc $RC: $OUT"
[ "$(pushes)" = 1 ] || fail "folder: pushed $(pushes) times"
run folder schedule --urgent "$T/khan.txt"
[ $RC = 4 ] && grep -q 'handed to Liquidsoap, but not to the playout folder' <<<"$OUT" &&
  grep -q 'do not send it again' <<<"$OUT" || fail "urgent, folder: rc $RC: $OUT"
[ "$(pushes)" = 3 ] || fail "urgent, folder: $(pushes) pushes"

echo "== Phát lại 2, the second refused: the message says 1 of 2" >&2
fake garbage --ok-pushes 1
station garbage
run garbage schedule --urgent "$T/khan.txt"
[ $RC = 5 ] && grep -q '1 of 2 pushes handed to Liquidsoap (the rest were not)' <<<"$OUT" || fail "garbage: rc $RC: $OUT"
grep -q 'refused .urgent.push.: \\x1b\[2J\\x00ok\\x07' <<<"$OUT" || fail "the reply is not escaped: $OUT"
! grep -q $'\x1b' <<<"$OUT" || fail "a raw escape code reached the terminal"

echo "== drip, silent, flood, close: each exchange ends by its deadline, exit 5" >&2
for m in drip flood close; do
  fake $m
  station $m
  run $m schedule --urgent "$T/khan.txt"
  [ $RC = 5 ] || fail "$m: rc $RC: $OUT"
  note "$m: $(tail -n 2 <<<"$OUT" | head -n 1)"
done
grep -q 'closed the connection' <<<"$OUT" || fail "close: $OUT"
fake silent
station silent
echo "== silent: SIGTERM stops the scheduler at once, in the middle of an exchange" >&2
"$LOA" schedule --config "$T/silent.ini" --now 2026-11-25T06:00:00 > "$T/silent.log" 2>&1 &
S=$!
stop_at_exit $S
wait_until 20 "the push reaching the fake" test -s "$T/pushes"
kill -TERM $S
wait_until 10 "the scheduler to stop" eval '! kill -0 $S 2>/dev/null'
wait $S || true
# the exchange ended because of the signal, not because its deadline passed
grep -q 'interrupted by a signal' "$T/silent.log" && grep -q 'stopped' "$T/silent.log" ||
  fail "silent: $(cat "$T/silent.log")"
echo "playout_faults: ok" >&2

#!/usr/bin/env bash
# schedule.sh: `loa schedule` with its clock set by --now: builds in the lead time, rebuilds when a
# bulletin arrives before air, airs once and never twice, airs a missed slot while its window is
# open and not after, keeps one scheduler per state folder, and `--urgent` without a playout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp schedule
sample_library
library_station "[publish]
lead_minutes = 10"
P="$T/root/playout"
state() { cat "$T/root/state/schedule.tsv" 2>/dev/null | grep -v '^#' || true; }
# at TIME: one pass of the scheduler with the station clock at TIME; its log in $LOG
at() { LOG=$("$LOA" schedule --config "$T/loa.ini" --once --now "$1" 2>&1) || fail "schedule at $1: $LOG"; }

echo "== before the lead time: nothing" >&2
at 2026-11-25T05:19:59
[ -z "$(state)" ] && [ ! -e "$P/2026-11-25-sang.mp3" ] || fail "built too early: $LOG"

echo "== lead time: built and published to the playout folder, with its manifest" >&2
at 2026-11-25T05:20:00
grep -q '2026-11-25 sang: built .*programmes/2026-11-25-sang.mp3 (.*, 7 items, 0 left out' <<<"$LOG" || fail "$LOG"
[ -s "$P/2026-11-25-sang.mp3" ] && [ -s "$P/2026-11-25-sang.json" ] || fail "nothing in the playout folder"
decodes_clean "$P/2026-11-25-sang.mp3"
key1=$(state | awk -F'\t' '$2 == "sang" {print $3}')
[ ${#key1} = 64 ] || fail "state: $(state)"
grep -q "\"key\":\"$key1\"" "$P/2026-11-25-sang.json" || fail "the manifest does not carry the state's key"
cp "$P/2026-11-25-sang.mp3" "$T/first.mp3"

echo "== nothing changed: nothing published again" >&2
at 2026-11-25T05:25:00
[ -z "$LOG" ] || fail "a pass with nothing to do said: $LOG"
cmp -s "$T/first.mp3" "$P/2026-11-25-sang.mp3" || fail "republished"

echo "== a bulletin dropped before air: the programme is built again, from the cache but for it" >&2
cat > "$T/library/sang/hop-dan.txt" <<'EOF'
Tiêu đề: Thông báo họp dân thôn Đông
Từ ngày: 25/11/2026
Mức độ: ưu tiên
---
Tối nay, lúc 19h30, thôn Đông tổ chức họp dân tại nhà văn hóa thôn. Đề nghị mỗi hộ cử một người đến dự.
EOF
at 2026-11-25T05:27:00
grep -q 'built .*(.*, 8 items, 0 left out, 7 from the cache)' <<<"$LOG" || fail "rebuild: $LOG"
key2=$(state | awk -F'\t' '$2 == "sang" {print $3}')
[ "$key2" != "$key1" ] || fail "the key did not change"
grep -q 'Thông báo họp dân thôn Đông' "$P/2026-11-25-sang.json" || fail "the new bulletin is not in the published manifest"

echo "== air time: aired once (playout folder only), never again" >&2
at 2026-11-25T05:30:00
grep -q '2026-11-25 sang: air time' <<<"$LOG" || fail "air: $LOG"
aired=$(state | awk -F'\t' '$2 == "sang" {print $5}')
[ "$aired" != 0 ] || fail "not recorded as aired: $(state)"
echo "Thêm một dòng." >> "$T/library/sang/hop-dan.txt"
at 2026-11-25T05:31:00
[ -z "$LOG" ] || fail "after air: $LOG"
[ "$(state | awk -F'\t' '$2 == "sang" {print $3}')" = "$key2" ] || fail "the aired programme was replaced"

echo "== a missed slot: down over 17:30, back at 17:45, in the window: built and aired at once" >&2
at 2026-11-25T17:45:00
grep -q '2026-11-25 chieu: built' <<<"$LOG" && grep -q '2026-11-25 chieu: air time' <<<"$LOG" || fail "missed: $LOG"
echo "== down over the next morning's window: nothing aired after it closed, said once as missed" >&2
at 2026-11-26T06:00:00
[ "$LOG" = "$(printf '%s' "$LOG" | grep '2026-11-26 sang: missed (loa was not running while its window was open)')" ] ||
  fail "after the window: $LOG"
at 2026-11-26T06:01:00
[ -z "$LOG" ] || fail "missed said twice: $LOG"
[ -z "$(state | awk -F'\t' '$1 == "2026-11-26"')" ] || fail "state: $(state)"

echo "== Liquidsoap configured but not answering: the programme waits, nothing is marked aired" >&2
port=$(free_port)
sed -i "s|^lead_minutes = 10|lead_minutes = 10\nliquidsoap = 127.0.0.1:$port|" "$T/loa.ini"
set +e
LOG=$("$LOA" schedule --config "$T/loa.ini" --once --now 2026-11-26T17:30:05 2>&1); rc=$?
set -e
[ $rc = 5 ] || fail "--once with the hand-off failed exits $rc, not 5: $LOG"
grep -q "chieu: cannot hand the programme to Liquidsoap (retrying): Liquidsoap 127.0.0.1:$port does not answer" <<<"$LOG" ||
  fail "no Liquidsoap: $LOG"
[ "$(state | awk -F'\t' '$1 == "2026-11-26" && $2 == "chieu" {print $5}')" = 0 ] || fail "marked aired: $(state)"

echo "== one scheduler per state folder" >&2
"$LOA" schedule --config "$T/loa.ini" --now 2026-11-27T12:00:00 2> "$T/daemon.log" &
daemon=$!
stop_at_exit $daemon
poll 10 grep -q 'next slot: 2026-11-27 chieu' "$T/daemon.log" || fail "the daemon did not start: $(cat "$T/daemon.log")"
set +e
out=$("$LOA" schedule --config "$T/loa.ini" --once 2>&1); rc=$?
set -e
[ $rc = 6 ] && grep -q 'another `loa schedule` is running' <<<"$out" || fail "second scheduler: rc $rc, $out"
kill -TERM $daemon
wait $daemon || fail "the daemon did not stop cleanly on SIGTERM"
grep -q 'stopped' "$T/daemon.log" || fail "no stop line: $(cat "$T/daemon.log")"

echo "== --urgent: built with its signal, published to the folder, Liquidsoap not answering is an error" >&2
set +e
out=$("$LOA" schedule --config "$T/loa.ini" --urgent "$T/library/khan/bao-so-9.txt" 2>&1); rc=$?
set -e
[ $rc = 5 ] && grep -q "0 of 2 pushes handed to Liquidsoap (nothing is on air): Liquidsoap 127.0.0.1:$port does not answer" <<<"$out" ||
  fail "urgent without Liquidsoap: rc $rc, $out"
ls "$P"/khan-bao-so-9-*.mp3 >/dev/null 2>&1 || fail "the notice was not published to the folder: $(ls "$P")"
f=$(ls "$P"/khan-bao-so-9-*.mp3)
decodes_clean "$f"
[ "$(ffprobe -v error -show_chapters -of csv=p=0 "$f" | wc -l)" = 2 ] || fail "signal + notice chapters"
printf 'Tiêu đề: Tin khẩn\nMức độ: rất gấp\n---\nNội dung.\n' > "$T/bad-header.txt"
set +e
out=$("$LOA" schedule --config "$T/loa.ini" --urgent "$T/bad-header.txt" 2>&1); rc=$?
set -e
[ $rc = 3 ] && grep -q "bad-header.txt: dòng 2: mức độ 'rất gấp'" <<<"$out" || fail "bad header: rc $rc, $out"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "more than one line: $out"
echo "schedule: ok" >&2

#!/usr/bin/env bash
# withdraw.sh: nothing airs but once, and nothing airs that was taken back. The same text
# dropped under a second name does not change the programme (it airs once); `loa withdraw`
# takes a bulletin (and its copy) off every programme not yet on air: the scheduler's next pass
# builds the published programme again without it, its source is kept under done/.withdrawn/,
# out/NAME.canh-bao.txt says so in Vietnamese then English, state/withdrawn.log records who and
# when, and `loa status` shows it. A name that answers for two bulletins is refused (exit 2), one
# that answers for none too (exit 3); the start of a content key names a bulletin.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp withdraw
sample_library
library_station "[publish]
lead_minutes = 10"
P="$T/root/playout"
at() { LOG=$("$LOA" schedule --config "$T/loa.ini" --once --now "$1" 2>&1) || fail "schedule at $1: $LOG"; }
items() { grep -o '"kind":"bulletin","title":"[^"]*"' "$P/2026-11-25-sang.json" | sed 's/.*"title":"//; s/"$//'; }

echo "== the morning programme, built in the lead time" >&2
at 2026-11-25T05:20:00
grep -q 'sang: built .*(.*, 7 items' <<<"$LOG" || fail "$LOG"
items | grep -qx 'Kết quả thu Quỹ phòng chống thiên tai năm 2026' || fail "not in the programme: $(items)"

echo "== the same text under a second name: the programme is not built again (it airs once)" >&2
sleep 1
cp "$T/library/sang/ket-qua-thu-nop-quy.txt" "$T/library/sang/ket-qua-thu-nop-quy - Copy.txt"
at 2026-11-25T05:22:00
[ -z "$LOG" ] || fail "the copy changed the programme: $LOG"
[ "$(items | grep -c 'Kết quả thu Quỹ')" = 1 ] || fail "aired twice: $(items)"

echo "== loa withdraw: off the programme not yet on air, kept, recorded, said" >&2
out=$("$LOA" withdraw --config "$T/loa.ini" --by "Chị Lan" --reason "số liệu sai" ket-qua-thu-nop-quy) ||
  fail "withdraw: $out"
note "$(head -1 <<<"$out")"
grep -q '^withdrawn: sang/ket-qua-thu-nop-quy.txt "Kết quả thu Quỹ phòng chống thiên tai năm 2026" (key [0-9a-f]\{12\}), by Chị Lan$' <<<"$out" ||
  fail "withdraw said: $out"
grep -q '^withdrawn: sang/ket-qua-thu-nop-quy - Copy.txt .* (the same content under another name)$' <<<"$out" ||
  fail "its copy was not withdrawn: $out"
[ -f "$T/library/.withdrawn/sang/ket-qua-thu-nop-quy.txt" ] || fail "the source is not kept: $(ls -R "$T/library")"
[ ! -e "$T/library/sang/ket-qua-thu-nop-quy.txt" ] || fail "still in the library"
at 2026-11-25T05:25:00
grep -q 'sang: built .*(.*, 6 items' <<<"$LOG" || fail "not built again without it: $LOG"
grep -q 'sang: published' <<<"$LOG" || fail "not published again: $LOG"
! items | grep -q 'Kết quả thu Quỹ' || fail "still in the published programme: $(items)"
note="$T/root/out/sang/ket-qua-thu-nop-quy.canh-bao.txt"
[ -f "$note" ] || fail "no note in out/"
vi=$(grep -n 'Đã rút khỏi lịch phát' "$note" | cut -d: -f1)
en=$(grep -n 'Withdrawn from the schedule' "$note" | cut -d: -f1)
[ -n "$vi" ] && [ -n "$en" ] && ((vi < en)) || fail "the note: $(cat "$note")"
grep -q 'Người rút: Chị Lan, lúc .*Lý do: số liệu sai' "$note" || fail "who/why: $(cat "$note")"
grep -q 'event=withdrawn file="sang/ket-qua-thu-nop-quy.txt" key="[0-9a-f]\{64\}" by="Chị Lan" reason="số liệu sai"' \
  "$T/root/state/withdrawn.log" || fail "the record: $(cat "$T/root/state/withdrawn.log")"
"$LOA" status --config "$T/loa.ini" >"$T/status.txt"
grep -q 'rút / withdrawn sang/ket-qua-thu-nop-quy.txt, bởi / by Chị Lan' "$T/status.txt" ||
  fail "status: $(cat "$T/status.txt")"

echo "== withdrawing what is gone, or what two bulletins answer to" >&2
rc=0
"$LOA" withdraw --config "$T/loa.ini" ket-qua-thu-nop-quy 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "withdrawn twice: exit $rc: $(cat "$T/err")"
mkdir -p "$T/library/x" "$T/library/y"
echo "Tin một." >"$T/library/x/hai.txt"
echo "Tin hai." >"$T/library/y/hai.txt"
rc=0
"$LOA" withdraw --config "$T/loa.ini" hai.txt 2>"$T/err" || rc=$?
[ "$rc" = 2 ] && grep -q '2 bulletins answer to it (x/hai.txt, y/hai.txt)' "$T/err" ||
  fail "ambiguous: exit $rc: $(cat "$T/err")"
rm -r "$T/library/x" "$T/library/y"

echo "== by the start of its content key" >&2
key=$(grep -o '"title":"Thông báo lịch tiêm phòng[^}]*"key":"[0-9a-f]*"' "$P/2026-11-25-sang.json" |
  sed 's/.*"key":"//; s/"$//')
"$LOA" withdraw --config "$T/loa.ini" "${key:0:12}" >"$T/out" || fail "by key ${key:0:12}: $(cat "$T/out")"
grep -q '^withdrawn: tiem-phong-cum-gia-cam.txt ' "$T/out" || fail "by key: $(cat "$T/out")"
at 2026-11-25T05:27:00
grep -q 'sang: built .*(.*, 5 items' <<<"$LOG" || fail "$LOG"
note "withdrawn by key ${key:0:12}: the programme has $(items | wc -l) bulletin(s) left"

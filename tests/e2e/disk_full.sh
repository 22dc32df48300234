#!/usr/bin/env bash
# disk_full.sh: a full disk is an output error, never the bulletin's fault. On a small tmpfs
# holding the whole station, the disk is filled to leave every amount of free space from none
# to what one build needs: whatever step of the build runs out (synthesis spool, encoding,
# loudness lists, the cache, publishing), the file waits in state/work and never goes to
# failed/, and `loa build` exits 4. Then a running daemon: `loa status` says "ổ đĩa đầy", and
# once space comes back everything waiting is built, without a restart.
# Mounting a tmpfs needs root (CI runs as root); elsewhere the test is skipped, saying why.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp diskfull
disk="$T/disk"
mkdir "$disk"
if ! mount -t tmpfs -o size=12m loa-e2e-disk "$disk" 2>"$T/mount.err"; then
  echo "SKIP: cannot mount a tmpfs to fill ($(cat "$T/mount.err")); needs root" >&2
  exit 77
fi
at_exit "umount -l '$disk'"
st="$disk/st"
mkdir -p "$st/inbox"

avail() { df --output=avail -B1 "$disk" | tail -1 | tr -d ' '; }
# fill BYTES: fill the disk so that BYTES stay free
fill() {
  rm -f "$disk/fill"
  local n=$(($(avail) - $1))
  ((n > 0)) && head -c "$n" /dev/zero >"$disk/fill" 2>/dev/null || true
}
bulletin() {   # bulletin N: a short bulletin of its own (no two alike: each one is built)
  printf 'Thông báo số %d.\n\nUBND xã Yên Hòa thông báo lịch tiêm phòng vắc xin cho gia cầm đợt %d năm 2026, từ ngày 25 đến ngày 28 tháng 11, tại nhà văn hóa các thôn. Đề nghị các hộ chăn nuôi đưa gia cầm đến đúng giờ.\n' "$1" "$1"
}

echo "== loa build on a full disk: exit 4, whatever step runs out" >&2
codes=""
for free in 0 96 256 512 768 4096; do
  fill $((free * 1024))
  rc=0
  bulletin "$free" >"$T/b.txt"
  TMPDIR="$disk" "$LOA" build "$T/b.txt" -o "$disk/b.mp3" --quiet 2>"$T/err" || rc=$?
  codes="$codes $free KB:$rc"
  [ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "$free KB free: exit $rc: $(cat "$T/err")"
  rm -f "$disk/b.mp3"
done
note "free space and exit status:$codes"

echo "== the watch, --once, at every amount of free space: nothing goes to failed/" >&2
# one build of these needs about 1.2 MB: the steps run out of space one after the other
left=0 levels=0
for free in 0 300 600 750 850 950 1050 1150 1300; do
  rm -f "$disk/fill"
  bulletin "$free" >"$st/inbox/bt$free.txt"
  fill $((free * 1024))
  rc=0
  timeout 120 "$LOA" watch "$st" --once --settle-ms 100 2>>"$T/watch.log" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "$free KB free: loa watch --once exited $rc (124: it never ended)"
  [ -z "$(ls -A "$st/failed")" ] || fail "$free KB free: sent to failed/: $(cat "$st"/failed/*.loi.txt)"
  levels=$((levels + 1))
  [ "$rc" = 4 ] || continue
  left=$((left + 1))
  rm -f "$disk/fill"                  # space back: the next run builds it
  timeout 120 "$LOA" watch "$st" --once --settle-ms 100 2>>"$T/watch.log" ||
    fail "$free KB free, then space back: not built"
  [ -e "$st/out/bt$free.mp3" ] || fail "$free KB free, then space back: no out/bt$free.mp3"
done
note "$left of $levels levels of free space stopped the build; each was built once space came back"
((left > 1)) || fail "the disk was hardly ever full enough to stop a build: the test proves little"
grep -q 'event=disk-full' "$T/watch.log" || fail "no disk-full event in the log"
if grep -q 'reason="internal"\|encoding failed\|loudness measurement failed' "$T/watch.log"; then
  fail "a full disk was called an internal error: $(grep 'internal\|encoding failed\|loudness' "$T/watch.log" | head -3)"
fi
n=$(ls "$st/out" | grep -c '\.mp3$' || true)
[ "$n" = "$levels" ] || fail "$n of $levels bulletins built: $(ls "$st/out")"
[ -z "$(ls -A "$st/state/work")" ] || fail "left in state/work: $(ls "$st/state/work")"
note "all $levels built, state/work empty, failed/ empty"

echo "== a running daemon on a full disk: loa status says so; built once space is back" >&2
rm -rf "$st/out" "$st/done" "$st/cache"
"$LOA" watch "$st" --settle-ms 200 2>"$T/daemon.log" &
daemon=$!
stop_at_exit $daemon
wait_until 10 "the daemon to start" grep -q 'event=start' "$T/daemon.log"
fill $((64 * 1024))
bulletin 9999 >"$st/inbox/cho.txt"
wait_until 30 "the daemon to find the disk full" grep -q 'event=disk-full' "$T/daemon.log"
"$LOA" status "$st" >"$T/status.txt"
grep -q 'Ổ đĩa đầy / disk full' "$T/status.txt" || fail "loa status does not say the disk is full: $(cat "$T/status.txt")"
note "loa status: $(grep -m1 'disk full' "$T/status.txt")"
[ ! -e "$st/out/cho.mp3" ] && [ -z "$(ls -A "$st/failed")" ] || fail "built or failed on a full disk?"
rm -f "$disk/fill"
wait_for_file 30 "$st/out/cho.mp3"
grep -q 'event=disk-space-back' "$T/daemon.log" || fail "no disk-space-back event"
"$LOA" status "$st" >"$T/status.txt"
! grep -q 'Ổ đĩa đầy' "$T/status.txt" || fail "loa status still says the disk is full: $(cat "$T/status.txt")"
note "space back: built without a restart; loa status no longer says disk full"

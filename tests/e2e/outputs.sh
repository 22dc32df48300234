#!/usr/bin/env bash
# outputs.sh: what `loa build -o` writes into: only a regular file, whole or not at all. A
# device, a pipe or a folder is refused (exit 4) and left as it was; a build stopped by
# SIGTERM, whenever it comes, leaves nothing beside the output (no .NAME.mp3.*.tmp).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp outputs
src="$LOA_SOURCE_DIR/samples/ban-tin-mau.txt"

refused() {   # refused TARGET WHAT: exit 4 and one line naming it
  local rc=0
  "$LOA" build "$src" -o "$1" --quiet 2>"$T/err" || rc=$?
  [ "$rc" = 4 ] || fail "-o $1 ($2): exit $rc, not 4: $(cat "$T/err")"
  grep -q "$2, not a file" "$T/err" || fail "-o $1: the message does not say $2: $(cat "$T/err")"
  note "-o $1: exit 4: $(cat "$T/err")"
}

echo "== a device, a pipe, a folder: refused, untouched" >&2
mkfifo "$T/pipe.mp3"
refused "$T/pipe.mp3" "a pipe (FIFO)"
[ -p "$T/pipe.mp3" ] || fail "the FIFO was replaced"
mkdir "$T/folder.mp3"
refused "$T/folder.mp3" "a folder"
for dev in /dev/null /dev/full; do
  if [ -w "$dev" ] && [ -c "$dev" ]; then
    refused "$dev" "a device"
    [ -c "$dev" ] || fail "$dev is no longer a device"
  fi
done
if mknod "$T/null.mp3" c 1 3 2>/dev/null; then   # as root (CI): a device in the output folder
  refused "$T/null.mp3" "a device"
  [ -c "$T/null.mp3" ] || fail "the device node was replaced"
else
  note "not root: no device node of our own to try (the /dev cases above stand)"
fi
[ -z "$(ls -A "$T" | grep -v '^err$\|^pipe.mp3$\|^folder.mp3$\|^null.mp3$')" ] || fail "stray files: $(ls -A "$T")"

echo "== SIGTERM while the output is written, and at other moments: nothing left" >&2
# a longer bulletin, so that writing the MP3 takes long enough to be caught
mkdir "$T/out"
for i in 1 2 3 4; do cat "$src"; echo; done >"$T/dai.txt"
"$LOA" build "$T/dai.txt" -o "$T/out/dai.mp3" --quiet &
pid=$!
stop_at_exit $pid
caught=0
while kill -0 $pid 2>/dev/null; do
  if compgen -G "$T/out/.*" >/dev/null; then   # a named temporary: stop the build right there
    kill -TERM $pid
    caught=1
    break
  fi
done
wait $pid || true
note "a named temporary seen while writing: $caught"
[ -z "$(ls -A "$T/out" | grep -v '^dai.mp3$')" ] || fail "left in the output folder: $(ls -A "$T/out")"
rm -f "$T/out/dai.mp3"
for delay in 0.3 1 2; do
  "$LOA" build "$T/dai.txt" -o "$T/out/dai.mp3" --quiet &
  pid=$!
  sleep $delay
  kill -TERM $pid 2>/dev/null || true
  wait $pid || true
  [ -z "$(ls -A "$T/out" | grep -v '^dai.mp3$')" ] || fail "SIGTERM after ${delay}s left: $(ls -A "$T/out")"
done
note "SIGTERM after 0.3, 1 and 2 s: nothing left beside the output"

#!/usr/bin/env bash
# watch_kill9.sh: crash safety of `loa watch`. While a stream of files is dropped into the
# inbox (copied in, renamed in, written in two halves; good, bad, duplicate, and one name
# changed three times), the daemon is killed with SIGKILL at random moments 20 times and
# restarted each time. A sampler checks every MP3 that ever appears in out/ while this goes
# on. At the end: every input is accounted for (its bytes in done/ or failed/, exactly one
# outcome), nothing is left in the inbox or state/work, every MP3 that was ever visible was
# whole, the final ones decode and measure on target, the last version of the renamed file
# won, and no process is left running.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/watch.sh"
watch_station 200
KILLS=${LOA_WATCH_KILLS:-20}

# The stream: NAME<TAB>KIND<TAB>SEED, in drop order. KIND: ok | empty | binary | dup (same text
# as bulletin SEED under another name) | change (the same name again with new text).
plan=$T/plan.tsv
{
  for k in $(seq 1 28); do
    case $((k % 4)) in
      0) printf 'sang/bản tin %d.txt\tok\t%d\n' "$k" "$k" ;;
      1) printf -- '-tin %d.txt\tok\t%d\n' "$k" "$k" ;;
      *) printf 'tin số %d.txt\tok\t%d\n' "$k" "$k" ;;
    esac
    case $k in
      5) printf 'trống %d.txt\tempty\t0\n' "$k" ;;
      9) printf 'nhị phân %d.bin\tbinary\t0\n' "$k" ;;
      12 | 20 | 26) printf 'bản sao %d.txt\tdup\t%d\n' "$k" "$((k - 3))" ;;
      7 | 15 | 23) printf 'thay đổi.txt\tchange\t%d\n' "$((100 + k))" ;;
      18) printf 'trống %d.txt\tempty\t0\n' "$k" ;;
      22) printf 'nhị phân %d.bin\tbinary\t0\n' "$k" ;;
    esac
  done
} >"$plan"
ndrops=$(wc -l <"$plan")

# dropper: drops the stream with small random pauses; records NAME<TAB>SHA of each drop.
dropper() {
  local n=0 name kind seed f
  while IFS=$'\t' read -r name kind seed; do
    n=$((n + 1))
    f="$S/$n"
    case $kind in
      ok | dup | change) bulletin "$seed" >"$f" ;;
      empty) : >"$f" ;;
      binary) head -c 3000 /dev/urandom >"$f" ;;
    esac
    if [ "$kind" = change ]; then
      # the user replaces a file only once loa has taken the previous version
      wait_until 300 "loa to take the previous 'thay đổi.txt'" test ! -e "$R/inbox/$name"
    fi
    printf '%s\t%s\n' "$name" "$(sha "$f")" >>"$T/drops.tsv"
    mkdir -p "$R/inbox/$(dirname -- "$name")"
    case $((n % 3)) in
      0) cp "$f" "$R/inbox/$name" ;;
      1) cp "$f" "$S/mv.$n" && mv "$S/mv.$n" "$R/inbox/$name" ;;
      2) (exec 3>"$R/inbox/$name"; head -c 100 "$f" >&3; sleep 0.4; tail -c +101 "$f" >&3) ;;
    esac
    sleep "0.$((RANDOM % 25))"
  done <"$plan"
  touch "$T/dropper.done"
}

# sampler: every MP3 that shows up in out/ (each new inode) must be whole at that moment.
sampler() {
  declare -A seen=()
  local f id
  while [ ! -e "$T/sampler.stop" ]; do
    while IFS= read -r -d '' f; do
      id=$(stat -c '%i:%s:%Y' "$f" 2>/dev/null) || continue
      [ -n "${seen[$id]:-}" ] && continue
      seen[$id]=1
      python3 "$WHOLE" "$f" >>"$T/partial.log" || true
      echo "$f" >>"$T/sampled.log"
    done < <(find "$R/out" -name '*.mp3' ! -name '.*' -print0 2>/dev/null)
    sleep 0.05
  done
}

echo "== $ndrops drops while the daemon is killed $KILLS times" >&2
: >"$T/drops.tsv"
: >"$T/partial.log"
: >"$T/sampled.log"
dropper &
DROPPER=$!
sampler &
SAMPLER=$!
for k in $(seq 1 "$KILLS"); do
  "$LOA" watch --config "$R/loa.ini" 2>>"$R/daemon.log" &
  DPID=$!
  # a random moment: from right after the start (recovery) to well into a build
  sleep "$((RANDOM % 2)).$((RANDOM % 100))"
  kill -9 "$DPID" 2>/dev/null || fail "the daemon died on its own before kill $k (see $R/daemon.log)"
  wait "$DPID" 2>/dev/null || true
  DPID=
done
note "killed $KILLS times; $(grep -c 'event=recover ' "$R/daemon.log" || true) interrupted files were redone"
grep -q 'event=recover ' "$R/daemon.log" || fail "no kill interrupted any work: the test proved nothing"

echo "== a last start finishes everything" >&2
start_daemon "$R"
wait "$DROPPER" || fail "the dropper failed"
accounted() {
  local n
  n=$(find "$R/inbox" -type f ! -name '.*' | wc -l)
  [ "$n" = 0 ] && [ -z "$(ls -A "$R/state/work")" ]
}
wait_until 400 "the inbox and state/work to empty" accounted
stop_daemon
touch "$T/sampler.stop"
wait "$SAMPLER" || true

echo "== no MP3 was ever visible half-written" >&2
[ ! -s "$T/partial.log" ] || fail "partial MP3s were visible in out/: $(cat "$T/partial.log")"
note "$(wc -l <"$T/sampled.log") MP3 versions sampled while they appeared, all whole"

echo "== every input is accounted for, none lost" >&2
declare -A kept=()
while read -r h; do kept[$h]=1; done < <(find "$R/done" "$R/failed" -type f ! -name '*.loi.txt' -print0 |
  xargs -0 -r sha256sum | cut -c1-64)
while IFS=$'\t' read -r name h; do
  [ -n "${kept[$h]:-}" ] || fail "the bytes of '$name' ($h) are in neither done/ nor failed/"
done <"$T/drops.tsv"
[ "$(wc -l <"$T/drops.tsv")" = "$ndrops" ] || fail "only $(wc -l <"$T/drops.tsv") of $ndrops drops made"
while IFS=$'\t' read -r name kind seed; do
  got=$(outcome "$R" "$name")
  case $kind in
    ok | dup | change) [ "$got" = ok ] || fail "$name: $got, expected ok" ;;
    empty) [ "$got" = failed:empty ] || fail "$name: $got, expected failed:empty" ;;
    binary) [ "$got" = failed:binary ] || fail "$name: $got, expected failed:binary" ;;
  esac
done <"$plan"
bulletin 123 >"$T/last.txt"
[ "$(sha "$R/done/thay đổi.txt")" = "$(sha "$T/last.txt")" ] || fail "done/thay đổi.txt is not the last version"
[ "$(find "$R/done/.replaced" -type f | wc -l)" = 2 ] || fail "the two older versions are not in done/.replaced"
nfail=$(find "$R/failed" -name '*.loi.txt' | wc -l)
[ "$nfail" = 4 ] || fail "$nfail notes in failed/, expected 4 (crashes must not add or lose any)"

echo "== the final MP3s are whole, decode and measure on target" >&2
mapfile -t mp3s < <(find "$R/out" -name '*.mp3' | sort)
ngood=$(cut -f1 "$plan" | sort -u | grep -vc -e '^trống' -e '^nhị phân' || true)
[ "${#mp3s[@]}" = "$ngood" ] || fail "${#mp3s[@]} MP3s in out/ for $ngood good names"
[ -z "$(find "$R/out" -name '.*')" ] || fail "temporaries left in out/: $(find "$R/out" -name '.*')"
mp3s_ready "${mp3s[@]}"
cmp -s "$R/out/thay đổi.mp3" "$R/cache/watch/$(grep -F 'file="thay đổi.txt"' "$R/daemon.log" | grep 'event=done' |
  tail -1 | sed 's/.*key="\([0-9a-f]*\)".*/\1/').mp3" || fail "out/thay đổi.mp3 is not the last build"

echo "== nothing left running" >&2
wait_until 20 "the build processes of killed daemons to end" no_strays "$R"
echo "watch_kill9: ok" >&2

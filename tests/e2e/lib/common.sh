# common.sh: helpers shared by the end-to-end tests (sourced, not run).
# Every check prints what it measured, and `fail` stops the test with a reason. A test that
# makes files calls `new_tmp` first: its folder $T, and whatever it hands to at_exit, are
# cleaned up however it ends. ctest sets LOA, LOA_SOURCE_DIR and LOA_BUILD_DIR; run by hand,
# a test finds the tree it is in and its build/ folder.

LOA_SOURCE_DIR=${LOA_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
LOA_BUILD_DIR=${LOA_BUILD_DIR:-$LOA_SOURCE_DIR/build}
LOA=${LOA:-$LOA_BUILD_DIR/loa}
SHARED="$LOA_SOURCE_DIR/../shared"

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "  $*" >&2; }

# ---- the test's folder, and what runs when it ends ----

AT_EXIT=()

# new_tmp [NAME]: a fresh folder $T ($TMPDIR or /tmp, loa-e2e-NAME-XXXXXX), removed when the
# test ends (kept, and said, with LOA_TEST_KEEP=1) after the at_exit commands have run.
new_tmp() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/loa-e2e-${1:+$1-}XXXXXX")
  trap run_at_exit EXIT
}

# at_exit CMD: run CMD (one string, evaluated) when the test ends, before $T is removed; the
# last one given runs first.
at_exit() { AT_EXIT=("$1" "${AT_EXIT[@]}"); }

# run_at_exit: the EXIT trap. It never fails, so the test's own status stands.
run_at_exit() {
  set +e
  local c
  for c in "${AT_EXIT[@]}"; do eval "$c"; done
  if [ -n "${LOA_TEST_KEEP:-}" ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
  return 0
}

# stop_at_exit PID...: when the test ends, each PID (a process this test started) is stopped.
stop_at_exit() {
  local p
  for p; do at_exit "stop_process $p"; done
}

# stop_process PID: SIGTERM, up to 5 s to leave, then SIGKILL.
stop_process() {
  kill -TERM "$1" 2>/dev/null || return 0
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# ---- waiting, always with a bound and a reason ----

# poll SECONDS CMD...: run CMD every 0.1 s (its output hidden) until it succeeds (status 0) or
# SECONDS have passed (status 1).
poll() {
  local end=$((SECONDS + $1))
  shift
  until "$@" >/dev/null; do
    ((SECONDS < end)) || return 1
    sleep 0.1
  done
}

# wait_until SECONDS WHAT CMD...: poll, and fail naming WHAT when time runs out.
wait_until() {
  local limit=$1 what=$2
  shift 2
  poll "$limit" "$@" || fail "gave up after ${limit}s waiting for $what"
}

# wait_for_file SECONDS FILE: wait until FILE is there and not empty.
wait_for_file() { wait_until "$1" "$2" test -s "$2"; }

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---- a station ----

# station_ini FILE [LINES]: a loa.ini at FILE for the test station, Đài truyền thanh xã Yên
# Hòa, with LINES (more INI sections) after its [station] section.
# start_icecast PORT PASSWORD: loa's Icecast template (schedules/icecast.xml) made for PORT and
# PASSWORD in $T/icecast.xml, Icecast started on 127.0.0.1 (as nobody when root: Icecast refuses
# to run as root), stopped when the test ends; returns once it answers.
start_icecast() {
  mkdir -p "$T/icecast"
  chmod 777 "$T/icecast"
  sed -e "s|@PORT@|$1|; s|@SOURCE_PASSWORD@|$2|g; s|@ADMIN_PASSWORD@|$2|; \
          s|@LOGDIR@|$T/icecast|; s|@SHARE@|/usr/share/icecast2|g" \
    "$LOA_SOURCE_DIR/schedules/icecast.xml" > "$T/icecast.xml"
  chmod 644 "$T/icecast.xml"
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups icecast2 -c "$T/icecast.xml" > "$T/icecast.out" 2>&1 &
  else
    icecast2 -c "$T/icecast.xml" > "$T/icecast.out" 2>&1 &
  fi
  stop_at_exit $!
  wait_until 20 "Icecast answering" curl -sf "http://127.0.0.1:$1/status-json.xsl"
}

# station_time EPOCH FORMAT: the station's time (UTC+7) of an instant, as date +FORMAT writes it.
station_time() { TZ=Asia/Ho_Chi_Minh date -d "@$1" "+$2"; }

# data_copy DEST: a copy of loa's data (the tables, presets, slots, encodings: what
# LOA_DATA_DIR names) in DEST, for a test that edits it or runs loa where the clone is out of
# reach.
data_copy() {
  mkdir -p "$1"
  (cd "$LOA_SOURCE_DIR" && find lexicon tts pipeline schedules -type f \( -name '*.tsv' -o -name '*.txt' -o -name '*.ini' \) -print0 |
    tar --null -T - -cf -) | tar -C "$1" -xf -
}

station_ini() {
  printf '[station]\nname = Đài truyền thanh xã Yên Hòa\ncommune = xã Yên Hòa\n%s\n' "${2:-}" >"$1"
}

# library_station [LINES]: $T/loa.ini for a station whose folders are under $T/root, whose
# library is $T/library and whose slots are $T/slots.ini, with LINES at its end.
library_station() {
  station_ini "$T/loa.ini" "[paths]
root = $T/root
done = $T/library
[slots]
file = $T/slots.ini${1:+
$1}"
}

# sample_library: the sample library copied to $T/library (a test may edit it) and the shipped
# slots to $T/slots.ini with their sounds named by absolute paths.
sample_library() {
  cp -r "$LOA_SOURCE_DIR/samples/library" "$T/library"
  sed "s|\.\./samples/|$LOA_SOURCE_DIR/samples/|" "$LOA_SOURCE_DIR/schedules/slots.ini" >"$T/slots.ini"
}

# ---- what comes out ----

# measure FILE -> sets LUFS and TP (integrated loudness, true peak) from ffmpeg's ebur128 filter.
measure() {
  local out
  out=$(ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1) || fail "ffmpeg cannot decode $1"
  local summary=${out##*Summary:}
  LUFS=$(printf '%s\n' "$summary" | sed -n 's/^ *I: *\(-\{0,1\}[0-9.]*\) LUFS/\1/p' | head -1)
  TP=$(printf '%s\n' "$summary" | sed -n 's/^ *Peak: *\(-\{0,1\}[0-9.inf]*\) dBFS/\1/p' | head -1)
  [ -n "$LUFS" ] && [ -n "$TP" ] || fail "no loudness summary for $1"
}

# on_target FILE [TARGET]: integrated loudness within ±0.5 LU, true peak at most -1.0 dBTP.
on_target() {
  local target=${2:--16}
  measure "$1"
  note "$(basename "$1"): $LUFS LUFS, $TP dBTP (target $target)"
  awk -v l="$LUFS" -v t="$target" 'BEGIN{d=l-t; if (d<0) d=-d; exit !(d<=0.5)}' ||
    fail "$1 measures $LUFS LUFS, not $target ±0.5"
  awk -v p="$TP" 'BEGIN{exit !(p<=-1.0)}' || fail "$1 true peak $TP dBTP is above -1.0"
}

# decodes_clean FILE: mpg123 and ffmpeg decode it with no error or warning.
decodes_clean() {
  local e
  e=$(mpg123 -q -t "$1" 2>&1) ; [ -z "$e" ] || fail "mpg123 complains about $1: $e"
  e=$(ffmpeg -hide_banner -nostats -v error -i "$1" -f null - 2>&1); [ -z "$e" ] || fail "ffmpeg complains about $1: $e"
}

# duration FILE -> seconds (ffprobe)
duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

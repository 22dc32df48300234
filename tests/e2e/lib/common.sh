# common.sh: helpers shared by the end-to-end tests (sourced, not run).
# Every check prints what it measured, and `fail` stops the test with a reason.

: "${LOA:?LOA must name the loa binary}"
: "${LOA_SOURCE_DIR:?LOA_SOURCE_DIR must name the source tree}"
SHARED="$LOA_SOURCE_DIR/../shared"

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "  $*" >&2; }

# A fresh folder removed at exit.
new_tmp() {
  T=$(mktemp -d /tmp/loa-e2e-XXXXXX)
  trap 'rm -rf "$T"' EXIT
}

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

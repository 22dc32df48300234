#!/usr/bin/env bash
# datadir.sh: where `loa` finds its data, seen from outside. A copy of loa outside its build
# tree reads the installed data folder (PREFIX/share/loa), not the source tree, and says in one
# line, exit status 2, when that folder lacks loa's data, naming it; LOA_DATA_DIR names another
# folder; and a data folder whose presets cannot be read says so, not "unknown preset 'stream'".
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp datadir

printf 'Xã có 12 thôn.\n' >"$T/tin.txt"
mkdir -p "$T/bin"
cp "$LOA" "$T/bin/loa"

# run CMD...: sets RC, OUT (stdout) and ERR (stderr)
run() {
  RC=0
  OUT=$("$@" 2>"$T/err") || RC=$?
  ERR=$(cat "$T/err")
}

# the copy, with no LOA_DATA_DIR: the installed folder
run env -u LOA_DATA_DIR "$T/bin/loa" normalize "$T/tin.txt"
if [ $RC = 0 ]; then
  note "loa is installed on this machine: the copy read its data (not checked further)"
else
  [ $RC = 2 ] || fail "the copy exits $RC, not 2: $ERR"
  [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] || fail "more than one line: $ERR"
  [[ $ERR == "loa: loa's data folder /"*"/share/loa cannot be used: lexicon/abbreviations.tsv: "* ]] ||
    fail "the copy says: $ERR"
  [[ $ERR != *"$LOA_SOURCE_DIR"* ]] || fail "the copy looked in the source tree: $ERR"
  note "a copy outside the build tree: $ERR"
fi

# LOA_DATA_DIR: a copy of the data, read by the copy of loa
mkdir -p "$T/data"
cp -r "$LOA_SOURCE_DIR/lexicon" "$LOA_SOURCE_DIR/tts" "$LOA_SOURCE_DIR/pipeline" "$LOA_SOURCE_DIR/schedules" "$T/data/"
run env LOA_DATA_DIR="$T/data" "$T/bin/loa" normalize "$T/tin.txt"
[ $RC = 0 ] && [ "$OUT" = "xã có mười hai thôn" ] || fail "with LOA_DATA_DIR: exit $RC, '$OUT' $ERR"
note "LOA_DATA_DIR=$T/data: '$OUT'"

# a folder that is not loa's: named, whatever the command
run env LOA_DATA_DIR="$T/nowhere" "$T/bin/loa" build "$T/tin.txt" -o "$T/tin.mp3"
[ $RC = 2 ] && [[ $ERR == "loa: loa's data folder $T/nowhere cannot be used: "*"(check LOA_DATA_DIR)" ]] ||
  fail "LOA_DATA_DIR=$T/nowhere: exit $RC, $ERR"
[ ! -e "$T/tin.mp3" ] || fail "an MP3 was written without data"

# presets that cannot be read: said as such, never as an unknown preset
printf '[stream\n' >"$T/data/pipeline/presets.ini"
run env LOA_DATA_DIR="$T/data" "$T/bin/loa" build "$T/tin.txt" -o "$T/tin.mp3"
[ $RC = 2 ] || fail "unreadable presets: exit $RC, $ERR"
[[ $ERR != *"unknown preset"* ]] && [[ $ERR == *"$T/data"* ]] || fail "unreadable presets: $ERR"
note "unreadable presets: $ERR"
echo "datadir: installed folder, LOA_DATA_DIR and missing data each said as such"

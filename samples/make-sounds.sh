#!/usr/bin/env bash
# make-sounds.sh: synthesise the sample sounds with sox (deterministic: -R).
#   nhac-hieu.flac  the programme jingle (nhạc hiệu): four plucked notes, C E G C, ~3 s
#   bao-dong.flac   the attention signal before an urgent notice: alternating
#                   1100 Hz / 1400 Hz tones, 4 x 0.8 s (a two-tone alert, easy to
#                   recognise on a loudspeaker and in a recording)
# A station replaces them with its own recordings (WAV, FLAC, OGG or MP3) in slots.ini.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
note() { sox -R -n -r 22050 -c 1 -b 16 "$tmp/$1.wav" synth "$2" pluck "$1" fade 0.005 "$2" "$3"; }
note C5 0.45 0.2
note E5 0.45 0.2
note G5 0.45 0.2
note C6 1.6 1.0
sox -R "$tmp/C5.wav" "$tmp/E5.wav" "$tmp/G5.wav" "$tmp/C6.wav" nhac-hieu.flac gain -n -3
tone() { sox -R -n -r 22050 -c 1 -b 16 "$tmp/$1.wav" synth 0.4 sine "$1" fade 0.01 0.4 0.01; }
tone 1100
tone 1400
sox -R "$tmp/1100.wav" "$tmp/1400.wav" "$tmp/1100.wav" "$tmp/1400.wav" "$tmp/1100.wav" "$tmp/1400.wav" \
  "$tmp/1100.wav" "$tmp/1400.wav" bao-dong.flac gain -n -3
echo "make-sounds: wrote $(pwd)/nhac-hieu.flac and $(pwd)/bao-dong.flac"

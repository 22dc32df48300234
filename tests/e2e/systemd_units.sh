#!/usr/bin/env bash
# systemd_units.sh: the services (schedules/loa-{watch,schedule,liquidsoap,icecast,web}.service) keep
# systemd-analyze security's exposure at 2.0 or under, read offline from the files as shipped.
# Skips (exit 77) where systemd-analyze is missing or too old for --offline (systemd < 250).
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: no systemd-analyze (Debian package systemd)"
  exit 77
fi
new_tmp units
if ! systemd-analyze security --offline=true "$LOA_SOURCE_DIR/schedules/loa-watch.service" >"$T/probe" 2>&1 \
   && ! grep -q 'Overall exposure' "$T/probe"; then
  echo "SKIP: systemd-analyze cannot read a unit offline here: $(head -c 200 "$T/probe")"
  exit 77
fi
failed=0
for unit in loa-watch loa-schedule loa-liquidsoap loa-icecast loa-web; do
  file="$LOA_SOURCE_DIR/schedules/$unit.service"
  systemd-analyze security --offline=true "$file" >"$T/$unit.txt" 2>&1
  level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$T/$unit.txt")
  if [ -z "$level" ]; then
    echo "FAIL: $unit: no exposure level: $(tail -3 "$T/$unit.txt")" >&2
    failed=1
  elif awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }'; then
    echo "ok: $unit exposure $level"
  else
    echo "FAIL: $unit exposure $level, more than 2.0; what it lacks:" >&2
    grep '✗' "$T/$unit.txt" | sort -k2 -t$'\t' | head -20 >&2
    failed=1
  fi
done
exit $failed

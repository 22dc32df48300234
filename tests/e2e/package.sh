#!/usr/bin/env bash
# package.sh: the Debian package as a station administrator meets it, in a throw-away Debian 12
# chroot (debootstrap --variant=minbase, as a fresh machine):
#   build    ./package makes loa_V_ARCH.deb, lintian finds no error in it; a second package
#            of a higher version is made for the upgrade;
#   install  dpkg -i: /usr/bin/loa reading /usr/share/loa, the user loa, the folders under
#            /var/lib/loa with their owners and modes, /etc/loa's conffiles, the playout's
#            passwords generated (root:loa 0640, the same in liquidsoap.env and icecast.xml,
#            Icecast on 127.0.0.1 only), the four units installed and enabled (systemd cannot
#            start them in a chroot; `systemd-analyze verify` checks them on the host);
#   station  as user loa, with no environment: a bulletin dropped in /var/lib/loa/inbox,
#            `loa watch --config /etc/loa/loa.ini --once` exits 0 and the MP3 in
#            /var/lib/loa/out measures -16 ± 0.5 LUFS, <= -1 dBTP (ffmpeg, on the host); a
#            wrong loa.ini exits 2, the status the units do not restart on; no data folder is
#            one error naming it;
#   upgrade  the higher version over it: every file under /var/lib/loa unchanged (state,
#            cache, out, done), the station's edits to loa.ini and slots.ini kept, the
#            passwords unchanged, loa says the new version and still builds;
#   remove   configuration and station files kept; purge: /etc/loa gone (passwords too),
#            the announcer's files in /var/lib/loa kept.
# The chroot with the package's dependencies installed is made once and kept in
# $LOA_PACKAGE_CACHE (/var/tmp), keyed by the package's Depends and Recommends; a run then
# costs a copy and a dpkg -i. Skips (77) when it cannot be made: not root, no debootstrap,
# no network for a first run.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

skip() { echo "SKIP: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mount)"
for tool in debootstrap dpkg-buildpackage dh lintian chroot flock mount; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (.ci/setup installs it)"
done
CACHE=${LOA_PACKAGE_CACHE:-/var/tmp}
SUITE=bookworm

new_tmp package
R=""           # the test's chroot, under $CACHE (a copy of the base)

# ---- mounts and processes in a chroot, undone on every path out ----

# unmount_all DIR: everything mounted at or under DIR, deepest first; 1 if any stays.
unmount_all() {
  local m
  for m in $(awk -v d="$1" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  ! awk -v d="$1" '$2 == d || index($2, d "/") == 1 {f=1} END {exit !f}' /proc/self/mounts
}

# stop_chroot_processes DIR: what still runs with DIR as its root (started by this test).
stop_chroot_processes() {
  local p root
  for p in /proc/[0-9]*; do
    root=$(readlink "$p/root" 2>/dev/null) || continue
    [ "$root" = "$1" ] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  return 0
}

# remove_chroot DIR: processes stopped, mounts undone, then the folder; never rm -rf over a
# mount (a bound /dev or /proc would be emptied on the host).
remove_chroot() {
  [ -n "$1" ] && [ -d "$1" ] || return 0
  stop_chroot_processes "$1"
  if unmount_all "$1"; then rm -rf "$1"; else echo "package.sh: $1 keeps a mount: not removed" >&2; fi
}

# in_chroot DIR CMD...: CMD in DIR with /proc mounted, a clean environment, no stdin.
in_chroot() {
  local dir=$1
  shift
  mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
  chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@" </dev/null
}

# ---- the packages ----

note "build: ./package (lintian on it), and a higher version for the upgrade"
"$LOA_SOURCE_DIR/package" --out "$T/v1" >"$T/package1.log" 2>&1 ||
  { tail -40 "$T/package1.log" >&2; fail "./package failed"; }
DEB1=$(tail -1 "$T/package1.log")
[ -f "$DEB1" ] || fail "./package did not print the .deb it made"
grep '^[EW]: ' "$T/package1.log" | sed 's/^/  lintian: /' >&2 || true
grep -q '^E: ' "$T/package1.log" && fail "lintian reports errors on $DEB1"
V1=$(dpkg-deb -f "$DEB1" Version)
V2="$V1+upgrade1"
"$LOA_SOURCE_DIR/package" --out "$T/v2" --version "$V2" --no-lintian >"$T/package2.log" 2>&1 &
BUILD2=$!
stop_at_exit $BUILD2
note "$(basename "$DEB1"): $(stat -c %s "$DEB1") bytes; Depends: $(dpkg-deb -f "$DEB1" Depends)"

# ---- the base chroot: Debian 12 minbase with the package's dependencies, kept ----

# its Depends and Recommends, and systemd, which a Debian 12 machine has and minbase lacks
# (the units are verified against its targets)
deps=$( (dpkg-deb -f "$DEB1" Depends Recommends | sed 's/^[A-Za-z]*: //'; echo systemd) |
       tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$' | sort -u | tr '\n' ' ')
key=$(printf 'loa-package-base 1 %s %s\n' "$SUITE" "$deps" | sha256sum | cut -c1-16)
BASE="$CACHE/loa-package-base-$key"

make_base() {
  local new="$BASE.new.$$" mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  at_exit "remove_chroot '$new'"
  note "base: debootstrap --variant=minbase $SUITE (once; kept as $BASE)"
  rm -rf "$new"
  debootstrap --variant=minbase "$SUITE" "$new" ${mirror:+"$mirror"} >"$T/debootstrap.log" 2>&1 ||
    { remove_chroot "$new"; tail -5 "$T/debootstrap.log" >&2; skip "debootstrap cannot make a $SUITE chroot (no network?)"; }
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$new/etc/apt/sources.list.d/"
    rm -f "$new/etc/apt/sources.list"
  fi
  cp /etc/resolv.conf "$new/etc/" 2>/dev/null || true
  # no service a package installs may start inside the chroot
  printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
  chmod 0755 "$new/usr/sbin/policy-rc.d"
  in_chroot "$new" apt-get update -qq >"$T/apt.log" 2>&1 ||
    { remove_chroot "$new"; tail -5 "$T/apt.log" >&2; skip "apt-get update fails in the chroot (no network?)"; }
  note "base: apt-get install $deps"
  # shellcheck disable=SC2086
  in_chroot "$new" apt-get install -y -qq --no-install-recommends $deps >>"$T/apt.log" 2>&1 ||
    { remove_chroot "$new"; tail -20 "$T/apt.log" >&2; fail "the package's dependencies do not install on $SUITE"; }
  in_chroot "$new" apt-get clean
  unmount_all "$new" || fail "cannot unmount $new/proc"
  mv "$new" "$BASE"
}

# what earlier runs left: bases of other dependency lists unused for a day, and the chroots of
# runs that were killed (three hours old: no run lasts that long)
drop_stale() {
  local d
  for d in $(find "$CACHE" -maxdepth 1 \( -name 'loa-package-base-*' ! -name "*$key" -mmin +1440 \) \
               -o \( -name 'loa-package-test-*' -mmin +180 \) 2>/dev/null); do
    note "dropping $d, left by an earlier run"
    remove_chroot "$d"
  done
}

exec 9>"$CACHE/loa-package-base.lock"
flock -w 1500 9 || fail "another run holds $CACHE/loa-package-base.lock"
drop_stale
[ -x "$BASE/usr/bin/apt-get" ] || make_base
R=$(mktemp -d "$CACHE/loa-package-test-XXXXXX")
at_exit "remove_chroot '$R'"
cp -a "$BASE/." "$R/"
touch "$BASE" "$R"        # in use (cp -a gave R the base's age)
flock -u 9

# ---- install ----

cp "$DEB1" "$R/tmp/"
note "install: dpkg -i $(basename "$DEB1") in a fresh $SUITE chroot"
in_chroot "$R" dpkg -i "/tmp/$(basename "$DEB1")" >"$T/install.log" 2>&1 ||
  { cat "$T/install.log" >&2; fail "dpkg -i failed"; }
sed 's/^/  dpkg: /' "$T/install.log" | grep -iE 'warn|error' >&2 || true

ver=$(in_chroot "$R" loa --version)
[ "$ver" = "loa $V1" ] || fail "loa --version says '$ver', not 'loa $V1'"
in_chroot "$R" getent passwd loa >/dev/null || fail "no user loa"
[ "$(in_chroot "$R" id -gn loa)" = loa ] || fail "loa's group is not loa"

# OWNER MODE PATH... : each PATH (in the chroot) has that owner:group and octal mode
expect_stat() {
  local want="$1 $2" p got
  shift 2
  for p; do
    got=$(in_chroot "$R" stat -c '%U:%G %a' "$p" 2>/dev/null) || fail "$p is missing"
    [ "$got" = "$want" ] || fail "$p is $got, not $want"
  done
}
expect_stat loa:loa 755 /var/lib/loa /var/lib/loa/out /var/lib/loa/done /var/lib/loa/failed \
  /var/lib/loa/playout
expect_stat loa:loa 2775 /var/lib/loa/inbox /var/lib/loa/inbox/sang /var/lib/loa/inbox/chieu \
  /var/lib/loa/inbox/khan
expect_stat loa:loa 750 /var/lib/loa/state /var/lib/loa/cache
expect_stat root:root 644 /etc/loa/loa.ini /etc/loa/slots.ini /etc/loa/lexicon-local.tsv
expect_stat root:loa 640 /etc/loa/liquidsoap.env /etc/loa/icecast.xml
note "folders, owners and modes as expected; /etc/loa: $(ls "$R/etc/loa" | tr '\n' ' ')"

conffiles=$(in_chroot "$R" dpkg-query -W -f='${Conffiles}' loa | awk '{print $1}' | sort | tr '\n' ' ')
[ "$conffiles" = "/etc/loa/lexicon-local.tsv /etc/loa/loa.ini /etc/loa/slots.ini " ] ||
  fail "conffiles are '$conffiles'"
grep -q '^root = /var/lib/loa$' "$R/etc/loa/loa.ini" || fail "/etc/loa/loa.ini has no root = /var/lib/loa"
grep -q '^jingle = /usr/share/loa/samples/nhac-hieu.flac$' "$R/etc/loa/slots.ini" ||
  fail "/etc/loa/slots.ini does not name its jingle by an absolute path"

# the playout's passwords: made at install, the same on both sides, loopback only
env_pass=$(sed -n 's/^LOA_ICECAST_PASSWORD=//p' "$R/etc/loa/liquidsoap.env")
env_port=$(sed -n 's/^LOA_ICECAST_PORT=//p' "$R/etc/loa/liquidsoap.env")
xml_pass=$(sed -n 's|.*<source-password>\(.*\)</source-password>.*|\1|p' "$R/etc/loa/icecast.xml")
admin_pass=$(sed -n 's|.*<admin-password>\(.*\)</admin-password>.*|\1|p' "$R/etc/loa/icecast.xml")
[ ${#env_pass} -ge 20 ] || fail "the source password '$env_pass' is too short"
[ "$env_pass" = "$xml_pass" ] || fail "liquidsoap.env and icecast.xml have different source passwords"
[ ${#admin_pass} -ge 20 ] && [ "$admin_pass" != "$env_pass" ] || fail "the admin password is not a password of its own"
grep -q "<port>$env_port</port>" "$R/etc/loa/icecast.xml" || fail "icecast.xml does not listen on LOA_ICECAST_PORT $env_port"
grep -q '<bind-address>127.0.0.1</bind-address>' "$R/etc/loa/icecast.xml" || fail "icecast.xml is not loopback only"
! grep -q '@[A-Z_]*@' "$R/etc/loa/icecast.xml" || fail "icecast.xml keeps a placeholder: $(grep -o '@[A-Z_]*@' "$R/etc/loa/icecast.xml" | head -1)"
note "passwords generated (${#env_pass} characters), Icecast on 127.0.0.1:$env_port"

units="loa-watch loa-schedule loa-liquidsoap loa-icecast loa-web"
for u in $units; do
  [ -f "$R/lib/systemd/system/$u.service" ] || fail "$u.service is not installed"
  link=$(readlink "$R/etc/systemd/system/multi-user.target.wants/$u.service") || fail "$u.service is not enabled"
  [ "$link" = "/lib/systemd/system/$u.service" ] || fail "$u.service is enabled as $link"
done
grep -q '^RestartPreventExitStatus=2 ' "$R/lib/systemd/system/loa-watch.service" ||
  fail "loa-watch.service restarts on a wrong configuration (exit 2)"
grep -q '^RestartPreventExitStatus=2 ' "$R/lib/systemd/system/loa-schedule.service" ||
  fail "loa-schedule.service restarts on a wrong configuration (exit 2)"
if command -v systemd-analyze >/dev/null; then
  verify=$(systemd-analyze verify --root="$R" $(for u in $units; do echo "/lib/systemd/system/$u.service"; done) 2>&1) ||
    fail "systemd-analyze verify: $verify"
  [ -z "$verify" ] || note "systemd-analyze verify: $verify"
  note "units installed, enabled (multi-user.target.wants) and verified: $units"
else
  note "units installed and enabled: $units (systemd-analyze is not here: not verified)"
fi

# ---- the station, as user loa ----

as_loa() { in_chroot "$R" runuser -u loa -- "$@"; }
cp "$LOA_SOURCE_DIR/samples/ban-tin-mau.txt" "$R/tmp/"
as_loa cp /tmp/ban-tin-mau.txt /var/lib/loa/inbox/sang/
rc=0
as_loa loa watch --config /etc/loa/loa.ini --once >"$T/watch.log" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$T/watch.log" >&2; fail "loa watch --once exited $rc"; }
MP3="$R/var/lib/loa/out/sang/ban-tin-mau.mp3"
[ -s "$MP3" ] || { cat "$T/watch.log" >&2; fail "no MP3 in /var/lib/loa/out/sang"; }
[ -f "$R/var/lib/loa/done/sang/ban-tin-mau.txt" ] || fail "the bulletin did not move to done/sang"
owner=$(in_chroot "$R" stat -c %U /var/lib/loa/out/sang/ban-tin-mau.mp3)
[ "$owner" = loa ] || fail "the MP3 belongs to $owner, not loa"
on_target "$MP3" -16
decodes_clean "$MP3"

# what a broken configuration and a missing data folder say
printf '[paths]\nnonsense = 1\n' >"$R/tmp/bad.ini"
rc=0
err=$(as_loa loa watch --config /tmp/bad.ini --once 2>&1) || rc=$?
[ $rc = 2 ] || fail "a wrong loa.ini exits $rc, not 2: $err"
note "a wrong loa.ini: exit 2, '$err'"
rc=0
err=$(in_chroot "$R" env LOA_DATA_DIR=/nowhere loa normalize /tmp/ban-tin-mau.txt 2>&1) || rc=$?
[ $rc = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [[ $err == *"/nowhere"* ]] ||
  fail "no data folder: exit $rc, '$err'"

# ---- upgrade ----

wait "$BUILD2" || { tail -30 "$T/package2.log" >&2; fail "./package --version $V2 failed"; }
DEB2=$(tail -1 "$T/package2.log")
# the station's own edits and everything it has made, before
sed -i 's/^name = .*/name = Đài truyền thanh xã Yên Hòa/' "$R/etc/loa/loa.ini"
sed -i '0,/^time = 05:30$/s//time = 05:45/' "$R/etc/loa/slots.ini"
snapshot() {
  (cd "$R" && find var/lib/loa etc/loa -type f -print0 | sort -z | xargs -0 sha256sum) 
  (cd "$R" && find var/lib/loa -printf '%p %U:%G %m\n' | sort)
}
snapshot >"$T/before"
[ "$(find "$R/var/lib/loa/state" "$R/var/lib/loa/cache" -type f | wc -l)" -gt 0 ] ||
  fail "the build left nothing in state/ and cache/ to keep"
cp "$DEB2" "$R/tmp/"
note "upgrade: dpkg -i $(basename "$DEB2")"
in_chroot "$R" dpkg -i "/tmp/$(basename "$DEB2")" >"$T/upgrade.log" 2>&1 ||
  { cat "$T/upgrade.log" >&2; fail "the upgrade failed"; }
snapshot >"$T/after"
diff "$T/before" "$T/after" >&2 || fail "the upgrade changed the station's files (above)"
ver=$(in_chroot "$R" loa --version)
[ "$ver" = "loa $V2" ] || fail "after the upgrade loa says '$ver', not 'loa $V2'"
for u in $units; do
  [ -L "$R/etc/systemd/system/multi-user.target.wants/$u.service" ] || fail "$u.service is not enabled after the upgrade"
done
note "after the upgrade: state, cache, out, done, the edited loa.ini and slots.ini and the passwords unchanged ($(grep -c . "$T/before") entries)"
as_loa cp /tmp/ban-tin-mau.txt /var/lib/loa/inbox/tin-sau-nang-cap.txt
as_loa loa watch --config /etc/loa/loa.ini --once >"$T/watch2.log" 2>&1 ||
  { cat "$T/watch2.log" >&2; fail "loa watch --once fails after the upgrade"; }
on_target "$R/var/lib/loa/out/tin-sau-nang-cap.mp3" -16

# ---- remove, purge ----

in_chroot "$R" dpkg -r loa >"$T/remove.log" 2>&1 || { cat "$T/remove.log" >&2; fail "dpkg -r failed"; }
[ ! -e "$R/usr/bin/loa" ] || fail "dpkg -r left /usr/bin/loa"
for f in etc/loa/loa.ini etc/loa/liquidsoap.env etc/loa/icecast.xml var/lib/loa/out/sang/ban-tin-mau.mp3 \
         var/lib/loa/done/sang/ban-tin-mau.txt; do
  [ -f "$R/$f" ] || fail "dpkg -r removed /$f"
done
grep -q 'Yên Hòa' "$R/etc/loa/loa.ini" || fail "dpkg -r lost the edit to loa.ini"
in_chroot "$R" dpkg -P loa >"$T/purge.log" 2>&1 || { cat "$T/purge.log" >&2; fail "dpkg -P failed"; }
[ ! -e "$R/etc/loa" ] || fail "purge left /etc/loa: $(ls -A "$R/etc/loa" | tr '\n' ' ')"
[ ! -e "$R/var/lib/loa/cache" ] || fail "purge left loa's cache"
for f in var/lib/loa/out/sang/ban-tin-mau.mp3 var/lib/loa/done/sang/ban-tin-mau.txt \
         var/lib/loa/out/tin-sau-nang-cap.mp3; do
  [ -f "$R/$f" ] || fail "purge removed the announcer's /$f"
done
for u in $units; do
  [ ! -e "$R/etc/systemd/system/multi-user.target.wants/$u.service" ] || fail "purge left $u.service enabled"
done
note "remove kept /etc/loa and /var/lib/loa; purge removed /etc/loa and the cache, kept out/ and done/"
echo "package: built, installed, built a bulletin on target, upgraded, removed and purged"

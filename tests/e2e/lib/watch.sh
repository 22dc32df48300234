# watch.sh: helpers for the watch-folder end-to-end tests (sourced after common.sh).
# They run the real `loa watch` on a folder under $T and wait on what it does,
# always with a bound and a reason (wait_until), never with a bare sleep.

WHOLE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mp3_whole.py"
DPID=

# watch_station SETTLE_MS: the test's folder $T with a station in $R ($T/station, its loa.ini
# written by write_config) and a staging folder $S ($T/staging) for inputs before they are
# dropped; whatever the test starts is stopped when it ends.
watch_station() {
  new_tmp watch
  at_exit watch_cleanup
  R=$T/station
  S=$T/staging
  mkdir -p "$R" "$S"
  write_config "$R" "$1" 65536
}

# watch_cleanup: stop whatever the test started (the daemon, background jobs, the builds of
# killed daemons, all running from under $T).
watch_cleanup() {
  [ -n "${DPID:-}" ] && kill -9 "$DPID" 2>/dev/null
  local p
  for p in $(jobs -p); do kill -9 "$p" 2>/dev/null; done
  pkill -9 -f -- "$T/" 2>/dev/null
  return 0
}

# write_config ROOT [SETTLE_MS] [MAX_BYTES]: ROOT/loa.ini with every folder under ROOT.
write_config() {
  station_ini "$1/loa.ini" "[paths]
root = $1
[watch]
settle_ms = ${2:-300}
rescan_s = 2
max_bytes = ${3:-65536}"
}

# start_daemon ROOT [ARGS...]: `loa watch --config ROOT/loa.ini` in the background; DPID is its pid.
start_daemon() {
  local root=$1
  shift
  "$LOA" watch --config "$root/loa.ini" "$@" 2>>"$root/daemon.log" &
  DPID=$!
  wait_until 20 "the daemon to start" test -s "$root/state/daemon.status" -a -e "/proc/$DPID"
}

# stop_daemon: SIGTERM, and the daemon must leave with status 0.
stop_daemon() {
  [ -n "$DPID" ] || return 0
  kill -TERM "$DPID" 2>/dev/null || true
  local st=0
  wait "$DPID" || st=$?
  DPID=
  [ "$st" = 0 ] || fail "the daemon stopped with status $st"
}

# stem REL: REL without its extension, by the daemon's rule (a last ".ext" of 1-7
# letters or digits with at least one letter), for out/STEM.mp3.
stem() {
  local rel=$1 dir= base=$1
  if [[ $rel == */* ]]; then dir=${rel%/*}/; base=${rel##*/}; fi
  if [[ $base =~ ^(.+)\.([A-Za-z0-9]{1,7})$ ]]; then
    local head=${BASH_REMATCH[1]} ext=${BASH_REMATCH[2]}
    [[ $ext =~ [A-Za-z] ]] && base=$head
  fi
  printf '%s%s\n' "$dir" "$base"
}

# outcome ROOT REL: "ok", "failed:CLASS", "none" or "both:..." for the input REL (path under inbox/).
outcome() {
  local root=$1 rel=$2 s dir
  s=$(stem "$rel")
  local ok=0 bad=0 cls=
  [ -f "$root/out/$s.mp3" ] && [ -e "$root/done/$rel" ] && ok=1
  if [ -e "$root/failed/$rel" ] || [ -L "$root/failed/$rel" ]; then
    [ -f "$root/failed/$rel.loi.txt" ] || { echo "failed-without-note"; return; }
    cls=$(sed -n 's/^Class: \([a-z-]*\).*/\1/p' "$root/failed/$rel.loi.txt")
    bad=1
  fi
  if ((ok && bad)); then echo "both:$cls"
  elif ((ok)); then echo ok
  elif ((bad)); then echo "failed:$cls"
  else echo none
  fi
}

# bulletin N: a short Vietnamese bulletin, different for every N, long enough
# (15-25 s of speech) for integrated loudness to be measured.
bulletin() {
  local n=$1
  local thon=("Đông" "Đoài" "Nam" "Bắc" "Trung" "Thượng" "Hạ" "Tiền" "Hậu" "Tân")
  local topic=(
    "lịch tiêm phòng cúm gia cầm đợt hai năm nay|Đề nghị bà con nhốt gà, vịt trong chuồng vào buổi sáng để cán bộ thú y đến tiêm phòng tận nhà."
    "việc nạo vét kênh mương nội đồng trước vụ đông|Mỗi hộ cử một lao động mang theo cuốc, xẻng và tập trung tại đầu cánh đồng lúc bảy giờ sáng."
    "kế hoạch tổng vệ sinh môi trường cuối tuần|Bà con quét dọn đường làng, khơi thông cống rãnh và thu gom rác thải về đúng nơi quy định."
    "lịch cắt điện để sửa chữa đường dây trung thế|Trong thời gian cắt điện, bà con chủ động sắp xếp công việc và không đến gần cột điện đang sửa chữa."
    "hội nghị tiếp xúc cử tri với đại biểu Hội đồng nhân dân huyện|Kính mời bà con cử tri đến dự đông đủ và đóng góp ý kiến về các việc của thôn, của xã."
    "phòng chống dịch sốt xuất huyết trong mùa mưa|Bà con lật úp các vật dụng chứa nước, thả cá vào bể nước và ngủ màn kể cả ban ngày."
    "phòng chống rét cho trâu bò trong những ngày giá lạnh|Bà con che chắn chuồng trại kín gió, dự trữ rơm khô và không thả trâu bò ra đồng khi trời quá rét."
    "tuyển sinh lớp dạy nghề trồng nấm cho lao động nông thôn|Người có nhu cầu học nghề đăng ký với trưởng thôn trước cuối tháng để được hỗ trợ học phí."
    "đăng ký khám sức khỏe nghĩa vụ quân sự năm tới|Các thanh niên trong độ tuổi mang theo căn cước công dân đến trạm y tế xã đúng giờ."
    "hướng dẫn cài đặt ứng dụng định danh điện tử trên điện thoại|Tổ công nghệ số cộng đồng sẽ có mặt tại nhà văn hóa thôn để giúp bà con cài đặt miễn phí."
  )
  local t=${topic[$((n % 10))]}
  local ngay=$((n % 27 + 1)) gio=$((n % 5 + 7))
  printf 'Thông báo về %s\n\n' "${t%%|*}"
  printf 'Ủy ban nhân dân xã Yên Hòa thông báo tới toàn thể bà con nhân dân thôn %s về %s. ' \
    "${thon[$((n / 10 % 10))]}" "${t%%|*}"
  printf 'Thời gian thực hiện bắt đầu từ %d giờ sáng ngày %d tháng %d năm nay, bản tin số %d. ' \
    "$gio" "$ngay" "$((n % 12 + 1))" "$n"
  printf '%s\n\n' "${t#*|}"
  printf 'Ủy ban nhân dân xã đề nghị các thôn phổ biến rộng rãi thông báo này để bà con được biết và thực hiện nghiêm túc.\n'
}

# sha FILE: content hash.
sha() { sha256sum <"$1" | cut -c1-64; }

# mp3s_whole FILE...: every MP3 is complete and its Xing/Info counts match.
mp3s_whole() {
  (($#)) || return 0
  local bad
  bad=$(python3 "$WHOLE" "$@") || fail "incomplete MP3: $bad"
}

# mp3s_ready FILE...: every MP3 is whole, decodes cleanly and measures on target.
mp3s_ready() {
  mp3s_whole "$@"
  local f
  for f; do
    decodes_clean "$f"
    on_target "$f"
  done
}

# no_strays ROOT: no process still runs with ROOT on its command line.
no_strays() {
  local left
  left=$(pgrep -f -- "$1" || true)
  [ -z "$left" ]
}

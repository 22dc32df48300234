#!/usr/bin/env bash
# watch_drop50.sh: the real `loa watch` on a temporary station folder. Fifty files are
# dropped at once: good bulletins under awkward names and in several encodings and formats,
# half-written copies, renames into the inbox, duplicates, empty, binary, wrongly encoded,
# oversized, a bad header, a link, a hard link, a note dropped back. Each must end in exactly
# one of out/+done/ or failed/ (with the right reason in its .loi.txt), with its bytes intact;
# temporary names stay untouched; every MP3 is whole, decodes and measures on target; a
# duplicate is not built again; a second daemon on the same folder refuses to run.
set -euo pipefail
shopt -s lastpipe   # `... | stage` records into the arrays of this shell
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/watch.sh"
watch_station 300

declare -A expect=() want_hash=()
order=()
# stage REL RESULT: the content is read from stdin into staging; REL is where it will be dropped.
stage() {
  local rel=$1 result=$2 f
  f="$S/$(printf '%03d' "${#order[@]}")"
  cat >"$f"
  expect[$rel]=$result
  want_hash[$rel]=$(sha "$f")
  order+=("$rel")
}

echo "== staging 50 inputs" >&2
i=0
for name in "ban tin 1.txt" "Thông báo tiêm phòng.txt" "-bắt đầu bằng gạch.txt" "--help.txt" \
  "sang/Lịch cắt điện.txt" "chieu/hội nghị cử tri.txt" "chieu/-x.txt" "a'nháy đơn.txt" \
  "100% đúng.txt" "\$(echo pwned).txt" "sang/nhiều  khoảng   trắng.txt" "sang/sáng mai.txt" \
  "Tên rất dài của một bản tin về việc phòng chống dịch bệnh trong mùa mưa bão năm nay.txt" \
  "khan/bão số 3.txt" "chieu/x y z.txt"; do
  i=$((i + 1))
  bulletin "$i" | stage "$name" ok
done
bulletin 51 | iconv -f utf-8 -t utf-16 | stage "utf16.txt" ok
bulletin 52 | iconv -f utf-8 -t cp1258 | stage "windows-1258.txt" ok
{ printf '# Bản tin\n\n'; bulletin 53; } | stage "ban tin.md" ok
bulletin 54 >"$T/b18.md"
pandoc -f markdown -t docx "$T/b18.md" -o "$T/b18.docx"
stage "văn bản Word.docx" ok <"$T/b18.docx"
{ printf 'Tiêu đề: Bản tin có phần đầu\nBuổi: sáng\n---\n'; bulletin 55; } | stage "co tieu de.txt" ok
{ printf 'Tiêu đề: Thông báo khẩn\nMức độ: khẩn cấp\n---\n'; bulletin 56; } | stage "khẩn cấp.txt" ok

for k in 1 2 3 4 5; do bulletin $((30 + k)) | stage "chép chậm $k.txt" ok; done
for k in 1 2 3 4 5; do bulletin $((40 + k)) | stage "$([ $k -le 2 ] && echo sang/)đổi tên $k.txt" ok; done
for k in 1 2 3 4 5; do bulletin "$k" | stage "bản sao $k.txt" ok; done   # same text as inputs 1-5

stage "trống.txt" failed:empty </dev/null
printf '   \n\n \t \n' | stage "chỉ khoảng trắng.txt" failed:empty
stage "sang/rỗng.txt" failed:empty </dev/null
{ printf '\x89PNG\r\n\x1a\n'; head -c 3000 /dev/urandom; } | stage "ảnh.png" failed:binary
{ printf '\x7fELF\x02\x01\x01\x00'; head -c 2000 /dev/urandom; } | stage "chuong trinh.bin" failed:binary
head -c 4000 /dev/urandom | stage "ngẫu nhiên.txt" failed:binary
printf 'Gr\xfc\xdfe aus M\xfcnchen, sch\xf6ne Gr\xfc\xdfe an alle B\xfcrger der Stadt.\n' |
  stage "sai bảng mã 1.txt" failed:encoding
printf '\xc4\xe3\xba\xc3 \xce\xd2\xc3\xc7 \xca\xc7 \xd6\xd0\xb9\xfa\xc8\xcb\xa1\xa3 \xbd\xf1\xcc\xec\xcc\xec\xc6\xf8\xba\xdc\xba\xc3\xa1\xa3\n' |
  stage "sai bảng mã 2.txt" failed:encoding
for k in $(seq 1 150); do bulletin "$k"; done | stage "quá lớn.txt" failed:too-big
{ printf 'Tiêu đề: Ngày sai\nTừ ngày: 31/2/2026\n---\n'; bulletin 57; } | stage "đầu sai.txt" failed:header
printf -- '- 1 -\n\nTrang 2\n\n- 3 -\n' | stage "chỉ số trang.txt" failed:no-speech
printf 'a note\n' | stage "ghi chú.loi.txt" failed:note
# a link and a hard link, made at drop time; their results are known now
expect["lối tắt.txt"]=failed:symlink
order+=("lối tắt.txt")
bulletin 58 >"$S/secret.txt"
expect["liên kết cứng.txt"]=failed:hardlink
want_hash["liên kết cứng.txt"]=$(sha "$S/secret.txt")
order+=("liên kết cứng.txt")
[ "${#order[@]}" = 50 ] || fail "staged ${#order[@]} inputs, not 50"
ok_count=0
for rel in "${order[@]}"; do [ "${expect[$rel]}" = ok ] && ok_count=$((ok_count + 1)); done

echo "== a daemon starts; all 50 are dropped at once" >&2
start_daemon "$R"
grep -q 'đang chạy / running' < <("$LOA" status --config "$R/loa.ini") || fail "status does not say running"
st=0
msg=$("$LOA" watch --config "$R/loa.ini" 2>&1) || st=$?
[ "$st" = 6 ] || fail "a second daemon on the same folder exited $st, not 6: $msg"
grep -q "already" <<<"$msg" || fail "the second daemon does not say why: $msg"
note "second daemon refused: $msg"

in=$R/inbox
mkdir -p "$in/sang" "$in/chieu" "$in/khan"
# temporaries that must be left alone
printf 'half' >"$in/đang chép.txt.part"
printf 'owner' >"$in/~\$văn bản.docx"
printf 'hidden' >"$in/.ẩn.txt"
printf 'dl' >"$in/tải về.crdownload"
n=0
for rel in "${order[@]}"; do
  src="$S/$(printf '%03d' "$n")"
  n=$((n + 1))
  case $rel in
    "lối tắt.txt") ln -s "$S/secret.txt" "$in/$rel" ;;
    "liên kết cứng.txt") ln "$S/secret.txt" "$in/$rel" ;;
    "chép chậm "*)
      # a copy written in two halves, held open across a pause longer than the settle time
      (exec 3>"$in/$rel"; head -c 200 "$src" >&3; sleep 1.5; tail -c +201 "$src" >&3) &
      ;;
    *"đổi tên "*) cp "$src" "$S/renamed.$n" && mv "$S/renamed.$n" "$in/$rel" ;;
    *) cp "$src" "$in/$rel" ;;
  esac
done

echo "== waiting for every input to end somewhere" >&2
all_settled() {
  local rel
  for rel in "${order[@]}"; do
    [ "$(outcome "$R" "$rel")" != none ] || return 1
  done
  [ -z "$(ls -A "$R/state/work")" ]
}
wait_until 300 "all 50 inputs to reach out/+done/ or failed/" all_settled
stop_daemon

echo "== each input ended in exactly one place, for the right reason, with its bytes" >&2
for rel in "${order[@]}"; do
  got=$(outcome "$R" "$rel")
  [ "$got" = "${expect[$rel]}" ] || fail "$rel: ${got}, expected ${expect[$rel]}"
  if [ "$got" = ok ]; then kept="$R/done/$rel"; else kept="$R/failed/$rel"; fi
  if [ "$rel" = "lối tắt.txt" ]; then
    [ -L "$kept" ] && [ "$(readlink "$kept")" = "$S/secret.txt" ] || fail "the link was not kept as a link"
  else
    [ "$(sha "$kept")" = "${want_hash[$rel]}" ] || fail "$rel: the bytes in $kept are not the ones dropped"
  fi
  if [ "$got" != ok ]; then
    notef="$R/failed/$rel.loi.txt"
    grep -qF "KHÔNG LÀM ĐƯỢC BẢN TIN: $rel" "$notef" || fail "$notef does not name the file"
    grep -q '^Cách sửa: ' "$notef" && grep -q '^What to do: ' "$notef" || fail "$notef lacks what to do"
  fi
done
note "50 outcomes as expected ($ok_count built, $((50 - ok_count)) refused)"
grep -q "Hãy mở tệp, kiểm tra nội dung rồi chép lại vào thư mục inbox." "$R/failed/trống.txt.loi.txt" ||
  fail "the empty-file note lacks its advice"
grep -q '^Dòng: 2' "$R/failed/đầu sai.txt.loi.txt" || fail "the header note does not name line 2"
grep -q 'windows-1258' "$R/failed/sai bảng mã 1.txt.loi.txt" || fail "the encoding note does not name the candidates"
grep -q 'Giới hạn là' "$R/failed/quá lớn.txt.loi.txt" || fail "the size note does not give the limit"

echo "== what is left: temporaries in the inbox, nothing in state/work, no temporaries in out/" >&2
left=$(cd "$in" && find . -type f -o -type l | LC_ALL=C sort | tr '\n' '|')
want=$(printf '%s\n' "./.ẩn.txt" "./tải về.crdownload" "./đang chép.txt.part" "./~\$văn bản.docx" |
  LC_ALL=C sort | tr '\n' '|')
[ "$left" = "$want" ] || fail "the inbox holds: $left"
[ -z "$(ls -A "$R/state/work")" ] || fail "state/work is not empty"
[ -z "$(find "$R/out" -name '.*')" ] || fail "temporaries in out/: $(find "$R/out" -name '.*')"
mapfile -t mp3s < <(find "$R/out" -name '*.mp3' | sort)
[ "${#mp3s[@]}" = "$ok_count" ] || fail "${#mp3s[@]} MP3s in out/ for $ok_count good inputs"

echo "== every MP3 is whole, decodes cleanly and measures on target" >&2
mp3s_ready "${mp3s[@]}"

echo "== duplicates were not built again, and say so" >&2
built=$(grep -c 'event=done .*cached=0' "$R/daemon.log" || true)
reused=$(grep -c 'event=done .*cached=1' "$R/daemon.log" || true)
[ "$reused" = 5 ] || fail "$reused inputs reused a cached build, expected the 5 duplicates"
[ "$built" = $((ok_count - 5)) ] || fail "$built builds for $((ok_count - 5)) different contents"
for k in 1 2 3 4 5; do
  cmp -s "$R/out/bản sao $k.mp3" "$R/out/$(stem "$(printf '%s' "${order[$((k - 1))]}")").mp3" ||
    fail "bản sao $k.mp3 differs from the MP3 of the same text"
done
ndup=$(find "$R/out" -name '*.canh-bao.txt' -exec grep -l 'Trùng nội dung' {} + | wc -l)
[ "$ndup" = 5 ] || fail "$ndup warnings name a duplicate, expected 5"

echo "== urgent notices went to the playout" >&2
for rel in "khan/bão số 3.txt" "khẩn cấp.txt"; do
  grep -F "event=urgent-" "$R/daemon.log" | grep -qF "file=\"$rel\"" || fail "no urgent event for $rel"
done
note "$(grep -F 'event=urgent-' "$R/daemon.log" | sed 's/^.*event=/event=/' | tr '\n' ';')"

echo "== loa status shows the results" >&2
st_out=$("$LOA" status --config "$R/loa.ini" -n 60)
grep -q 'không chạy / not running' <<<"$st_out" || fail "status after stop: $st_out"
grep -qF 'xong / done     sang/Lịch cắt điện.txt -> out/sang/Lịch cắt điện.mp3' <<<"$st_out" ||
  fail "status lacks a done line: $st_out"
grep -qF 'lỗi / failed    trống.txt: empty' <<<"$st_out" || fail "status lacks a failed line: $st_out"

no_strays "$R" || fail "processes left running: $(pgrep -af -- "$R")"
echo "watch_drop50: ok" >&2

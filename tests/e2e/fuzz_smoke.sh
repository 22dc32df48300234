#!/usr/bin/env bash
# fuzz_smoke.sh: builds the libFuzzer targets (tests/fuzz) with clang and runs each for a short
# while from its seeds, after replaying every input that once crashed (tests/fuzz/regress).
# A crash, leak or sanitizer report fails the test. Skips (exit 77) without clang and libFuzzer.
# FUZZ_SECONDS sets the time per target (default 20).
set -euo pipefail

. "$(dirname "$0")/lib/common.sh"
src=$LOA_SOURCE_DIR
bld=$LOA_BUILD_DIR
secs=${FUZZ_SECONDS:-20}
if ! command -v clang >/dev/null; then
  echo "SKIP: no clang"
  exit 77
fi
new_tmp fuzz
probe=$T/probe
work=$T/work
mkdir "$probe" "$work"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>/dev/null; then
  echo "SKIP: clang has no libFuzzer runtime (libclang-rt-*-dev)"
  exit 77
fi

fz="$bld/fuzz-smoke"
CC=clang cmake -S "$src" -B "$fz" -DLOA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(fuzz_decode fuzz_clean)
[ -f "$src/tts/normalize.c" ] && targets+=(fuzz_normalize)
cmake --build "$fz" -j2 --target "${targets[@]}" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  bin="$fz/tests/fuzz/$t"
  mkdir -p "$work/$name" "$work/art"
  seeds="$src/tests/fuzz/seeds/$name"
  [ -d "$seeds" ] && cp "$seeds"/* "$work/$name/" 2>/dev/null || true
  regress="$src/tests/fuzz/regress/$name"
  if [ -d "$regress" ] && ls "$regress"/* >/dev/null 2>&1; then
    if ! "$bin" "$regress"/* >"$work/$name.replay.log" 2>&1; then
      echo "FAIL: $t crashes again on a regression input"
      tail -30 "$work/$name.replay.log"
      status=1
      continue
    fi
    echo "$t: $(ls "$regress" | wc -l) regression inputs replayed"
  fi
  if ! "$bin" -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2560 \
        -artifact_prefix="$work/art/$name-" -print_final_stats=1 "$work/$name" >"$work/$name.log" 2>&1; then
    echo "FAIL: $t found a crash:"
    grep -E "ERROR|SUMMARY|#[0-9]+ 0x" "$work/$name.log" | head -20
    for a in "$work/art"/*; do   # the input, to add under tests/fuzz/regress/$name
      echo "input $(basename "$a") (base64): $(head -c 3000 "$a" | base64 -w0)"
    done
    status=1
  else
    echo "$t: $(grep -E 'stat::number_of_executed_units' "$work/$name.log" | awk '{print $2}') runs in ${secs}s, no crash"
  fi
done
exit $status

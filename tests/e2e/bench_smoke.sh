#!/usr/bin/env bash
# bench_smoke.sh: bench/run --smoke works end to end: every chain runs on the same short input,
# its output is measured, loa's outputs are on target and --jobs 1 gives the same file.
# No timing is asserted.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
new_tmp
python3 "$LOA_SOURCE_DIR/bench/run" --smoke --out "$T/results.md" 2>"$T/log" || { cat "$T/log" >&2; fail "bench/run --smoke failed"; }
r="$T/results.md"
cat "$r" >&2
rows=$(grep -cE '^\| [0-9.]+ min \| .* \| (yes|no) \|$' "$r")
[ "$rows" = 5 ] || fail "expected 5 measured chains, found $rows"
grep -q '^| .* | loa build (default, both cores) | .* | yes |$' "$r" || fail "loa (default) not on target"
grep -q '^| .* | loa build --jobs 1 | .* | yes |$' "$r" || fail "loa --jobs 1 not on target"
grep -q 'give byte-identical MP3s: .*: yes' "$r" || fail "--jobs 1 and the default differ"
grep -q '^| first build | ' "$r" || fail "no programme assembly row"
echo PASS >&2

#!/usr/bin/env bash
# lexicon_tables.sh: the shipped lexicon tables and the sample override file pass
# lexicon/check-tables, the checker fails loudly (file, line, row) on each kind of bad
# row, the word lists are exactly those the code reads, every part of a document-number
# code is in the abbreviation table, and eSpeak NG reads every spoken word as Vietnamese.
set -euo pipefail

. "$(dirname "$0")/lib/common.sh"
src=$LOA_SOURCE_DIR
check="$src/lexicon/check-tables"
new_tmp lexicon
tmp=$T
fails=0

say() { printf '%s\n' "$*"; }
bad() { say "FAIL: $*"; fails=$((fails + 1)); }

# 1. The shipped tables and the sample override pass (with eSpeak NG when it is there).
espeak=()
command -v espeak-ng >/dev/null && espeak=(--espeak)
if out=$(python3 "$check" "${espeak[@]}" --override "$src/samples/lexicon-local.tsv" 2>&1); then
  say "$out"
else
  say "$out"
  bad "the shipped tables do not pass check-tables"
fi

# 2. Each kind of bad row is reported with its file, line number and row, exit status 1.
#    expect_fail TABLE 'ROW' 'message part' [extra check-tables args]: appends ROW to a
#    fresh copy of the tables and runs the checker on the copy.
fresh() {
  rm -rf "$tmp/lex" && mkdir "$tmp/lex"
  cp "$src"/lexicon/{abbreviations,loanwords,units,letters,wordlists,symbols}.tsv "$tmp/lex/"
  [ -f "$src/lexicon/syllables.txt" ] && cp "$src/lexicon/syllables.txt" "$tmp/lex/"
  return 0
}
expect_fail() {
  local table=$1 row=$2 want=$3; shift 3
  fresh
  printf '%b\n' "$row" >>"$tmp/lex/$table"
  local line; line=$(wc -l <"$tmp/lex/$table")
  local out rc=0
  out=$(python3 "$check" --dir "$tmp/lex" "$@" 2>&1) || rc=$?
  if [ "$rc" -ne 1 ]; then
    bad "$table + '$row': exit status $rc, expected 1"; say "$out"; return
  fi
  if ! grep -qF "$tmp/lex/$table:$line: " <<<"$out"; then
    bad "$table + '$row': no '$table:$line:' in the report"; say "$out"; return
  fi
  if ! grep -qF -- "$want" <<<"$out"; then
    bad "$table + '$row': the report does not say '$want'"; say "$out"; return
  fi
  say "ok: $table:$line rejected: $(grep -F "$table:$line: " <<<"$out" | head -1 | sed 's/.*: //')"
}

expect_fail abbreviations.tsv 'XYZW' 'has 2 or 3 columns'
expect_fail abbreviations.tsv 'XYZW\tmột\thai\tba' 'has 2 or 3 columns'
expect_fail abbreviations.tsv 'XYZW\t' 'column 2 is empty'
expect_fail abbreviations.tsv 'XYZW\tmột \tx' 'spaces at its start or end'
expect_fail abbreviations.tsv 'UBND\tủy ban nhân dân' 'duplicate'
expect_fail abbreviations.tsv 'BCH\tban chỉ huy\tquân,sự' 'already used'
expect_fail abbreviations.tsv 'XYZW\tcông nghệ blockchain' "'blockchain' is not a Vietnamese syllable"
expect_fail abbreviations.tsv 'XYZW\tvăn hoá xã hội' "write 'hóa'"
expect_fail abbreviations.tsv 'XYZW\tthuỷ lợi' "write 'thủy'"
expect_fail abbreviations.tsv 'XYZW\tỦy ban' 'lower case'
expect_fail abbreviations.tsv 'XYZW\tủy ban\tĐảng' 'one lower-case word'
expect_fail abbreviations.tsv 'XYZW\tủy ban\tđảng,,hội' 'empty context word'
expect_fail abbreviations.tsv 'XYZW\tủy ban 3' "'3' is not a Vietnamese syllable"
expect_fail loanwords.tsv 'ZALO\tda lô' 'duplicate'
expect_fail loanwords.tsv 'mywebsite\tmai oép sai' "'oép' is not a Vietnamese syllable"
expect_fail loanwords.tsv 'two words\thai' 'contains a space'
expect_fail units.tsv 'km\tki lô mét' 'duplicate'
expect_fail units.tsv 'km/phút\tki lô mét/phút' 'is not a Vietnamese syllable'
expect_fail letters.tsv 'ç\txê' 'not a lower-case letter'
expect_fail letters.tsv 'a\ta' 'duplicate'
expect_fail wordlists.tsv 'counted\tthôn' 'duplicate'
expect_fail wordlists.tsv 'Counted\tbản làng' 'lower-case ASCII'
expect_fail wordlists.tsv 'counted\thoá đơn' "write 'hóa'"
expect_fail wordlists.tsv 'counted' 'has 2 columns'
expect_fail wordlists.tsv 'dial\tsố 113' 'not a word of letters'
expect_fail symbols.tsv '&\tvà' 'duplicate'
expect_fail symbols.tsv '§\tmục\tphrase' "the third being 'address'"
expect_fail symbols.tsv '%\tphần trăm' 'read from units.tsv'
expect_fail symbols.tsv '¢\tcent' "'cent' is not a Vietnamese syllable"
expect_fail abbreviations.tsv 'XYZW\tủy ban\r' 'carriage return'
expect_fail abbreviations.tsv "XYZW\tu\xcc\x89y ban" 'NFC'
if [ ${#espeak[@]} -gt 0 ]; then
  # eSpeak NG's dictionary sends "gen" to its English voice.
  expect_fail loanwords.tsv 'gel\tgen' 'in another language' --espeak
fi

# A letter without a name, a table below its minimum count, a bad override file.
fresh
sed -i '/^z\t/d' "$tmp/lex/letters.tsv"
if out=$(python3 "$check" --dir "$tmp/lex" 2>&1) || ! grep -q 'no name for the letter(s): z' <<<"$out"; then
  bad "a missing letter z is not reported"; say "$out"
else say "ok: missing letter z reported"; fi
fresh
if out=$(python3 "$check" --dir "$tmp/lex" --min-loan 100000 2>&1) || ! grep -q 'at least 100000 expected' <<<"$out"; then
  bad "a too-short loanword table is not reported"; say "$out"
else say "ok: count below the minimum reported"; fi
printf 'abbr\tXYZW\tủy ban\nabbrev\tXYZW\tủy ban\nloan\tFoo\tphu\nunit\tkm\t\n' >"$tmp/local.tsv"
if out=$(python3 "$check" --override "$tmp/local.tsv" 2>&1) \
   || ! grep -qF "$tmp/local.tsv:2: the first column must name the table" <<<"$out" \
   || ! grep -qF "$tmp/local.tsv:4: column 3 is empty" <<<"$out"; then
  bad "a bad override file is not reported line by line"; say "$out"
else say "ok: bad override rows reported"; fi

# 3. The word lists are those the code reads: each list of wordlists.tsv is named in
#    tts/norm_lists.h or read by name in schedules/, and each of those is in the file.
python3 - "$src" <<'PY' || fails=$((fails + 1))
import glob, re, sys
src = sys.argv[1]
data = {l.split("\t")[0] for l in open(src + "/lexicon/wordlists.tsv", encoding="utf-8")
        if l.strip() and not l.startswith("#")}
named = set(re.findall(r'X\(NL_\w+, "([a-z-]+)"\)', open(src + "/tts/norm_lists.h").read()))
for f in glob.glob(src + "/schedules/*.c"):
    named |= set(re.findall(r'loa_lexicon_list\(\w+, "([a-z-]+)"\)', open(f, encoding="utf-8").read()))
for w in sorted(data - named):
    print("FAIL: word list '%s' of wordlists.tsv is read by no code" % w)
for w in sorted(named - data):
    print("FAIL: word list '%s' is read by the code but missing from wordlists.tsv" % w)
ok = data == named
print("ok: %d word lists, each read by the code and each in the file" % len(data) if ok else "")
sys.exit(0 if ok else 1)
PY

# 4. Every part of a document-number code has an expansion: codes written in the style of
#    commune reports, plus, when the reference corpus is present, every code found in it.
codes='Quyết định số 12/QĐ-UBND, Nghị quyết số 05-NQ/TW, Công điện số 14/CĐ-TTg,
Nghị định 30/2020/NĐ-CP, Thông tư 01/2024/TT-BTC, Chỉ thị 25-CT/HU, Kế hoạch 07/KH-BCĐ,
Báo cáo 102/BC-UBND, Tờ trình 15/TTr-UBND, Hướng dẫn 03/HD-UBND, Giấy mời 45/GM-UBND,
Thông báo 88/TB-UBND, Kết luận 18-KL/TU, Nghị quyết 09-NQ/ĐU, Công văn 120/UBND-TNMT,
Công văn 56/UBND-LĐTBXH, Công văn 77/UBND-GDĐT, Công văn 412/STTTT-CNTT, Quyết định
31/QĐ-BCH, Kế hoạch 11/KH-BCĐ-CĐS, Công văn 64/UBND-VHTT, Quyết định 520/QĐ-TTg,
Thông báo 57/TB-BCĐ, Kế hoạch 19/KH-MTTQ, Báo cáo 08/BC-HĐND, Công văn 230/CAX-ANTT'
corpus="$src/../shared/corpus"
python3 - "$src/lexicon/abbreviations.tsv" "$corpus" "$codes" <<'EOF' || fails=$((fails + 1))
import glob, os, re, sys, unicodedata
table, corpus, own = sys.argv[1:4]
keys = {l.split("\t")[0] for l in open(table, encoding="utf-8") if l.strip() and not l.startswith("#")}
texts = [("the test's own codes", own)]
for p in sorted(glob.glob(os.path.join(corpus, "*.txt"))):
    texts.append((p, open(p, encoding="utf-8", errors="replace").read()))
code = re.compile(r"\b\d+\s*[-/]\s*(?:\d{4}\s*/\s*)?"
                  r"([A-ZĐ][A-Za-zĐđ&]*(?:\s*[-–/]\s*[A-ZĐ][A-Za-zĐđ&]*)+)")
missing, seen = [], 0
for name, text in texts:
    for m in code.finditer(unicodedata.normalize("NFC", text)):
        for part in re.split(r"\s*[-–/]\s*", m.group(1)):
            seen += 1
            if part not in keys:
                missing.append("%s: '%s' in '%s'" % (name, part, m.group(0)))
if not texts[1:]:
    print("note: %s absent; checked the test's own codes only" % corpus)
for m in missing:
    print("FAIL: no expansion for the document-code part", m)
print("ok: %d document-code parts, all in the abbreviation table" % seen if not missing else "")
sys.exit(1 if missing else 0)
EOF

if [ "$fails" -ne 0 ]; then
  say "lexicon_tables: $fails failure(s)"
  exit 1
fi
say "lexicon_tables: all checks passed"

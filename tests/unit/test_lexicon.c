/* test_lexicon.c: loading the TSV tables, lookups, override precedence,
 * duplicate rows, context choice and malformed rows reported as FILE:LINE.
 * Each test writes its own small tables into a temporary folder; one test
 * also loads the shipped lexicon.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "testutil.h"

static char dir[256];

static void write_file(const char *name, const char *text)
{
  char path[512];
  tu_write_text(tu_path(path, sizeof path, dir, name), text);
}

static int setup(void **state)
{
  if (tu_tmpdir(dir, sizeof dir, "lexicon"))
    return -1;
  write_file("syllables.txt", "# syllables\nhóa\nthủy\nủy\nban\nnhân\ndân\nxã\nđồng\n");
  write_file("letters.tsv", "# letters\na\ta\nb\tbê\nv\tvê\nđ\tđê\nn\ten\n");
  write_file("units.tsv", "km\tki lô mét\nm\tmét\nM\tmê ga\nđ\tđồng\n");
  write_file("loanwords.tsv",
             "# brands\nZalo\tda lô\ninternet\tin-tơ-nét\nwifi\twai phai\nwifi\tquai phai\n");
  write_file("abbreviations.tsv",
             "# header\n"
             "UBND\tỦy ban nhân dân\n"
             "BCH\tban chấp hành\n"
             "BCH\tban chỉ huy\tquân sự, công an,phòng cháy,#mark\n"
             "BCH\tban chấp hành\tđảng,đoàn\n"
             "TT\tthường trực\tđảng ủy\n"
             "TT\tthông tư\tbộ\n"
             "NC\tnội chính\t#code\n"
             "HĐND\thội đồng nhân dân\n"
             "HĐND\thội đồng  nhân dân tỉnh\n"
             "v/v\tvề việc\n"
             "CNTT\tcông nghệ thông tin\r\n"
             "\n");
  return 0;
}

static int teardown(void **state)
{
  return tu_rmtree(dir);
}

static loa_lexicon *load(void)
{
  loa_lexicon *lx = NULL;
  char err[512];
  int rc = loa_lexicon_load(&lx, dir, err, sizeof err);
  if (rc)
    fprintf(stderr, "load: %s\n", err);
  assert_int_equal(rc, LOA_LEX_OK);
  assert_non_null(lx);
  return lx;
}

#define S(x) x, strlen(x)

static void test_lookups(void **state)
{
  loa_lexicon *lx = load();
  /* values come back lower case, NFC, modern tones, single spaces */
  assert_string_equal(loa_lexicon_abbr(lx, S("UBND"), NULL), "ủy ban nhân dân");
  assert_null(loa_lexicon_abbr(lx, S("ubnd"), NULL)); /* abbreviations are exact case */
  assert_string_equal(loa_lexicon_abbr(lx, S("v/v"), NULL), "về việc");
  assert_string_equal(loa_lexicon_abbr(lx, S("CNTT"), NULL), "công nghệ thông tin"); /* CRLF */
  /* loanwords are case-insensitive, hyphens in respellings are spaces */
  assert_string_equal(loa_lexicon_loanword(lx, S("zalo")), "da lô");
  assert_string_equal(loa_lexicon_loanword(lx, S("ZALO")), "da lô");
  assert_string_equal(loa_lexicon_loanword(lx, S("Internet")), "in tơ nét");
  assert_null(loa_lexicon_loanword(lx, S("zal")));
  /* units are case-sensitive */
  assert_string_equal(loa_lexicon_unit(lx, S("m")), "mét");
  assert_string_equal(loa_lexicon_unit(lx, S("M")), "mê ga");
  assert_null(loa_lexicon_unit(lx, S("KM")));
  /* letters in any case */
  assert_string_equal(loa_lexicon_letter(lx, S("B")), "bê");
  assert_string_equal(loa_lexicon_letter(lx, S("đ")), "đê");
  assert_string_equal(loa_lexicon_letter(lx, S("Đ")), "đê");
  assert_null(loa_lexicon_letter(lx, S("q")));
  loa_lexicon_free(lx);
}

static void test_syllables_and_respellings(void **state)
{
  loa_lexicon *lx = load();
  assert_true(loa_lexicon_is_syllable(lx, S("hóa")));
  assert_true(loa_lexicon_is_syllable(lx, S("xã")));
  assert_false(loa_lexicon_is_syllable(lx, S("hoá"))); /* the list is modern tone placement */
  assert_false(loa_lexicon_is_syllable(lx, S("zalo")));
  /* words of respellings count: da lô, wai phai, ki lô mét, bê */
  assert_true(loa_lexicon_is_syllable(lx, S("lô")));
  assert_true(loa_lexicon_is_syllable(lx, S("wai")));
  assert_true(loa_lexicon_is_syllable(lx, S("ki")));
  assert_true(loa_lexicon_is_syllable(lx, S("bê")));
  assert_false(loa_lexicon_is_syllable(lx, S("")));
  loa_lexicon_free(lx);
}

static void test_duplicates_last_row_wins(void **state)
{
  loa_lexicon *lx = load();
  assert_string_equal(loa_lexicon_loanword(lx, S("wifi")), "quai phai");
  assert_string_equal(loa_lexicon_abbr(lx, S("HĐND"), NULL), "hội đồng nhân dân tỉnh");
  loa_lexicon_free(lx);
}

static void test_context_choice(void **state)
{
  loa_lexicon *lx = load();
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), NULL), "ban chấp hành");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "xã họp"), "ban chấp hành");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "chỉ huy trưởng quân sự xã"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "công an xã"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "đảng bộ xã"), "ban chấp hành");
  /* whole words only: "quân sựa" is not "quân sự" */
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "quân sựa"), "ban chấp hành");
  /* no default row: the first row is the guess when no context matches */
  assert_string_equal(loa_lexicon_abbr(lx, S("TT"), "của bộ tài chính"), "thông tư");
  assert_string_equal(loa_lexicon_abbr(lx, S("TT"), "đảng ủy xã"), "thường trực");
  assert_string_equal(loa_lexicon_abbr(lx, S("TT"), "xã"), "thường trực");
  /* both rows' words near: the one nearest to the abbreviation's place (#here) wins,
   * in either direction and over a phrase of two words; without the place, as before */
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "đảng bộ xã #here quân sự"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "quân sự xã họp #here đảng"), "ban chấp hành");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "#here đảng quân sự"), "ban chấp hành");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "đảng xã #here công an"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("TT"), "bộ #here xã đảng ủy"), "thông tư");
  assert_string_equal(loa_lexicon_abbr(lx, S("TT"), "bộ nói #here đảng ủy"), "thường trực");
  assert_int_equal(loa_lexicon_abbr_how(lx, S("BCH"), "đảng #here quân sự"), LOA_ABBR_CONTEXT);
  /* a row for a mark only speaks inside what it marks: no guess elsewhere */
  assert_string_equal(loa_lexicon_abbr(lx, S("NC"), "#here #code"), "nội chính");
  assert_null(loa_lexicon_abbr(lx, S("NC"), "xã #here khoa học"));
  assert_int_equal(loa_lexicon_abbr_how(lx, S("NC"), "xã"), LOA_ABBR_UNKNOWN);
  /* a mark the caller adds counts as nearest */
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "đảng #here #mark"), "ban chỉ huy");
  loa_lexicon_free(lx);
}

static void test_override_rows_win(void **state)
{
  loa_lexicon *lx = load();
  char path[512], err[512];
  tu_path(path, sizeof path, dir, "local.tsv");
  tu_write_text(path, "# local words\n"
                      "abbr\tUBND\tủy ban\n"
                      "abbr\tBCH\tban chỉ đạo\tquân sự\n"
                      "abbr\tVNPT\tviễn thông\n"
                      "loan\tzalo\tgia lô\n"
                      "unit\tkm\tcây số\n");
  assert_int_equal(loa_lexicon_add_override(lx, path, err, sizeof err), LOA_LEX_OK);
  assert_string_equal(loa_lexicon_abbr(lx, S("UBND"), NULL), "ủy ban");
  assert_string_equal(loa_lexicon_abbr(lx, S("VNPT"), NULL), "viễn thông");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "quân sự xã"), "ban chỉ đạo");
  /* shipped rows the override does not touch still apply */
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "công an xã"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), NULL), "ban chấp hành");
  assert_string_equal(loa_lexicon_loanword(lx, S("Zalo")), "gia lô");
  assert_string_equal(loa_lexicon_unit(lx, S("km")), "cây số");
  assert_true(loa_lexicon_is_syllable(lx, S("gia")));
  loa_lexicon_free(lx);
}

/* A malformed row makes loading fail with FILE:LINE in the message. */
static void expect_format_error(const char *file, const char *text, const char *where)
{
  char path[512], err[512];
  char *saved = tu_read_file(tu_path(path, sizeof path, dir, file), NULL);
  assert_non_null(saved);
  write_file(file, text);
  loa_lexicon *lx = (loa_lexicon *)1;
  int rc = loa_lexicon_load(&lx, dir, err, sizeof err);
  write_file(file, saved);
  free(saved);
  assert_int_equal(rc, LOA_LEX_EFORMAT);
  assert_null(lx);
  if (!strstr(err, where))
    fprintf(stderr, "error was: %s (expected %s)\n", err, where);
  assert_non_null(strstr(err, where));
}

static void test_malformed_rows(void **state)
{
  char where[600];
  snprintf(where, sizeof where, "%s/abbreviations.tsv:3:", dir);
  expect_format_error("abbreviations.tsv", "# x\nUBND\tủy ban\nBCH\n", where);
  expect_format_error("abbreviations.tsv", "# x\nUBND\tủy ban\nA\tb\tc\td\n", where);
  snprintf(where, sizeof where, "%s/loanwords.tsv:2:", dir);
  expect_format_error("loanwords.tsv", "zalo\tda lô\ninternet\tin tơ nét 2\n", where);
  expect_format_error("loanwords.tsv", "zalo\tda lô\n\tda\n", where);
  expect_format_error("loanwords.tsv", "zalo\tda lô\nwifi\twai\tphai\n", where);
  snprintf(where, sizeof where, "%s/letters.tsv:1:", dir);
  expect_format_error("letters.tsv", "ab\tbê\n", where);
  snprintf(where, sizeof where, "%s/units.tsv:4:", dir);
  expect_format_error("units.tsv", "km\tki lô mét\n\n# c\nm\t\xff\n", where);
  snprintf(where, sizeof where, "%s/syllables.txt:2:", dir);
  expect_format_error("syllables.txt", "hóa\nhai ba\n", where);
}

static void test_override_errors(void **state)
{
  loa_lexicon *lx = load();
  char path[512], err[512];
  tu_path(path, sizeof path, dir, "bad.tsv");
  tu_write_text(path, "abbr\tUBND\tủy ban\nword\tx\ty\n");
  assert_int_equal(loa_lexicon_add_override(lx, path, err, sizeof err), LOA_LEX_EFORMAT);
  assert_non_null(strstr(err, "bad.tsv:2:"));
  assert_non_null(strstr(err, "abbr, loan or unit"));
  tu_write_text(path, "loan\tzalo\n");
  assert_int_equal(loa_lexicon_add_override(lx, path, err, sizeof err), LOA_LEX_EFORMAT);
  assert_non_null(strstr(err, "bad.tsv:1:"));
  snprintf(path, sizeof path, "%s/missing.tsv", dir);
  assert_int_equal(loa_lexicon_add_override(lx, path, err, sizeof err), LOA_LEX_EIO);
  assert_non_null(strstr(err, "missing.tsv"));
  loa_lexicon_free(lx);
}

static void test_missing_table_is_an_error(void **state)
{
  char path[512], err[512];
  snprintf(path, sizeof path, "%s/units.tsv", dir);
  char moved[520];
  snprintf(moved, sizeof moved, "%s.away", path);
  assert_int_equal(rename(path, moved), 0);
  loa_lexicon *lx = NULL;
  int rc = loa_lexicon_load(&lx, dir, err, sizeof err);
  assert_int_equal(rename(moved, path), 0);
  assert_int_equal(rc, LOA_LEX_EIO);
  assert_non_null(strstr(err, "units.tsv"));
}

/* The shipped tables load, and have the rows the normaliser relies on. */
static void test_shipped_lexicon(void **state)
{
  loa_lexicon *lx = NULL;
  assert_int_equal(tu_load_lexicon(&lx), LOA_LEX_OK);
  assert_string_equal(loa_lexicon_abbr(lx, S("UBND"), NULL), "ủy ban nhân dân");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "quân sự xã"), "ban chỉ huy");
  assert_string_equal(loa_lexicon_abbr(lx, S("BCH"), "đảng bộ xã"), "ban chấp hành");
  assert_non_null(loa_lexicon_loanword(lx, S("Zalo")));
  assert_non_null(loa_lexicon_unit(lx, S("km")));
  static const char *const alphabet[] = {"a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "j",
                                         "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u",
                                         "v", "w", "x", "y", "z", NULL};
  for (int i = 0; alphabet[i]; i++)
    assert_non_null(loa_lexicon_letter(lx, S(alphabet[i])));
  assert_true(loa_lexicon_is_syllable(lx, S("hoằng")));
  assert_true(loa_lexicon_is_syllable(lx, S("nghìn")));
  assert_true(loa_lexicon_is_syllable(lx, S("thủy")));
  assert_false(loa_lexicon_is_syllable(lx, S("quốcgia")));
  /* context words of any row, such as the "#num" and "#code" marks */
  assert_int_equal(loa_lexicon_abbr_has_context(lx, S("QL"), "#num"), 1);
  /* the word lists of wordlists.tsv: NULL-terminated, empty when unknown */
  const char *const *counted = loa_lexicon_list(lx, "counted");
  int thon = 0, phrase = 0;
  for (; *counted; counted++) {
    thon |= !strcmp(*counted, "thôn");
    phrase |= !strcmp(*counted, "tiêu chí");
  }
  assert_true(thon && phrase);
  assert_null(loa_lexicon_list(lx, "no-such-list")[0]);
  assert_int_equal(loa_lexicon_abbr_has_context(lx, S("BC"), "#num"), 0);
  assert_int_equal(loa_lexicon_abbr_has_context(lx, S("NV"), "#code"), 1);
  assert_int_equal(loa_lexicon_abbr_has_context(lx, S("NOPE"), "#num"), 0);
  assert_string_equal(loa_lexicon_abbr(lx, S("NV"), "công văn số #code"), "nội vụ");
  assert_string_equal(loa_lexicon_abbr(lx, S("NV"), "có ba văn phòng"), "nhân viên");
  /* how the answer was chosen */
  assert_int_equal(loa_lexicon_abbr_how(lx, S("UBND"), "xã"), LOA_ABBR_DEFAULT);
  assert_int_equal(loa_lexicon_abbr_how(lx, S("BCH"), "quân sự xã"), LOA_ABBR_CONTEXT);
  assert_int_equal(loa_lexicon_abbr_how(lx, S("TƯ"), "vốn đầu công"), LOA_ABBR_GUESS);
  assert_int_equal(loa_lexicon_abbr_how(lx, S("NOPE"), NULL), LOA_ABBR_UNKNOWN);
  loa_lexicon_free(lx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lookups),
    cmocka_unit_test(test_syllables_and_respellings),
    cmocka_unit_test(test_duplicates_last_row_wins),
    cmocka_unit_test(test_context_choice),
    cmocka_unit_test(test_override_rows_win),
    cmocka_unit_test(test_malformed_rows),
    cmocka_unit_test(test_override_errors),
    cmocka_unit_test(test_missing_table_is_an_error),
    cmocka_unit_test(test_shipped_lexicon),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

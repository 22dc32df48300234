/* test_normalize.c: the normaliser against the case tables in tests/normalize
 * (input<TAB>expected[<TAB>flags], flags: north (default), south, both, pauses),
 * plus findings with line and column, pause marks, NFD input and odd bytes, and
 * the words of its rules read from the lexicon's tables (an edited table changes
 * every reading of its word; a missing list is refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "tts/normalize.h"
#include "testutil.h"

static loa_lexicon *lex;

static int setup(void **state)
{
  return tu_load_lexicon(&lex) ? -1 : 0;
}

static int teardown(void **state)
{
  loa_lexicon_free(lex);
  return 0;
}

static char *norm(loa_dialect d, int flags, const char *in, loa_findings *f)
{
  loa_normalizer *n = loa_normalizer_new(lex, d);
  assert_non_null(n);
  char *out = NULL;
  assert_int_equal(loa_normalize_line(n, in, strlen(in), 1, flags, &out, f), 0);
  loa_normalizer_free(n);
  return out;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every row of every table, in the dialects it names. */
static void test_case_tables(void **state)
{
  char dir[4096];
  tu_source_path(dir, sizeof dir, "tests/normalize");
  struct dirent **names;
  int nn = scandir(dir, &names, NULL, by_name);
  assert_true(nn > 0);
  loa_normalizer *north = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  loa_normalizer *south = loa_normalizer_new(lex, LOA_DIALECT_SOUTH);
  int rows = 0, runs = 0, fails = 0, files = 0;
  for (int k = 0; k < nn; k++) {
    const char *name = names[k]->d_name;
    size_t l = strlen(name);
    if (l < 5 || strcmp(name + l - 4, ".tsv")) {
      free(names[k]);
      continue;
    }
    char path[4400];
    tu_table t;
    tu_table_open(&t, tu_path(path, sizeof path, dir, name));
    files++;
    while (tu_table_next(&t)) {
      if (t.ncells < 2) {
        fprintf(stderr, "%s: no expected column\n", t.where);
        fails++;
        continue;
      }
      const char *in = t.cell[0], *exp = t.cell[1], *flags = t.ncells > 2 ? t.cell[2] : NULL;
      int do_north = 1, do_south = 0, pauses = 0;
      if (flags && strstr(flags, "south"))
        do_north = 0, do_south = 1;
      if (flags && strstr(flags, "both"))
        do_north = do_south = 1;
      if (flags && strstr(flags, "pauses"))
        pauses = LOA_NORM_PAUSES;
      rows++;
      for (int d = 0; d < 2; d++) {
        if ((d == 0 && !do_north) || (d == 1 && !do_south))
          continue;
        char *out = NULL;
        assert_int_equal(loa_normalize_line(d ? south : north, in, strlen(in), t.line, pauses,
                                            &out, NULL),
                         0);
        runs++;
        if (strcmp(out, exp)) {
          fails++;
          if (fails <= 80)
            fprintf(stderr, "%s [%s]\n  in:   %s\n  got:  %s\n  want: %s\n", t.where,
                    d ? "south" : "north", in, out, exp);
        }
        free(out);
      }
    }
    tu_table_close(&t);
    free(names[k]);
  }
  free(names);
  loa_normalizer_free(north);
  loa_normalizer_free(south);
  fprintf(stderr, "normalize tables: %d files, %d cases, %d runs, %d failures\n", files, rows,
          runs, fails);
  assert_int_equal(fails, 0);
  assert_true(rows >= 600);
}

static const loa_finding *find(const loa_findings *f, const char *token)
{
  for (size_t i = 0; i < f->n; i++)
    if (!strcmp(f->items[i].token, token))
      return &f->items[i];
  return NULL;
}

static void test_findings_have_line_column_reason(void **state)
{
  loa_findings f = {0};
  loa_normalizer *n = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  char *out;
  const char *in = "Phối hợp với BQKX và xã ★ nhé";
  assert_int_equal(loa_normalize_line(n, in, strlen(in), 7, 0, &out, &f), 0);
  assert_string_equal(out, "phối hợp với bê quy ca ích và xã nhé");
  const loa_finding *a = find(&f, "BQKX");
  assert_non_null(a);
  assert_int_equal(a->line, 7);
  assert_int_equal(a->col, 14); /* columns count characters, not bytes */
  assert_non_null(strstr(a->reason, "abbreviation"));
  const loa_finding *b = find(&f, "★");
  assert_non_null(b);
  assert_int_equal(b->col, 25);
  assert_non_null(strstr(b->reason, "symbol"));
  assert_int_equal(f.n, 2);
  free(out);
  loa_findings_free(&f);
  loa_normalizer_free(n);
}

static void test_known_words_give_no_findings(void **state)
{
  loa_findings f = {0};
  char *out = norm(LOA_DIALECT_NORTH, 0,
                   "UBND xã đã ban hành Kế hoạch số 30/KH-UBND ngày 25/5/2024 về CĐS, đạt 100%.",
                   &f);
  assert_int_equal(f.n, 0);
  free(out);
  loa_findings_free(&f);
  /* the readings of issue 16 that the words around decide are no guesses */
  out = norm(LOA_DIALECT_NORTH, 0,
             "Ngày 5/9, 2/3 số hộ, 03/05 tổ, CCCD số 038095012345, xe 30K1-2468, tổ 2,3 và 6, "
             "TT Y tế, Công văn số 45/UBND-TH, gọi 1022.",
             &f);
  for (size_t i = 0; i < f.n; i++)
    fprintf(stderr, "unexpected finding: %s: %s\n", f.items[i].token, f.items[i].reason);
  assert_int_equal(f.n, 0);
  free(out);
  loa_findings_free(&f);
}

static void test_guesses_are_reported(void **state)
{
  static const struct {
    const char *in, *token, *reason;
  } cases[] = {
    {"Kiểm tra quốcgia hôm nay", "quốcgia", "syllables"},
    {"Hỗ trợ hộ/thửa thực hiện", "hộ/thửa", "slash"},
    {"Tỷ lệ đạt 33.56% năm nay", "33.56", "decimal"},
    {"Ứng dụng HoanghoaS mới", "HoanghoaS", "mixed-case"},
    {"Có 12345678901234567890 hộ", "12345678901234567890", "digit by digit"},
    {"Giá 1,500 tấn", "1,500", "decimal"},
    {"Số 1/2/3 là sai", "1/2/3", "slash"},
    {"Theo văn bản 12/XYZW-UBND", "XYZW", "abbreviation"},
    {"Có 2,3 và 6 hộ", "2,3", "list"},
    {"Có 15,600 người", "15,600", "thousands"},
    {"Giá $ chưa rõ", "$", "dollar"},
    {"Công thức $a \\alpha b$", "\\alpha", "formula"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    loa_findings f = {0};
    char *out = norm(LOA_DIALECT_NORTH, 0, cases[k].in, &f);
    const loa_finding *x = find(&f, cases[k].token);
    if (!x || !strstr(x->reason, cases[k].reason)) {
      fprintf(stderr, "%s: findings:", cases[k].in);
      for (size_t i = 0; i < f.n; i++)
        fprintf(stderr, " [%s: %s]", f.items[i].token, f.items[i].reason);
      fprintf(stderr, "\n");
    }
    assert_non_null(x);
    assert_non_null(strstr(x->reason, cases[k].reason));
    free(out);
    loa_findings_free(&f);
  }
}

static void test_pause_marks(void **state)
{
  char *out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES,
                   "Ngày 2/9, toàn xã treo cờ. Họp lúc 7h30: tại hội trường!", NULL);
  assert_string_equal(out, "ngày mùng hai tháng chín , toàn xã treo cờ . họp lúc bảy giờ ba mươi , "
                           "tại hội trường .");
  free(out);
  out = norm(LOA_DIALECT_NORTH, 0, "Ngày 2/9, toàn xã treo cờ.", NULL);
  assert_string_equal(out, "ngày mùng hai tháng chín toàn xã treo cờ");
  free(out);
  /* no pause before the first word, none doubled */
  out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES, "- (Xã) , , ủy ban…", NULL);
  assert_string_equal(out, "xã , ủy ban .");
  free(out);
  /* a heading number is followed by a short pause, not a full stop */
  out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES, "II. KẾT QUẢ", NULL);
  assert_string_equal(out, "hai , kết quả");
  free(out);
}

static void test_nfd_input_equals_nfc(void **state)
{
  /* "Hoằng Hoá Thuỷ lợi" with combining marks, old tone places */
  const char *in = "Hoa\xcc\x86\xcc\x80ng Hoa\xcc\x81 Thuy\xcc\x89 lo\xcc\x9b\xcc\xa3i";
  char *out = norm(LOA_DIALECT_NORTH, 0, in, NULL);
  assert_string_equal(out, "hoằng hóa thủy lợi");
  free(out);
}

static void test_empty_and_blank_lines(void **state)
{
  char *out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES, "", NULL);
  assert_string_equal(out, "");
  free(out);
  out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES, "   \t  ", NULL);
  assert_string_equal(out, "");
  free(out);
  out = norm(LOA_DIALECT_NORTH, LOA_NORM_PAUSES, " ... ; ,", NULL);
  assert_string_equal(out, "");
  free(out);
}

static void test_invalid_bytes_are_reported(void **state)
{
  loa_findings f = {0};
  char *out = norm(LOA_DIALECT_NORTH, 0, "xã \xff\xfe họp", &f);
  assert_string_equal(out, "xã họp");
  assert_true(f.n >= 1);
  assert_non_null(strstr(f.items[0].reason, "invalid"));
  free(out);
  loa_findings_free(&f);
}

static void test_long_line(void **state)
{
  size_t reps = 20000;
  const char *unit = "UBND xã 1.502 hộ, ";
  size_t ul = strlen(unit);
  char *in = malloc(ul * reps + 1);
  for (size_t i = 0; i < reps; i++)
    memcpy(in + i * ul, unit, ul);
  in[ul * reps] = 0;
  char *out = norm(LOA_DIALECT_SOUTH, 0, in, NULL);
  const char *w = "ủy ban nhân dân xã một ngàn năm trăm lẻ hai hộ";
  assert_int_equal(strncmp(out, w, strlen(w)), 0);
  assert_int_equal(strlen(out), reps * (strlen(w) + 1) - 1);
  free(out);
  free(in);
}

static void test_dialect_parse(void **state)
{
  assert_int_equal(loa_dialect_parse("north"), LOA_DIALECT_NORTH);
  assert_int_equal(loa_dialect_parse("bac"), LOA_DIALECT_NORTH);
  assert_int_equal(loa_dialect_parse("south"), LOA_DIALECT_SOUTH);
  assert_int_equal(loa_dialect_parse("nam"), LOA_DIALECT_SOUTH);
  assert_int_equal(loa_dialect_parse("central"), -1);
  assert_int_equal(loa_dialect_parse(NULL), -1);
}

/* The normaliser holds no state between lines: a date list or a heading
 * does not leak into the next line. */
static void test_lines_are_independent(void **state)
{
  loa_normalizer *n = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  char *a, *b;
  const char *l1 = "Các ngày 2/9 và 3/9";
  const char *l2 = "3/9 thôn";
  assert_int_equal(loa_normalize_line(n, l1, strlen(l1), 1, 0, &a, NULL), 0);
  assert_int_equal(loa_normalize_line(n, l2, strlen(l2), 2, 0, &b, NULL), 0);
  assert_string_equal(a, "các ngày mùng hai tháng chín và mùng ba tháng chín");
  assert_string_equal(b, "ba trên chín thôn");
  free(a);
  free(b);
  loa_normalizer_free(n);
}

/* ---- the words are the lexicon's ---- */

static char tmpdir[256];

/* Write the shipped table NAME to the temporary lexicon, with the line FROM
 * (whole) replaced by TO ("" drops it; FROM NULL: as shipped), then LINE appended. */
static void put_table(const char *name, const char *from, const char *to, const char *line)
{
  char src[1400], dst[512], rel[256];
  snprintf(rel, sizeof rel, "lexicon/%s", name);
  tu_source_path(src, sizeof src, rel);
  char *t = tu_read_file(src, NULL), *at = t;
  assert_non_null(t);
  if (from) {
    size_t fl = strlen(from);
    while ((at = strstr(at, from)) && !((at == t || at[-1] == '\n') && at[fl] == '\n'))
      at++;
    assert_non_null(at);
  }
  FILE *f = fopen(tu_path(dst, sizeof dst, tmpdir, name), "wb");
  assert_non_null(f);
  if (from) {
    fwrite(t, 1, (size_t)(at - t), f);
    fprintf(f, "%s%s", to, *to ? "\n" : "");
    fputs(at + strlen(from) + 1, f);
  } else {
    fputs(t, f);
  }
  if (line)
    fprintf(f, "%s\n", line);
  fclose(f);
  free(t);
}

static const char *const tables[] = {"abbreviations.tsv", "loanwords.tsv", "units.tsv",
                                     "letters.tsv", "wordlists.tsv", "symbols.tsv",
                                     "syllables.txt", NULL};

/* A lexicon of the shipped tables with the one edit (TABLE: FROM -> TO, + LINE). */
static loa_lexicon *edited(const char *table, const char *from, const char *to, const char *line)
{
  assert_int_equal(tu_tmpdir(tmpdir, sizeof tmpdir, "words"), 0);
  for (int k = 0; tables[k]; k++)
    if (!strcmp(tables[k], table))
      put_table(table, from, to, line);
    else
      put_table(tables[k], NULL, NULL, NULL);
  loa_lexicon *l = NULL;
  char err[512];
  if (loa_lexicon_load(&l, tmpdir, err, sizeof err))
    fail_msg("%s", err);
  return l;
}

static void drop_edited(loa_lexicon *l)
{
  tu_tmpdir_done(tmpdir);
  loa_lexicon_free(l);
}

static void assert_reads(const loa_lexicon *l, loa_dialect d, const char *in, const char *want)
{
  loa_normalizer *n = loa_normalizer_new(l, d);
  assert_non_null(n);
  char *out = NULL;
  assert_int_equal(loa_normalize_line(n, in, strlen(in), 1, 0, &out, NULL), 0);
  if (strcmp(out, want))
    fail_msg("%s\n  got:  %s\n  want: %s", in, out, want);
  free(out);
  loa_normalizer_free(n);
}

/* The shipped lexicon has every list and sign the rules read. */
static void test_shipped_lexicon_has_every_word(void **state)
{
  assert_null(loa_normalizer_lacks(lex));
}

/* A sign is read from one table wherever it stands: a commune that edits the %
 * of units.tsv changes 50% and a lone % alike; & comes from symbols.tsv. */
static void test_signs_come_from_one_table(void **state)
{
  loa_lexicon *l = edited("units.tsv", NULL, NULL, "%\tphần một trăm");
  assert_reads(l, LOA_DIALECT_NORTH, "tăng 50% so với 2024, % còn lại",
               "tăng năm mươi phần một trăm so với hai nghìn không trăm hai mươi tư phần một "
               "trăm còn lại");
  drop_edited(l);
  l = edited("symbols.tsv", NULL, NULL, "&\tcùng");
  assert_reads(l, LOA_DIALECT_NORTH, "nam & nữ", "nam cùng nữ");
  drop_edited(l);
  l = edited("symbols.tsv", "/\tgạch chéo\taddress", "/\tsẹc\taddress", NULL);
  assert_reads(l, LOA_DIALECT_NORTH, "xem www.abc.vn/tin", "xem vê kép vê kép vê kép chấm a bê xê "
                                                           "chấm vê en sẹc tin");
  drop_edited(l);
}

/* The words that rules say are the first phrases of their lists: the words of
 * numbers, đến in a range, the days. */
static void test_rule_words_come_from_the_lists(void **state)
{
  loa_lexicon *l = edited("wordlists.tsv", "number-thousand\tnghìn", "number-thousand\tngàn", NULL);
  assert_reads(l, LOA_DIALECT_NORTH, "1.005 người", "một ngàn không trăm linh năm người");
  drop_edited(l);
  l = edited("wordlists.tsv", "range-to\tđến", "", "range-to\tđến");
  assert_reads(l, LOA_DIALECT_NORTH, "5-7 ngày", "năm tới bảy ngày");
  drop_edited(l);
  l = edited("wordlists.tsv", "weekday\tchủ nhật", "weekday\tchủ nhựt", NULL);
  assert_reads(l, LOA_DIALECT_NORTH, "T7, CN", "thứ bảy chủ nhựt");
  drop_edited(l);
}

/* A lexicon without a list or a sign the rules say makes no normaliser, and
 * loa_normalizer_lacks names what is missing. */
static void test_missing_words_are_refused(void **state)
{
  loa_lexicon *l = edited("wordlists.tsv", "tld\tvn", "", NULL);
  assert_null(loa_normalizer_lacks(l));   /* the list still has com, net... */
  drop_edited(l);
  l = edited("wordlists.tsv", "per\ttrên", "", NULL);
  assert_string_equal(loa_normalizer_lacks(l), "per");
  assert_null(loa_normalizer_new(l, LOA_DIALECT_NORTH));
  drop_edited(l);
  l = edited("wordlists.tsv", "digit\tchín", "", NULL);
  assert_string_equal(loa_normalizer_lacks(l), "digit");
  drop_edited(l);
  l = edited("symbols.tsv", "+\tcộng", "", NULL);
  assert_string_equal(loa_normalizer_lacks(l), "+ (symbols.tsv)");
  assert_null(loa_normalizer_new(l, LOA_DIALECT_SOUTH));
  drop_edited(l);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_case_tables),
    cmocka_unit_test(test_findings_have_line_column_reason),
    cmocka_unit_test(test_known_words_give_no_findings),
    cmocka_unit_test(test_guesses_are_reported),
    cmocka_unit_test(test_pause_marks),
    cmocka_unit_test(test_nfd_input_equals_nfc),
    cmocka_unit_test(test_empty_and_blank_lines),
    cmocka_unit_test(test_invalid_bytes_are_reported),
    cmocka_unit_test(test_long_line),
    cmocka_unit_test(test_dialect_parse),
    cmocka_unit_test(test_lines_are_independent),
    cmocka_unit_test(test_shipped_lexicon_has_every_word),
    cmocka_unit_test(test_signs_come_from_one_table),
    cmocka_unit_test(test_rule_words_come_from_the_lists),
    cmocka_unit_test(test_missing_words_are_refused),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

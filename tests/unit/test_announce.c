/* test_announce.c: the opening/closing announcements, written, for every weekday and every month. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "schedules/announce.h"
#include "schedules/date.h"
#include "tts/normalize.h"
#include "testutil.h"

#define OPENING "Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}."

static loa_lexicon *lex;
static void render(const char *tmpl, int ymd, char *out, size_t len);

static int setup(void **state)
{
  return tu_load_lexicon(&lex) ? -1 : 0;
}

static int teardown(void **state)
{
  loa_lexicon_free(lex);
  return 0;
}

/* What the announcer says: the rendered text through the bulletins' normaliser. */
static char *spoken(const char *written)
{
  loa_normalizer *n = loa_normalizer_new(lex, LOA_DIALECT_NORTH);
  assert_non_null(n);
  char *out = NULL;
  assert_int_equal(loa_normalize_line(n, written, strlen(written), 1, 0, &out, NULL), 0);
  loa_normalizer_free(n);
  return out;
}

/* Days of the month as read in the North (docs/reading.md, "Numbers": after mươi, 1 is mốt,
 * 5 is lăm, 4 is tư or bốn; "Dates": mùng before the days 1 to 10). */
static const char *const day_words[32] = {
  "", "mùng một", "mùng hai", "mùng ba", "mùng bốn", "mùng năm", "mùng sáu", "mùng bảy",
  "mùng tám", "mùng chín", "mùng mười",
  "mười một", "mười hai", "mười ba", "mười bốn", "mười lăm", "mười sáu", "mười bảy", "mười tám",
  "mười chín", "hai mươi", "hai mươi mốt", "hai mươi hai", "hai mươi ba", "hai mươi tư",
  "hai mươi lăm", "hai mươi sáu", "hai mươi bảy", "hai mươi tám", "hai mươi chín", "ba mươi",
  "ba mươi mốt"};
static const char *const month_words[13] = {"", "một", "hai", "ba", "tư", "năm", "sáu", "bảy",
                                            "tám", "chín", "mười", "mười một", "mười hai"};
static const char *const weekday_words[7] = {"chủ nhật", "thứ hai", "thứ ba", "thứ tư",
                                             "thứ năm", "thứ sáu", "thứ bảy"};

/* OUT must be the spoken opening of YMD (for 24 and 4, "tư" or "bốn" after mươi). */
static void assert_spoken_opening(int ymd, const char *year_words)
{
  char written[512], want[512], alt[512];
  render(OPENING, ymd, written, sizeof written);
  char *got = spoken(written);
  int d = ymd % 100, m = ymd / 100 % 100;
  const char *fmt = "đây là đài truyền thanh xã yên hòa hôm nay %s ngày %s tháng %s năm %s";
  snprintf(want, sizeof want, fmt, weekday_words[loa_date_weekday(ymd)], day_words[d],
           month_words[m], year_words);
  snprintf(alt, sizeof alt, fmt, weekday_words[loa_date_weekday(ymd)],
           d == 24 ? "hai mươi bốn" : day_words[d], month_words[m], year_words);
  if (strcmp(got, want) && strcmp(got, alt))
    fail_msg("%s\n  spoken: %s\n  wanted: %s", written, got, want);
  free(got);
}

static loa_announce_ctx ctx(int ymd)
{
  loa_announce_ctx c = {"Đài truyền thanh xã Yên Hòa", "xã Yên Hòa", "buổi sáng",
                        5 * 3600 + 30 * 60, ymd, lex};
  return c;
}

static void render(const char *tmpl, int ymd, char *out, size_t len)
{
  char err[256];
  loa_announce_ctx c = ctx(ymd);
  int n = loa_announce_render(tmpl, &c, out, len, err, sizeof err);
  if (n < 0)
    fail_msg("%s", err);
  assert_int_equal(n, (int)strlen(out));
}

static void test_the_example(void **state)
{
  char out[512];
  render(OPENING, 20261125, out, sizeof out);
  assert_string_equal(out, "Đây là Đài truyền thanh xã Yên Hòa. Hôm nay, thứ Tư, "
                           "ngày 25 tháng 11 năm 2026.");
}

/* 22 to 28 November 2026 run from Sunday to Saturday. */
static void test_every_weekday(void **state)
{
  static const char *const want[7] = {"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư",
                                      "thứ Năm",  "thứ Sáu", "thứ Bảy"};
  static const char *const upper[7] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                       "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
  for (int i = 0; i < 7; i++) {
    char out[512], expect[512];
    int ymd = 20261122 + i;
    assert_int_equal(loa_date_weekday(ymd), i);
    render(OPENING, ymd, out, sizeof out);
    snprintf(expect, sizeof expect,
             "Đây là Đài truyền thanh xã Yên Hòa. Hôm nay, %s, ngày %d tháng 11 năm 2026.",
             want[i], 22 + i);
    assert_string_equal(out, expect);
    render("{Weekday}, {date}.", ymd, out, sizeof out);
    snprintf(expect, sizeof expect, "%s, ngày %d tháng 11 năm 2026.", upper[i], 22 + i);
    assert_string_equal(out, expect);
    char name[64];
    assert_string_equal(loa_weekday_write(lex, i, LOA_WEEKDAY_IN_TEXT, name, sizeof name), want[i]);
    assert_string_equal(loa_weekday_write(lex, i, LOA_WEEKDAY_START, name, sizeof name), upper[i]);
  }
}

/* The first of every month of 2027, with its weekday computed independently
 * (1 January 2027 is a Friday; the month lengths of a common year). */
static void test_every_month(void **state)
{
  static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static const char *const wd[7] = {"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư",
                                    "thứ Năm",  "thứ Sáu", "thứ Bảy"};
  int w = 5;
  for (int m = 1; m <= 12; m++) {
    char out[512], expect[512];
    int ymd = 20270000 + m * 100 + 1;
    render(OPENING, ymd, out, sizeof out);
    snprintf(expect, sizeof expect,
             "Đây là Đài truyền thanh xã Yên Hòa. Hôm nay, %s, ngày 1 tháng %d năm 2027.", wd[w], m);
    assert_string_equal(out, expect);
    /* and the last day of the month */
    ymd = 20270000 + m * 100 + month_days[m - 1];
    render("{date}", ymd, out, sizeof out);
    snprintf(expect, sizeof expect, "ngày %d tháng %d năm 2027", month_days[m - 1], m);
    assert_string_equal(out, expect);
    w = (w + month_days[m - 1]) % 7;
  }
  assert_int_equal(w, 6);   /* 1 January 2028 is a Saturday */
}

/* Spoken: every weekday (22-28 November 2026) ... */
static void test_spoken_every_weekday(void **state)
{
  for (int i = 0; i < 7; i++)
    assert_spoken_opening(20261122 + i, "hai nghìn không trăm hai mươi sáu");
}

/* ... and every month, on its first and last day (2027, then 2030). */
static void test_spoken_every_month(void **state)
{
  static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; m++) {
    assert_spoken_opening(20270000 + m * 100 + 1, "hai nghìn không trăm hai mươi bảy");
    assert_spoken_opening(20300000 + m * 100 + month_days[m - 1], "hai nghìn không trăm ba mươi");
  }
}

static void test_spoken_slot_time(void **state)
{
  char out[256];
  render("Chương trình {slot} lúc {time}.", 20261125, out, sizeof out);
  char *got = spoken(out);
  assert_string_equal(got, "chương trình buổi sáng lúc năm giờ ba mươi");
  free(got);
}

/* {date} is read as the bulletins' dates are: mùng before the days 1 to 10 in the
 * North, not in the South (a solar date), nor with the day prefix set to none. */
static void test_spoken_date_day_prefix(void **state)
{
  char written[128];
  render("{date}", 20261105, written, sizeof written);
  assert_string_equal(written, "ngày 5 tháng 11 năm 2026");
  static const struct {
    loa_dialect d;
    loa_day_prefix p;
    const char *want;
  } cases[] = {
    {LOA_DIALECT_NORTH, LOA_DAY_PREFIX_AUTO, "ngày mùng năm tháng mười một năm hai nghìn không trăm hai mươi sáu"},
    {LOA_DIALECT_SOUTH, LOA_DAY_PREFIX_AUTO, "ngày năm tháng mười một năm hai ngàn không trăm hai mươi sáu"},
    {LOA_DIALECT_NORTH, LOA_DAY_PREFIX_NONE, "ngày năm tháng mười một năm hai nghìn không trăm hai mươi sáu"},
    {LOA_DIALECT_SOUTH, LOA_DAY_PREFIX_MUNG, "ngày mùng năm tháng mười một năm hai ngàn không trăm hai mươi sáu"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    loa_normalizer *n = loa_normalizer_new(lex, cases[k].d);
    assert_non_null(n);
    loa_normalizer_set_day_prefix(n, cases[k].p);
    char *out = NULL;
    assert_int_equal(loa_normalize_line(n, written, strlen(written), 1, 0, &out, NULL), 0);
    assert_string_equal(out, cases[k].want);
    free(out);
    loa_normalizer_free(n);
  }
}

static void test_other_placeholders(void **state)
{
  char out[512], err[256];
  render("{Slot} của {station} ({commune}), lúc {time}.", 20261125, out, sizeof out);
  assert_string_equal(out, "Buổi sáng của Đài truyền thanh xã Yên Hòa (xã Yên Hòa), lúc 5 giờ 30.");
  loa_announce_ctx c = ctx(20261125);
  c.slot_start_s = 17 * 3600;
  c.slot_label = "đêm";
  assert_true(loa_announce_render("{Slot} {time}", &c, out, sizeof out, err, sizeof err) > 0);
  assert_string_equal(out, "Đêm 17 giờ");
  /* no placeholder: the text as written */
  render("Xin chào bà con.", 20261125, out, sizeof out);
  assert_string_equal(out, "Xin chào bà con.");
}

static void test_errors(void **state)
{
  char out[64], err[256];
  loa_announce_ctx c = ctx(20261125);
  assert_int_equal(loa_announce_render("Hôm nay {thu}", &c, out, sizeof out, err, sizeof err), -1);
  assert_non_null(strstr(err, "unknown placeholder {thu}"));
  assert_int_equal(loa_announce_render("Hôm nay {weekday", &c, out, sizeof out, err, sizeof err), -1);
  assert_non_null(strstr(err, "unclosed"));
  assert_int_equal(loa_announce_render(OPENING, &c, out, 20, err, sizeof err), -2);
  assert_int_equal(loa_announce_check(OPENING, err, sizeof err), 0);
  assert_int_equal(loa_announce_check("{bogus}", err, sizeof err), -1);
}

/* A label (loa status) capitalises only the first letter; a short buffer or a day
 * out of range gives NULL. */
static void test_weekday_styles(void **state)
{
  static const char *const label[7] = {"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư",
                                       "Thứ năm",  "Thứ sáu", "Thứ bảy"};
  char name[64];
  for (int i = 0; i < 7; i++)
    assert_string_equal(loa_weekday_write(lex, i, LOA_WEEKDAY_LABEL, name, sizeof name), label[i]);
  assert_null(loa_weekday_write(lex, 7, LOA_WEEKDAY_LABEL, name, sizeof name));
  assert_null(loa_weekday_write(lex, -1, LOA_WEEKDAY_LABEL, name, sizeof name));
  assert_null(loa_weekday_write(lex, 1, LOA_WEEKDAY_IN_TEXT, name, 5));
}

/* The words come from the word lists alone (loa_lexicon_load_lists), and a word list
 * that is missing is an error naming it. */
static void test_words_from_the_lists(void **state)
{
  const char *src = getenv("LOA_SOURCE_DIR");
  char dir[1200], err[512], out[512];
  snprintf(dir, sizeof dir, "%s/lexicon", src && *src ? src : LOA_SOURCE_DIR);
  loa_lexicon *lists;
  assert_int_equal(loa_lexicon_load_lists(&lists, dir, err, sizeof err), 0);
  loa_announce_ctx c = ctx(20261125);
  c.lex = lists;
  assert_true(loa_announce_render("{Weekday}, {date}, {time}", &c, out, sizeof out, err,
                                  sizeof err) > 0);
  assert_string_equal(out, "Thứ Tư, ngày 25 tháng 11 năm 2026, 5 giờ 30");
  loa_lexicon_free(lists);

  /* a lexicon folder whose wordlists.tsv has no list weekday */
  char tmp[] = "/tmp/loa-announce-XXXXXX", path[256];
  assert_non_null(mkdtemp(tmp));
  snprintf(path, sizeof path, "%s/wordlists.tsv", tmp);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("day\tngày\nmonth\ttháng\nyear\tnăm\nhour\tgiờ\n", f);
  fclose(f);
  assert_int_equal(loa_lexicon_load_lists(&lists, tmp, err, sizeof err), 0);
  c.lex = lists;
  assert_true(loa_announce_render("{date} {time}", &c, out, sizeof out, err, sizeof err) > 0);
  assert_string_equal(out, "ngày 25 tháng 11 năm 2026 5 giờ 30");
  assert_int_equal(loa_announce_render(OPENING, &c, out, sizeof out, err, sizeof err), -1);
  assert_non_null(strstr(err, "{weekday}: the lexicon has no word list 'weekday'"));
  c.lex = NULL;
  assert_int_equal(loa_announce_render("{date}", &c, out, sizeof out, err, sizeof err), -1);
  assert_non_null(strstr(err, "no word list 'day'"));
  loa_lexicon_free(lists);
  remove(path);
  rmdir(tmp);
  /* no wordlists.tsv at all: an error naming the file */
  assert_int_equal(loa_lexicon_load_lists(&lists, tmp, err, sizeof err), LOA_LEX_EIO);
  assert_non_null(strstr(err, "wordlists.tsv"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_example),
    cmocka_unit_test(test_every_weekday),
    cmocka_unit_test(test_every_month),
    cmocka_unit_test(test_spoken_every_weekday),
    cmocka_unit_test(test_spoken_every_month),
    cmocka_unit_test(test_spoken_slot_time),
    cmocka_unit_test(test_spoken_date_day_prefix),
    cmocka_unit_test(test_other_placeholders),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_weekday_styles),
    cmocka_unit_test(test_words_from_the_lists),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

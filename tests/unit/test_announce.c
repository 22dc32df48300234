/* test_announce.c: the opening/closing announcements, written, for every weekday and every month. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedules/announce.h"
#include "schedules/slots.h"

#define OPENING "Đây là {station}. Hôm nay, {weekday}, ngày {day} tháng {month} năm {year}."

static loa_announce_ctx ctx(int ymd)
{
  loa_announce_ctx c = {"Đài truyền thanh xã Yên Hòa", "xã Yên Hòa", "buổi sáng",
                        5 * 3600 + 30 * 60, ymd};
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
    assert_string_equal(loa_weekday_name(i), want[i]);
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

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_example),
    cmocka_unit_test(test_every_weekday),
    cmocka_unit_test(test_every_month),
    cmocka_unit_test(test_other_placeholders),
    cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

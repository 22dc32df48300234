/* test_report.c: the district's monthly report (schedules/report.h) read back from a real air
 * log of one November day: the morning programme aired in full, an urgent notice aired 40 s
 * after it was dropped, the evening slot missed because Liquidsoap did not answer, and a
 * December programme that must not appear. Each table's rows are checked as CSV text; the
 * HTML is checked for its A4 page and its escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "schedules/airlog.h"
#include "schedules/report.h"
#include "testutil.h"

/* Station time is UTC+7: 2026-11-25 05:30 is 1795559400. */
#define SANG_1125 1795559400.0
#define KHAN_1125 1795590000.0   /* 14:00, when the notice was dropped */
#define CHIEU_1125 1795602600.0
#define SANG_1201 1796077800.0

static void append(const char *path, const char *text)
{
  FILE *f = fopen(path, "a");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* The air log of the day, in DIR. */
static loa_airlog *a_day_on_air(const char *dir)
{
  char events[600], err[512], line[1024];
  loa_airlog *a;
  assert_int_equal(loa_airlog_open(&a, dir, err, sizeof err), 0);
  loa_airlog_events_path(dir, events, sizeof events);

  loa_airlog_req sang = {"2026-11-25/sang", "programme", "", "sang", "2026-11-25", SANG_1125,
                         "K1", "/out/sang.mp3", "Buổi sáng"};
  loa_airlog_item items[3] = {
    {"opening", "Lời mở đầu", "", "", "", 0, 10},
    {"bulletin", "Họp dân thôn Đông, \"khẩn\"", "/lib/sang/hop-dan.txt", "thường", "", 10, 120},
    {"closing", "Lời kết", "", "", "", 130, 10}};
  assert_int_equal(loa_airlog_content(a, "K1", items, 3, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &sang, "intent", NULL, NULL, SANG_1125 - 600, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &sang, "queued", "4", NULL, SANG_1125 - 599, err, sizeof err), 0);

  loa_airlog_req khan = {"khan/bao-so-9/1", "urgent", "", "", "2026-11-25", KHAN_1125, "K2",
                         "/out/khan/bao-so-9.mp3", "Bão số 9"};
  assert_int_equal(loa_airlog_handover(a, &khan, "queued", "5", NULL, KHAN_1125 + 30, err, sizeof err), 0);

  loa_airlog_req chieu = {"2026-11-25/chieu", "programme", "", "chieu", "2026-11-25", CHIEU_1125,
                          "K3", "/out/chieu.mp3", "Buổi chiều"};
  assert_int_equal(loa_airlog_handover(a, &chieu, "failed", NULL,
                                       "Liquidsoap 127.0.0.1:1234 does not answer (Connection refused)",
                                       CHIEU_1125 - 600, err, sizeof err), 0);
  assert_int_equal(loa_airlog_handover(a, &chieu, "missed", NULL,
                                       "Liquidsoap 127.0.0.1:1234 does not answer (Connection refused)",
                                       CHIEU_1125 + 900, err, sizeof err), 0);

  loa_airlog_req dec = {"2026-12-01/sang", "programme", "", "sang", "2026-12-01", SANG_1201, "K1",
                        "/out/sang2.mp3", "Buổi sáng tháng Mười hai"};
  assert_int_equal(loa_airlog_handover(a, &dec, "queued", "9", NULL, SANG_1201 - 600, err, sizeof err), 0);

  /* Liquidsoap's account: the morning from 05:30:02 to 05:32:22, the notice at 14:00:40 for
   * 25 s, December's morning */
  snprintf(line, sizeof line,
           "%.1f\t\t2026-11-25/sang\t/out/sang.mp3\n%.1f\t\t\t\n"
           "%.1f\t\tkhan/bao-so-9/1\t/out/khan/bao-so-9.mp3\n%.1f\t\t\t\n"
           "%.1f\t\t2026-12-01/sang\t/out/sang2.mp3\n%.1f\t\t\t\n",
           SANG_1125 + 2, SANG_1125 + 142, KHAN_1125 + 40, KHAN_1125 + 65, SANG_1201 + 1,
           SANG_1201 + 141);
  append(events, line);
  assert_int_equal(loa_airlog_ingest(a, events, err, sizeof err), 6);
  return a;
}

static char *report(loa_airlog *a, const char *dir, loa_report_format format, const char *name)
{
  char path[700], err[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  loa_report_opts o = {.station = "Đài truyền thanh xã Yên Hòa", .year = 2026, .month = 11,
                       .utc_offset_s = 7 * 3600, .format = format};
  assert_int_equal(loa_report_write(a, &o, path, err, sizeof err), 0);
  size_t n;
  char *text = tu_read_file(path, &n);
  assert_non_null(text);
  return text;
}

static void test_csv_tables(void **state)
{
  char dir[512];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "report"), 0);
  loa_airlog *a = a_day_on_air(dir);
  char *csv = report(a, dir, LOA_REPORT_CSV, "thang-11.csv");
  assert_memory_equal(csv, "\xEF\xBB\xBF", 3);   /* a BOM: spreadsheets then read UTF-8 */
  static const char *const want[] = {
    "Đài truyền thanh xã Yên Hòa — Báo cáo hoạt động phát thanh tháng 11/2026\r\n",
    /* the summary: December's morning is not November's */
    "Số buổi phát thanh đã phát,1\r\n",
    "Tổng số phút phát thanh,2.3\r\n",
    "Số thông báo khẩn cấp,1\r\n",
    "Số buổi không phát được,1\r\n",
    /* 1. per day and slot: 05:30:02 + 140 s, three items, none cut */
    "Ngày,Buổi,Khu vực,Giờ theo lịch,Bắt đầu phát,Kết thúc,Số phút,Số mục,"
    "Số mục bị ngắt bởi tin khẩn,Phát trọn vẹn\r\n",
    "2026-11-25,Buổi sáng,tất cả,05:30:00,05:30:02,05:32:22,2.3,3,0,có\r\n",
    /* 2. per bulletin: the title quoted as CSV quotes it; the opening and closing are no bulletins */
    "\"Họp dân thôn Đông, \"\"khẩn\"\"\",thường,tất cả,1,2.0\r\n",
    /* 3. the notice: dropped at 14:00:00, on air 40 s later, 25 s long */
    "Bão số 9,tất cả,2026-11-25 14:00:00,14:00:40,40,0.4\r\n",
    /* 4. the evening, missed, and why */
    "2026-11-25,Buổi chiều,tất cả,Liquidsoap 127.0.0.1:1234 does not answer (Connection refused)\r\n",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(csv, want[i]))
      fail_msg("the report lacks the line %s", want[i]);
  assert_null(strstr(csv, "Lời mở đầu"));
  assert_null(strstr(csv, "2026-12-01"));
  free(csv);
  loa_airlog_close(a);
  tu_tmpdir_done(dir);
}

static void test_html_for_a4(void **state)
{
  char dir[512];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "report"), 0);
  loa_airlog *a = a_day_on_air(dir);
  char *html = report(a, dir, LOA_REPORT_HTML, "thang-11.html");
  assert_non_null(strstr(html, "<html lang=\"vi\">"));
  assert_non_null(strstr(html, "@page { size: A4 portrait;"));
  assert_non_null(strstr(html, "Họp dân thôn Đông, &quot;khẩn&quot;"));   /* escaped, once */
  assert_non_null(strstr(html, "<td>Bão số 9</td>"));
  assert_null(strstr(html, "\"khẩn\""));
  free(html);
  loa_airlog_close(a);
  tu_tmpdir_done(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_csv_tables),
    cmocka_unit_test(test_html_for_a4),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

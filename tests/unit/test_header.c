/* test_header.c: the Vietnamese broadcast header at the top of a bulletin (tts/header.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "tts/header.h"

static int parse(const char *text, loa_header *h, char *err)
{
  err[0] = 0;
  return loa_header_parse(text, strlen(text), h, err, 256);
}

static void test_full_header(void **state)
{
  const char *t = "Tiêu đề: Thông báo tiêm phòng\n"
                  "Buổi: sáng, chiều\n"
                  "Từ ngày: 25/11/2026\n"
                  "Đến ngày: 2026-11-30\n"
                  "Số lần mỗi ngày: 2\n"
                  "Mức độ: ưu tiên\n"
                  "---\n"
                  "Kính thưa bà con.\n";
  loa_header h;
  char err[256];
  assert_int_equal(parse(t, &h, err), 0);
  assert_true(h.present);
  assert_string_equal(h.title, "Thông báo tiêm phòng");
  assert_int_equal(h.nslots, 2);
  assert_string_equal(h.slots[0], "sang");
  assert_string_equal(h.slots[1], "chieu");
  assert_int_equal(h.first_day, 20261125);
  assert_int_equal(h.last_day, 20261130);
  assert_int_equal(h.times_per_day, 2);
  assert_int_equal(h.priority, LOA_PRIO_HIGH);
  assert_int_equal(h.body_line, 8);
  assert_string_equal(t + h.body_offset, "Kính thưa bà con.\n");
}

/* Keys are accent- and case-insensitive; an empty line also ends the header. */
static void test_keys_without_accents_and_blank_end(void **state)
{
  const char *t = "TIEU DE: Bão số 3\nmuc do: Khẩn Cấp\nphat lai: 3\nbuoi: ca hai\n\nNội dung.";
  loa_header h;
  char err[256];
  assert_int_equal(parse(t, &h, err), 0);
  assert_true(h.present);
  assert_string_equal(h.title, "Bão số 3");
  assert_int_equal(h.priority, LOA_PRIO_URGENT);
  assert_int_equal(h.repeats, 3);
  assert_int_equal(h.nslots, 1);
  assert_string_equal(h.slots[0], "*");
  assert_int_equal(h.body_line, 6);
  assert_string_equal(t + h.body_offset, "Nội dung.");
}

static void test_slots_joined_by_va(void **state)
{
  loa_header h;
  char err[256];
  assert_int_equal(parse("Buổi: sáng và chiều\n---\nx", &h, err), 0);
  assert_int_equal(h.nslots, 2);
  assert_string_equal(h.slots[0], "sang");
  assert_string_equal(h.slots[1], "chieu");
}

/* "Khu vực" names zones by their label, folded as the keys are; "tất cả" is every zone;
 * nothing given is every zone too; an empty list is an error naming the line. */
static void test_zones(void **state)
{
  loa_header h;
  char err[256];
  assert_int_equal(parse("Tiêu đề: Họp dân\nKhu vực: Thôn 1, thôn 3; Cà Xá\n---\nx", &h, err), 0);
  assert_int_equal(h.nzones, 3);
  assert_string_equal(h.zones[0], "thon1");
  assert_string_equal(h.zones[1], "thon3");
  assert_string_equal(h.zones[2], "caxa");
  assert_int_equal(parse("Khu vuc: tất cả\n---\nx", &h, err), 0);
  assert_int_equal(h.nzones, 1);
  assert_string_equal(h.zones[0], "*");
  assert_int_equal(parse("Tiêu đề: x\n---\nx", &h, err), 0);
  assert_int_equal(h.nzones, 0);
  assert_int_equal(parse("Tiêu đề: x\nKhu vực: , ;\n---\nx", &h, err), -1);
  assert_string_equal(err, "dòng 2: khu vực ', ;' không hợp lệ / invalid zones");
}

/* A bulletin that opens with "Kính gửi: ..." has no header and loses nothing. */
static void test_no_header(void **state)
{
  const char *t = "Kính gửi: toàn thể nhân dân\nUBND xã thông báo.\n";
  loa_header h;
  char err[256];
  assert_int_equal(parse(t, &h, err), 0);
  assert_false(h.present);
  assert_int_equal(h.body_offset, 0);
  assert_int_equal(h.body_line, 1);
}

struct bad_case {
  const char *text;
  const char *message_part;
};

static void test_errors_name_the_line(void **state)
{
  static const struct bad_case cases[] = {
    {"Tiêu đề: A\nTừ ngày: 31/2/2026\n---\n", "dòng 2"},
    {"Tiêu đề: A\nMức độ: gấp lắm\n---\n", "dòng 2: mức độ"},
    {"Tiêu đề: A\nTừ ngày: 5/12/2026\nĐến ngày: 1/12/2026\n---\n", "Đến ngày"},
    {"Tiêu đề: A\nSố lần mỗi ngày: 0\n---\n", "dòng 2"},
    {"Tiêu đề: A\nNgười ký: B\n---\n", "dòng 2: không biết mục 'Người ký'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    loa_header h;
    char err[256];
    assert_int_equal(parse(cases[i].text, &h, err), -1);
    if (!strstr(err, cases[i].message_part))
      fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].message_part);
  }
}

static void test_leap_day(void **state)
{
  loa_header h;
  char err[256];
  assert_int_equal(parse("Từ ngày: 29/02/2028\n---\n", &h, err), 0);
  assert_int_equal(h.first_day, 20280229);
  assert_int_equal(parse("Từ ngày: 29/02/2027\n---\n", &h, err), -1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_full_header),
    cmocka_unit_test(test_keys_without_accents_and_blank_end),
    cmocka_unit_test(test_slots_joined_by_va),
    cmocka_unit_test(test_zones),
    cmocka_unit_test(test_no_header),
    cmocka_unit_test(test_errors_name_the_line),
    cmocka_unit_test(test_leap_day),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

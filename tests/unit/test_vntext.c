/* test_vntext.c: the one UTF-8 reader (loa_utf8_next, loa_utf8_decode) and writer of
 * lexicon/vntext.h: which bytes are UTF-8, how far a reader moves, what an invalid byte
 * becomes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "lexicon/buf.h"
#include "lexicon/vntext.h"

/* The code point at S (N bytes) and the bytes loa_utf8_next takes for it. */
static int32_t next(const char *s, size_t n, size_t *used)
{
  *used = 99;
  return loa_utf8_next(s, n, used);
}

static void test_reads_one_to_four_bytes(void **state)
{
  size_t u;
  assert_int_equal(next("a", 1, &u), 'a');
  assert_int_equal(u, 1);
  assert_int_equal(next("\0x", 2, &u), 0);
  assert_int_equal(u, 1);
  assert_int_equal(next("đ", 2, &u), 0x111);
  assert_int_equal(u, 2);
  assert_int_equal(next("ạb", 4, &u), 0x1EA1);
  assert_int_equal(u, 3);
  assert_int_equal(next("\xF0\x9F\x93\xA2", 4, &u), 0x1F4E2);   /* 📢 */
  assert_int_equal(u, 4);
  assert_int_equal(next("\xEF\xBF\xBD", 3, &u), 0xFFFD);        /* a real U+FFFD is no error */
  assert_int_equal(u, 3);
}

static void test_refuses_what_is_no_utf8(void **state)
{
  static const struct { const char *s; size_t n; } bad[] = {
    {"\x80", 1},               /* a continuation byte alone */
    {"\xC3", 1},               /* cut off */
    {"\xE1\xBA", 2},           /* cut off */
    {"\xE1\xBA" "a", 3},       /* a continuation missing */
    {"\xC0\xAF", 2},           /* overlong '/' */
    {"\xE0\x80\xAF", 3},       /* overlong '/' */
    {"\xED\xA0\x80", 3},       /* a surrogate */
    {"\xF4\x90\x80\x80", 4},   /* above U+10FFFF */
    {"\xFF", 1},
    {"", 0},                   /* nothing left */
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t u;
    assert_int_equal(next(bad[i].s, bad[i].n, &u), -1);
    assert_int_equal(u, 1);   /* a reader goes on at the next byte */
  }
}

static void test_len_bounds_the_read(void **state)
{
  size_t u;
  assert_int_equal(next("ạ", 2, &u), -1);   /* the third byte is past LEN */
  assert_int_equal(next("ạ", 3, &u), 0x1EA1);
}

static void test_decode_reads_invalid_as_replacement(void **state)
{
  uint32_t cp;
  assert_int_equal(loa_utf8_decode("\xC3(", 2, &cp), 1);
  assert_int_equal(cp, 0xFFFD);
  assert_int_equal(loa_utf8_decode("ư", 2, &cp), 2);
  assert_int_equal(cp, 0x1B0);
}

static void test_valid_and_chars(void **state)
{
  assert_true(loa_utf8_valid("Thông báo \xEF\xBF\xBD", strlen("Thông báo \xEF\xBF\xBD")));
  assert_false(loa_utf8_valid("Th\xF4ng", 5));
  assert_true(loa_utf8_valid("", 0));
  assert_int_equal(loa_utf8_chars("hòa", strlen("hòa")), 3);
}

static void test_encode_round_trip_and_non_code_points(void **state)
{
  static const uint32_t cps[] = {'a', 0x7F, 0x80, 0x111, 0x7FF, 0x800, 0x1EA1, 0xFFFF, 0x10000, 0x10FFFF};
  for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
    char u[4];
    size_t n = loa_utf8_encode(cps[i], u), used;
    assert_int_equal(loa_utf8_next(u, n, &used), (int32_t)cps[i]);
    assert_int_equal(used, n);
  }
  loa_buf b = LOA_BUF_INIT;
  loa_buf_put_cp(&b, 0xD800);      /* a surrogate */
  loa_buf_put_cp(&b, 0x110000);    /* past Unicode */
  assert_string_equal(b.p, "\xEF\xBF\xBD\xEF\xBF\xBD");
  loa_buf_free(&b);
}

/* The key of a syllable is the same however it is written, and differs between syllables. */
static int key_of(const char *w, char *k)
{
  int n = loa_vn_syllable_key(w, strlen(w), k, 64);
  if (n >= 0)
    k[n] = 0;
  return n;
}

static void test_syllable_key(void **state)
{
  static const char *const same[][4] = {
    {"hòa", "hoà", "HOÀ", "ho\x61\xCC\x80"},            /* tone on o or a, capitals, NFD */
    {"thủy", "thuỷ", "THỦY", "thu\xCC\x89y"},            /* hook above as a combining mark */
    {"việt", "Việt", "VIỆT", "vie\xCC\x82\xCC\xA3t"},  /* circumflex and dot below, NFD */
    {"đồng", "Đồng", "ĐỒNG", "đô\xCC\x80ng"},
  };
  char a[64], b[64];
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    for (size_t j = 1; j < 4; j++) {
      assert_true(key_of(same[i][0], a) > 0);
      assert_true(key_of(same[i][j], b) > 0);
      assert_string_equal(a, b);
    }
  static const char *const differ[][2] = {
    {"hòa", "hóa"}, {"hoa", "hòa"}, {"ban", "bàn"}, {"da", "đa"}, {"ơ", "o"}, {"ư", "u"},
  };
  for (size_t i = 0; i < sizeof differ / sizeof *differ; i++) {
    key_of(differ[i][0], a);
    key_of(differ[i][1], b);
    assert_string_not_equal(a, b);
  }
  assert_int_equal(key_of("", a), -1);
  assert_int_equal(key_of("ho\xCC\x80\xCC\x81", a), -1);   /* two tone marks */
  assert_int_equal(key_of("h\xFF" "a", a), -1);                  /* no UTF-8 */
}

static void test_letter_classes(void **state)
{
  assert_true(loa_is_letter('a') && loa_is_letter(0x1EA0) && loa_is_letter(0x4E2D));   /* a Ạ 中 */
  assert_false(loa_is_letter('1') || loa_is_letter(' ') || loa_is_letter(0x301) || loa_is_letter(-1));
  assert_true(loa_is_upper('D') && loa_is_upper(0x110) && !loa_is_upper(0x111));        /* Đ đ */
  assert_true(loa_is_lower(0x1EA1) && !loa_is_lower(0x1EA0) && !loa_is_lower(-1));      /* ạ Ạ */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_one_to_four_bytes),
    cmocka_unit_test(test_refuses_what_is_no_utf8),
    cmocka_unit_test(test_len_bounds_the_read),
    cmocka_unit_test(test_decode_reads_invalid_as_replacement),
    cmocka_unit_test(test_valid_and_chars),
    cmocka_unit_test(test_encode_round_trip_and_non_code_points),
    cmocka_unit_test(test_syllable_key),
    cmocka_unit_test(test_letter_classes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

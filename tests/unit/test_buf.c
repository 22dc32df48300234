/* test_buf.c: the shared growing byte string and growing array (lexicon/buf.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/buf.h"

static void test_put_keeps_nul_and_length(void **state)
{
  loa_buf b = LOA_BUF_INIT;
  loa_buf_puts(&b, "ngày ");
  loa_buf_printf(&b, "%d tháng %s", 5, "tư");
  loa_buf_putc(&b, ' ');
  loa_buf_put_cp(&b, 0x1EA1);   /* ạ */
  assert_false(b.oom);
  assert_string_equal(b.p, "ngày 5 tháng tư ạ");
  assert_int_equal(b.n, strlen(b.p));
  loa_buf_trim(&b, strlen("ạ") + 1);
  assert_string_equal(b.p, "ngày 5 tháng tư");
  loa_buf_clear(&b);
  assert_int_equal(b.n, 0);
  assert_string_equal(b.p, "");
  loa_buf_free(&b);
}

static void test_grows_past_many_doublings(void **state)
{
  loa_buf b = LOA_BUF_INIT;
  for (int i = 0; i < 10000; i++)
    loa_buf_printf(&b, "%04d", i % 10000);
  assert_int_equal(b.n, 40000);
  assert_memory_equal(b.p + 4 * 9999, "9999", 4);
  loa_buf_free(&b);
}

static void test_take_hands_over(void **state)
{
  loa_buf b = LOA_BUF_INIT;
  char *s = loa_buf_take(&b);
  assert_non_null(s);
  assert_string_equal(s, "");
  free(s);
  loa_buf_puts(&b, "loa");
  s = loa_buf_take(&b);
  assert_string_equal(s, "loa");
  assert_null(b.p);
  assert_int_equal(b.n, 0);
  free(s);
}

static void test_oom_stops_puts(void **state)
{
  loa_buf b = LOA_BUF_INIT;
  loa_buf_puts(&b, "abc");
  assert_int_equal(loa_buf_reserve(&b, (size_t)-1), -1);
  assert_true(b.oom);
  loa_buf_puts(&b, "def");
  assert_string_equal(b.p, "abc");
  assert_null(loa_buf_take(&b));
}

static void test_grow_array(void **state)
{
  int *a = NULL;
  size_t cap = 0;
  for (int i = 0; i < 1000; i++) {
    int *p = loa_grow(a, &cap, (size_t)i + 1, sizeof *a);
    assert_non_null(p);
    a = p;
    a[i] = i;
  }
  assert_int_equal(cap, 1024);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(a[i], i);
  size_t before = cap;
  assert_null(loa_grow(a, &cap, (size_t)-1 / 2, sizeof *a));
  assert_int_equal(cap, before);
  free(a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_put_keeps_nul_and_length),
    cmocka_unit_test(test_grows_past_many_doublings),
    cmocka_unit_test(test_take_hands_over),
    cmocka_unit_test(test_oom_stops_puts),
    cmocka_unit_test(test_grow_array),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

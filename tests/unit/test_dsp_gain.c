/* test_dsp_gain.c: the fixed gain scales by 10^(dB/20), 0 dB is the identity, bad values are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0

static void test_gain(void **state)
{
  size_t n = 10000, m;
  float *x = tu_speechlike(n, RATE, 2, 0.3);
  float *y = tu_run(loa_gain_new(RATE, 6.0), x, n, 333, &m);
  assert_int_equal(m, n);
  for (size_t i = 0; i < n; i++)
    assert_true(fabsf(y[i] - x[i] * 1.9952623f) <= 1e-6f * fabsf(x[i]) + 1e-12f);
  assert_true(fabs(tu_db(tu_rms(y, n) / tu_rms(x, n)) - 6.0) < 1e-4);
  free(y);
  y = tu_run(loa_gain_new(RATE, 0.0), x, n, 0, &m);
  assert_memory_equal(x, y, n * sizeof *x);
  free(y);
  y = tu_run(loa_gain_new(RATE, -20.0), x, n, 0, &m);
  assert_true(fabs(tu_db(tu_rms(y, n) / tu_rms(x, n)) + 20.0) < 1e-4);
  free(y);
  free(x);
  assert_null(loa_gain_new(RATE, NAN));
  assert_null(loa_gain_new(RATE, 200.0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_dsp_compressor.c: the compressor's static curve (threshold, ratio, soft knee, makeup)
 * measured on steady tones, its attack and release on level steps, and its exact return to the
 * makeup gain after a loud passage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0
#define THRESHOLD -22.0
#define RATIO 3.0
#define MAKEUP 4.0
#define KNEE 6.0

static loa_effect *make(void) { return loa_compressor_new(RATE, THRESHOLD, RATIO, 5.0, 120.0, MAKEUP); }

/* Output level (dB) the curve promises for an input RMS level L (dB). */
static double curve(double L)
{
  double over = L - THRESHOLD, gr = 0.0;
  if (2.0 * over >= KNEE)
    gr = (1.0 / RATIO - 1.0) * over;
  else if (2.0 * over > -KNEE)
    gr = (1.0 / RATIO - 1.0) * (over + KNEE / 2.0) * (over + KNEE / 2.0) / (2.0 * KNEE);
  return L + gr + MAKEUP;
}

static void test_static_curve(void **state)
{
  const double tones[] = {1000.0, 130.0};
  for (size_t t = 0; t < 2; t++)
    for (double L = -40.0; L <= -2.0; L += 2.0) {
      size_t n = (size_t)(1.5 * RATE), m;
      float *x = tu_sine(n, RATE, tones[t], pow(10.0, L / 20.0) * sqrt(2.0), 0.0);
      float *y = tu_run(make(), x, n, 1000, &m);
      assert_int_equal(m, n);
      double out = tu_db(tu_rms(y + n / 2, n / 2)), want = curve(L);
      if (fmod(L, 6.0) == 0.0 || fabs(out - want) >= 0.1)
        printf("  %4.0f Hz at %+5.1f dB RMS -> %+6.2f dB (curve %+6.2f)\n", tones[t], L, out, want);
      assert_true(fabs(out - want) < (t == 0 ? 0.05 : 0.15));
      free(x);
      free(y);
    }
}

/* Below the knee the compressor is exactly the makeup gain, with no delay. */
static void test_quiet_signal_gets_makeup_only(void **state)
{
  size_t n = (size_t)RATE, m;
  float *x = tu_speechlike(n, RATE, 4, 0.01);
  float *y = tu_run(make(), x, n, 517, &m);
  double g = pow(10.0, MAKEUP / 20.0);
  assert_int_equal(m, n);
  for (size_t i = 0; i < n; i++)
    assert_true(y[i] == (float)(x[i] * g));
  free(x);
  free(y);
}

/* Quiet, loud, quiet: reduction within 1 dB of its final value 30 ms after the step up; after the
 * step down the gain is exactly back to the makeup gain within 400 ms. */
static void test_attack_and_release(void **state)
{
  size_t q = (size_t)(0.5 * RATE), n = 4 * q, m;
  float *x = tu_sine(n, RATE, 1000.0, 1.0, 0.0);
  for (size_t i = 0; i < n; i++)
    x[i] *= (float)(i >= q && i < 2 * q ? pow(10.0, -10.0 / 20.0) * sqrt(2.0) : 0.01 * sqrt(2.0));
  float *y = tu_run(make(), x, n, 4096, &m);
  double g = pow(10.0, MAKEUP / 20.0), final = curve(-10.0) + 10.0;
  size_t w = 221;    /* 10 ms of whole cycles at 1 kHz (22.05 frames per cycle) */
  double at30 = tu_db(tu_rms(y + q + 661, w) / tu_rms(x + q + 661, w));
  printf("  gain 30 ms after the step up %+.2f dB (steady %+.2f dB)\n", at30, final);
  assert_true(fabs(at30 - final) < 1.0);
  size_t back = 0;
  for (size_t i = 2 * q; i < n; i++)
    if (y[i] != (float)(x[i] * g))
      back = i - 2 * q + 1;
  printf("  exactly back to the makeup gain %.0f ms after the step down\n", back * 1000.0 / RATE);
  assert_true(back < (size_t)(0.4 * RATE));
  assert_true(back > (size_t)(0.05 * RATE));    /* and not at once: a release, not a switch */
  free(x);
  free(y);
}

static void test_block_size_independent(void **state)
{
  size_t n = (size_t)(3 * RATE), m1, m2;
  float *x = tu_speechlike(n, RATE, 9, 0.5);
  float *a = tu_run(make(), x, n, 0, &m1);
  float *b = tu_run(make(), x, n, 13, &m2);
  assert_int_equal(m1, n);
  assert_int_equal(m2, n);
  assert_memory_equal(a, b, n * sizeof *a);
  free(x);
  free(a);
  free(b);
  assert_null(loa_compressor_new(RATE, -20.0, 0.5, 5.0, 100.0, 0.0));
  assert_null(loa_compressor_new(RATE, 10.0, 2.0, 5.0, 100.0, 0.0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_static_curve),
      cmocka_unit_test(test_quiet_signal_gets_makeup_only),
      cmocka_unit_test(test_attack_and_release),
      cmocka_unit_test(test_block_size_independent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

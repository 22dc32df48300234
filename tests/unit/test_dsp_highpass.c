/* test_dsp_highpass.c: the 70 Hz high-pass attenuates low tones as a 2nd-order Butterworth filter
 * should (measured in steady state), passes the voice band, and removes DC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0

/* Magnitude (dB) of the bilinear-transformed Butterworth high-pass of ORDER at HZ. */
static double butter_hp_db(double hz, double cutoff, int order)
{
  double r = tan(M_PI * cutoff / RATE) / tan(M_PI * hz / RATE);
  return -10.0 * log10(1.0 + pow(r, 2 * order));
}

/* Gain (dB) of the high-pass for a tone: RMS over the second second (whole periods). */
static double tone_gain_db(double hz, double cutoff)
{
  return tu_tone_gain_db(loa_highpass_new(RATE, cutoff), RATE, hz, 0.3, 1000);
}

static void test_attenuation_matches_butterworth(void **state)
{
  const double tones[] = {20.0, 35.0, 50.0, 70.0, 100.0, 200.0, 1000.0, 5000.0};
  for (size_t i = 0; i < sizeof tones / sizeof tones[0]; i++) {
    double got = tone_gain_db(tones[i], 70.0), want = butter_hp_db(tones[i], 70.0, 2);
    printf("  %6.0f Hz: %+8.3f dB (Butterworth %+8.3f dB)\n", tones[i], got, want);
    assert_true(fabs(got - want) < 0.02);
  }
  /* -3 dB at the cutoff, 50 Hz down by about 6.6 dB, 1 kHz untouched */
  assert_true(fabs(tone_gain_db(70.0, 70.0) + 3.01) < 0.02);
  assert_true(tone_gain_db(50.0, 70.0) < -6.0);
  assert_true(fabs(tone_gain_db(1000.0, 70.0)) < 0.01);
}

static void test_dc_is_removed(void **state)
{
  size_t n = (size_t)(3 * RATE), m;
  float *x = tu_sine(n, RATE, 1000.0, 0.2, 0.0);
  for (size_t i = 0; i < n; i++)
    x[i] += 0.3f;
  float *y = tu_run(loa_highpass_new(RATE, 70.0), x, n, 4096, &m);
  double mean = 0.0;
  for (size_t i = 2 * n / 3; i < n; i++)
    mean += y[i];
  mean /= (double)(n / 3);
  printf("  mean of the last second: %.3g (input 0.3)\n", mean);
  assert_true(fabs(mean) < 1e-5);
  assert_true(fabs(tu_rms(y + 2 * n / 3, n / 3) - 0.2 / sqrt(2.0)) < 1e-3);
  free(x);
  free(y);
}

/* After a loud signal stops, the output becomes exactly zero (no denormal tail) within 150 ms. */
static void test_tail_ends_in_exact_zero(void **state)
{
  size_t n = (size_t)RATE, m, last = 0;
  float *x = tu_sine(n, RATE, 120.0, 1.0, 0.0);
  memset(x + n / 4, 0, (n - n / 4) * sizeof *x);
  float *y = tu_run(loa_highpass_new(RATE, 70.0), x, n, 0, &m);
  for (size_t i = 0; i < n; i++)
    if (y[i] != 0.0f)
      last = i;
  printf("  last non-zero sample %.1f ms after the input stops\n", (last - n / 4) * 1000.0 / RATE);
  assert_true(last - n / 4 < (size_t)(0.15 * RATE));
  free(x);
  free(y);
}

static void test_bad_arguments(void **state)
{
  assert_null(loa_highpass_new(RATE, 0.0));
  assert_null(loa_highpass_new(RATE, 11000.0));
  assert_null(loa_highpass_new(0.0, 70.0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_attenuation_matches_butterworth),
      cmocka_unit_test(test_dc_is_removed),
      cmocka_unit_test(test_tail_ends_in_exact_zero),
      cmocka_unit_test(test_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

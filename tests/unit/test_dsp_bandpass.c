/* test_dsp_bandpass.c: the loudspeaker band limit is -3 dB at its edges, flat in the voice band,
 * and falls 24 dB per octave outside (4th-order Butterworth), measured on steady tones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0

static double tone_gain_db(double hz, double lo, double hi)
{
  return tu_tone_gain_db(loa_bandpass_new(RATE, lo, hi), RATE, hz, 1.0, 999);
}

static double butter_db(double hz, double lo, double hi)
{
  double a = tan(M_PI * lo / RATE) / tan(M_PI * hz / RATE);
  double b = tan(M_PI * hz / RATE) / tan(M_PI * hi / RATE);
  return -10.0 * log10(1.0 + pow(a, 8)) - 10.0 * log10(1.0 + pow(b, 8));
}

static void test_edges_are_minus_3_db(void **state)
{
  double lo = tone_gain_db(180.0, 180.0, 7000.0), hi = tone_gain_db(7000.0, 180.0, 7000.0);
  printf("  180 Hz %+.3f dB, 7000 Hz %+.3f dB\n", lo, hi);
  assert_true(fabs(lo + 3.01) < 0.05);
  assert_true(fabs(hi + 3.01) < 0.05);
}

static void test_response_matches_butterworth(void **state)
{
  const double tones[] = {45.0, 90.0, 120.0, 300.0, 1000.0, 3000.0, 5000.0, 8000.0, 10000.0};
  for (size_t i = 0; i < sizeof tones / sizeof tones[0]; i++) {
    double got = tone_gain_db(tones[i], 180.0, 7000.0), want = butter_db(tones[i], 180.0, 7000.0);
    printf("  %6.0f Hz: %+8.3f dB (Butterworth %+8.3f dB)\n", tones[i], got, want);
    assert_true(fabs(got - want) < 0.05);
  }
  assert_true(tone_gain_db(90.0, 180.0, 7000.0) < -23.0);    /* an octave below: -24 dB */
  assert_true(fabs(tone_gain_db(1000.0, 180.0, 7000.0)) < 0.01);
}

static void test_bad_arguments(void **state)
{
  assert_null(loa_bandpass_new(RATE, 7000.0, 180.0));
  assert_null(loa_bandpass_new(RATE, 0.0, 7000.0));
  /* an upper edge at or above Nyquist leaves the low-pass out */
  loa_effect *e = loa_bandpass_new(8000.0, 180.0, 7000.0);
  assert_non_null(e);
  e->destroy(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_edges_are_minus_3_db),
      cmocka_unit_test(test_response_matches_butterworth),
      cmocka_unit_test(test_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_dsp_resample.c: resampling at every quality gives exactly round(n x ratio) frames and keeps
 * a tone's frequency; the sinc converters are time-aligned; a part that starts in silence gives the
 * same samples as the same stretch of a longer run (22,050 -> 44,100 Hz). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

/* Frequency of a tone from its zero crossings in the middle of the signal. */
static double tone_hz(const float *y, size_t n, double rate)
{
  size_t from = n / 4, to = 3 * n / 4, first = 0, last = 0, count = 0;
  for (size_t i = from + 1; i < to; i++)
    if ((y[i - 1] < 0.0f) != (y[i] < 0.0f)) {
      if (!count)
        first = i;
      last = i;
      count++;
    }
  return count > 1 ? (double)(count - 1) / 2.0 / ((double)(last - first) / rate) : 0.0;
}

static void test_length_is_exact(void **state)
{
  const double rates[][2] = {{22050, 44100}, {22050, 48000}, {44100, 22050}, {22050, 16000}, {22050, 32000}};
  const size_t lengths[] = {1, 7, 1000, 22051, 12345, 100003};
  const size_t blocks[] = {0, 1, 333, 4096};
  for (int q = 0; q <= 4; q++)
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
      for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        size_t n = lengths[k], m, want = (size_t)llround(n * rates[r][1] / rates[r][0]);
        float *x = tu_sine(n, rates[r][0], 440.0, 0.5, 0.0);
        float *y = tu_run(loa_resample_new(rates[r][0], rates[r][1], q), x, n,
                          blocks[(k + q) % 4], &m);
        if (m != want)
          printf("  q%d %.0f -> %.0f, %zu frames: got %zu, want %zu\n", q, rates[r][0], rates[r][1], n,
                 m, want);
        assert_int_equal(m, want);
        free(x);
        free(y);
      }
}

static void test_tone_keeps_its_frequency(void **state)
{
  const double rates[][2] = {{22050, 44100}, {22050, 48000}, {44100, 22050}};
  for (int q = 0; q <= 4; q++)
    for (size_t r = 0; r < 3; r++) {
      size_t n = (size_t)rates[r][0], m;
      float *x = tu_sine(n, rates[r][0], 1000.0, 0.5, 0.1);
      float *y = tu_run(loa_resample_new(rates[r][0], rates[r][1], q), x, n, 1024, &m);
      double hz = tone_hz(y, m, rates[r][1]);
      printf("  q%d %5.0f -> %5.0f Hz: %.3f Hz\n", q, rates[r][0], rates[r][1], hz);
      assert_true(fabs(hz - 1000.0) < 0.5);
      free(x);
      free(y);
    }
}

/* Sinc converters add no delay: an impulse at input frame 1000 peaks at output frame 2000. */
static void test_sinc_is_time_aligned(void **state)
{
  for (int q = 0; q <= 2; q++) {
    size_t n = 4000, m, peak = 0;
    float *x = calloc(n, sizeof *x);
    x[1000] = 1.0f;
    float *y = tu_run(loa_resample_new(22050.0, 44100.0, q), x, n, 500, &m);
    for (size_t i = 0; i < m; i++)
      if (y[i] > y[peak])
        peak = i;
    assert_int_equal(peak, 2000);
    free(x);
    free(y);
  }
}

/* A part that starts in silence equals the same stretch of the whole run. */
static void test_part_equals_whole(void **state)
{
  for (int q = 0; q <= 4; q++) {
    size_t n = 3 * 22050, cut = 22050 + 11025, m1, m2;
    float *x = tu_speechlike(n, 22050.0, 11, 0.3);
    memset(x + 22050, 0, 22050 * sizeof *x);    /* one second of silence around the cut */
    float *whole = tu_run(loa_resample_new(22050.0, 44100.0, q), x, n, 4096, &m1);
    float *part = tu_run(loa_resample_new(22050.0, 44100.0, q), x + cut, n - cut, 777, &m2);
    assert_int_equal(m1, 2 * n);
    assert_int_equal(m2, 2 * (n - cut));
    assert_memory_equal(whole + 2 * cut, part, m2 * sizeof *part);
    free(x);
    free(whole);
    free(part);
  }
}

static void test_bad_arguments(void **state)
{
  assert_null(loa_resample_new(22050.0, 44100.0, 5));
  assert_null(loa_resample_new(22050.0, 44100.0, -1));
  assert_null(loa_resample_new(0.0, 44100.0, 2));
  loa_effect *e = loa_resample_new(22050.0, 44100.0, 2);
  assert_true(e->in_rate == 22050.0 && e->out_rate == 44100.0);
  e->destroy(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_length_is_exact),
      cmocka_unit_test(test_tone_keeps_its_frequency),
      cmocka_unit_test(test_sinc_is_time_aligned),
      cmocka_unit_test(test_part_equals_whole),
      cmocka_unit_test(test_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

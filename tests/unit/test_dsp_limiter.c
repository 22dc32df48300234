/* test_dsp_limiter.c: the true-peak limiter holds its ceiling on worst-case signals, measured with
 * libebur128's true-peak meter at the working rate and after resampling to 44.1 kHz; it passes
 * quiet signals bit for bit, and its gain returns exactly to 1 after a loud passage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"

#define RATE 22050.0
#define CEILING -1.5

typedef struct {
  const char *name;
  float *x;
  size_t n;
} signal;

static signal make(const char *name, size_t n) { return (signal){name, calloc(n, sizeof(float)), n}; }

static signal square(double hz, double amp)
{
  signal s = make("square", (size_t)RATE);
  for (size_t i = 0; i < s.n; i++)
    s.x[i] = (float)(fmod((double)i * hz / RATE, 1.0) < 0.5 ? amp : -amp);
  return s;
}

static signal nyquist(double amp)
{
  signal s = make("nyquist", (size_t)RATE);
  for (size_t i = 0; i < s.n; i++)
    s.x[i] = (float)(i & 1 ? -amp : amp);
  return s;
}

static signal impulses(double amp)
{
  signal s = make("impulses", (size_t)RATE);
  for (size_t i = 1000; i < s.n; i += 1777)
    s.x[i] = (float)((i / 1777) & 1 ? -amp : amp);
  s.x[5000] = s.x[5001] = (float)amp;    /* a doublet */
  return s;
}

static signal sweep(double amp)
{
  signal s = make("sweep", (size_t)(3 * RATE));
  double f0 = 20.0, f1 = RATE / 2.0, T = (double)s.n / RATE, k = log(f1 / f0);
  for (size_t i = 0; i < s.n; i++) {
    double t = (double)i / RATE;
    s.x[i] = (float)(amp * sin(2.0 * M_PI * f0 * T / k * (exp(t / T * k) - 1.0)));
  }
  return s;
}

static signal quarter_45(double amp)
{
  signal s = make("fs/4 45deg", (size_t)RATE);
  for (size_t i = 0; i < s.n; i++)
    s.x[i] = (float)(amp * sin(M_PI / 2.0 * (double)i + M_PI / 4.0));
  return s;
}

static signal noise(double amp)
{
  signal s = make("noise", (size_t)RATE);
  uint64_t r = 12345;
  for (size_t i = 0; i < s.n; i++)
    s.x[i] = (float)(amp * tu_rand(&r));
  return s;
}

static signal speech(double amp)
{
  signal s = {"speechlike", tu_speechlike((size_t)(4 * RATE), RATE, 7, amp), (size_t)(4 * RATE)};
  return s;
}

/* Limit S at the working rate; measure the true peak there and after resampling to 44.1 kHz at
 * each sinc quality. Every signal must hold the ceiling at the working rate and after the default
 * resampler (quality 2); after the wider sinc converters (1, 0) only band-limited signals are
 * required to (FULLBAND = 0): the detector cannot see the last few percent of the band below
 * Nyquist, where naive square waves and white noise put energy that those converters keep. */
static int check_ceiling(signal s, int fullband)
{
  size_t n, n44[3];
  float *y = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), s.x, s.n, 1000, &n);
  assert_int_equal(n, s.n);
  double tp_in = tu_true_peak_db(s.x, s.n, RATE), tp = tu_true_peak_db(y, n, RATE), tp44[3];
  for (int q = 0; q < 3; q++) {
    float *y44 = tu_run(loa_resample_new(RATE, 44100.0, q), y, n, 0, &n44[q]);
    tp44[q] = tu_true_peak_db(y44, n44[q], 44100.0);
    free(y44);
  }
  printf("  %-12s in %+6.2f dBTP -> out %+6.3f dBTP; at 44.1 kHz %+6.3f (q2) %+6.3f (q1) %+6.3f (q0)\n",
         s.name, tp_in, tp, tp44[2], tp44[1], tp44[0]);
  free(y);
  free(s.x);
  return tp <= CEILING && tp44[2] <= CEILING &&
         (fullband || (tp44[1] <= CEILING && tp44[0] <= CEILING));
}

static void test_worst_cases_hold_the_ceiling(void **state)
{
  int ok = 1;
  ok &= check_ceiling(square(1000.0, 1.0), 1);
  ok &= check_ceiling(square(100.0, 4.0), 1);
  ok &= check_ceiling(square(3001.0, 1.0), 1);
  ok &= check_ceiling(nyquist(1.0), 0);
  ok &= check_ceiling(nyquist(3.0), 0);
  ok &= check_ceiling(impulses(1.0), 0);
  ok &= check_ceiling(impulses(8.0), 0);
  ok &= check_ceiling(sweep(1.0), 0);
  ok &= check_ceiling(sweep(2.0), 0);
  ok &= check_ceiling(quarter_45(1.0), 0);
  ok &= check_ceiling(quarter_45(2.0), 0);
  ok &= check_ceiling(noise(1.0), 1);
  ok &= check_ceiling(noise(3.0), 1);
  ok &= check_ceiling(speech(1.5), 0);
  assert_true(ok);
}

/* Placed after the resampler (working rate 44.1 kHz), the limiter holds the ceiling on every
 * worst case whatever the converter, because all content then lies below half its Nyquist. */
static void test_after_resampling_holds_for_any_quality(void **state)
{
  signal sig[] = {square(100.0, 4.0), noise(3.0), square(1000.0, 1.0), impulses(8.0)};
  for (size_t i = 0; i < sizeof sig / sizeof sig[0]; i++) {
    for (int q = 0; q < 3; q++) {
      size_t n44, n;
      float *x44 = tu_run(loa_resample_new(RATE, 44100.0, q), sig[i].x, sig[i].n, 0, &n44);
      float *y = tu_run(loa_limiter_new(44100.0, CEILING, 5.0, 80.0), x44, n44, 4096, &n);
      double tp = tu_true_peak_db(y, n, 44100.0);
      printf("  %-12s resampled (q%d), limited at 44.1 kHz: %+6.3f dBTP\n", sig[i].name, q, tp);
      assert_true(tp <= CEILING);
      free(x44);
      free(y);
    }
    free(sig[i].x);
  }
}

/* Everything below the ceiling comes out unchanged, sample for sample. */
static void test_quiet_signal_is_bit_identical(void **state)
{
  size_t n = (size_t)(3 * RATE), m;
  float *x = tu_speechlike(n, RATE, 3, 0.2);
  float *y = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), x, n, 777, &m);
  assert_int_equal(m, n);
  assert_true(tu_true_peak_db(x, n, RATE) < CEILING - 1.0);
  assert_memory_equal(x, y, n * sizeof *x);
  free(x);
  free(y);
}

/* A loud burst, silence, then a quiet signal: the quiet part is bit-identical
 * (the gain has come back to exactly 1, not nearly). */
static void test_gain_returns_to_one(void **state)
{
  size_t burst = (size_t)RATE, gap = (size_t)(0.3 * RATE), tail = (size_t)(2 * RATE);
  size_t n = burst + gap + tail, m;
  float *x = calloc(n, sizeof *x);
  float *loud = tu_sine(burst, RATE, 440.0, 3.0, 0.0);
  float *quiet = tu_speechlike(tail, RATE, 5, 0.1);
  memcpy(x, loud, burst * sizeof *x);
  memcpy(x + burst + gap, quiet, tail * sizeof *x);
  float *y = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), x, n, 1024, &m);
  assert_int_equal(m, n);
  assert_true(tu_true_peak_db(y, burst, RATE) <= CEILING);
  assert_memory_equal(x + burst + gap, y + burst + gap, tail * sizeof *x);
  /* and the silence in between is exactly silent */
  for (size_t i = burst + 200; i < burst + gap; i++)
    assert_true(y[i] == 0.0f);
  free(x);
  free(loud);
  free(quiet);
  free(y);
}

/* The limited output does not depend on the block size. */
static void test_block_size_independent(void **state)
{
  signal s = speech(2.0);
  size_t n1, n2;
  float *a = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), s.x, s.n, 0, &n1);
  float *b = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), s.x, s.n, 37, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(a, b, n1 * sizeof *a);
  free(a);
  free(b);
  free(s.x);
}

/* Shorter than the look-ahead: still exactly as many frames out. */
static void test_short_input(void **state)
{
  float x[10] = {0.5f, -0.25f, 0.1f, 0, 0, 0, 0, 0, 0, 0.3f};
  size_t n;
  float *y = tu_run(loa_limiter_new(RATE, CEILING, 5.0, 80.0), x, 10, 3, &n);
  assert_int_equal(n, 10);
  assert_memory_equal(x, y, sizeof x);
  free(y);
  assert_null(loa_limiter_new(RATE, 3.0, 5.0, 80.0));
  assert_null(loa_limiter_new(RATE, -1.0, 5.0, 0.0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_worst_cases_hold_the_ceiling),
      cmocka_unit_test(test_after_resampling_holds_for_any_quality),
      cmocka_unit_test(test_quiet_signal_is_bit_identical),
      cmocka_unit_test(test_gain_returns_to_one),
      cmocka_unit_test(test_block_size_independent),
      cmocka_unit_test(test_short_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

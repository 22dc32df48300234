/* test_dsp_phase.c: the phase rotator passes every tone at exactly its level (all-pass),
 * lowers the peaks of real eSpeak NG speech at the same loudness, and returns to a neutral
 * state after silence like every other effect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"
#include "tts/synth.h"

#define RATE 22050.0

static double tone_gain_db(double hz)
{
  return tu_tone_gain_db(loa_phase_new(RATE, 400.0, 0.7, 4), RATE, hz, 0.7, 777);
}

static void test_magnitude_is_flat(void **state)
{
  const double tones[] = {60.0, 150.0, 400.0, 1000.0, 3000.0, 7000.0, 10000.0};
  for (size_t i = 0; i < sizeof tones / sizeof tones[0]; i++) {
    double g = tone_gain_db(tones[i]);
    printf("  %6.0f Hz: %+.4f dB\n", tones[i], g);
    assert_true(fabs(g) < 0.005);
  }
}

/* eSpeak NG speech, collected as float */
static int collect(const int16_t *pcm, size_t n, void *user)
{
  tu_buf *b = user;
  float tmp[1024];
  while (n) {
    size_t k = n < 1024 ? n : 1024;
    for (size_t i = 0; i < k; i++)
      tmp[i] = pcm[i] / 32768.0f;
    tu_sink(tmp, k, b);
    pcm += k, n -= k;
  }
  return 0;
}

static int cmp_float(const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* The level (dBFS) under which fraction P of the samples' magnitudes lie. */
static double percentile_db(const float *x, size_t n, double p)
{
  float *a = malloc(n * sizeof *a);
  for (size_t i = 0; i < n; i++)
    a[i] = fabsf(x[i]);
  qsort(a, n, sizeof *a, cmp_float);
  double v = a[(size_t)(p * (double)(n - 1))];
  free(a);
  return tu_db(v);
}

static double loudness(const float *x, size_t n)
{
  ebur128_state *st = ebur128_init(1, (unsigned long)RATE, EBUR128_MODE_I);
  double l;
  ebur128_add_frames_float(st, x, n);
  ebur128_loudness_global(st, &l);
  ebur128_destroy(&st);
  return l;
}

static void test_speech_peaks_come_down(void **state)
{
  char err[256];
  assert_int_equal(loa_synth_init("north", 0, err, sizeof err), LOA_SYNTH_OK);
  tu_buf b = {0};
  assert_int_equal(loa_synth_speak("kính thưa bà con nhân dân trong xã ủy ban nhân dân xã thông báo "
                                   "lịch tiêm phòng cúm gia cầm đợt hai năm hai nghìn không trăm hai "
                                   "mươi sáu tại các thôn từ ngày hai mươi lăm đến ngày hai mươi chín",
                                   collect, &b),
                   LOA_SYNTH_OK);
  loa_synth_terminate();
  assert_true(b.n > RATE * 3);
  size_t m;
  float *y = tu_run(loa_phase_new(RATE, 400.0, 0.7, 4), b.pcm, b.n, 1000, &m);
  assert_int_equal(m, b.n);
  double lx = loudness(b.pcm, b.n), ly = loudness(y, m);
  double px = percentile_db(b.pcm, b.n, 0.999), py = percentile_db(y, m, 0.999);
  double tx = tu_true_peak_db(b.pcm, b.n, RATE), ty = tu_true_peak_db(y, m, RATE);
  printf("  loudness %.2f -> %.2f LUFS; 99.9th percentile %.2f -> %.2f dBFS; true peak %.2f -> %.2f dBTP\n",
         lx, ly, px, py, tx, ty);
  assert_true(fabs(lx - ly) < 0.1);   /* the same loudness */
  assert_true(py < px - 2.0);         /* the peaks the limiter would take are 2 dB lower or more */
  assert_true(ty < tx - 1.0);
  free(y);
  free(b.pcm);
}

/* A burst after 0.2 s of silence comes out exactly as the same burst alone. */
static void test_neutral_after_silence(void **state)
{
  size_t burst = (size_t)(0.3 * RATE), gap = (size_t)(0.2 * RATE), m1, m2;
  float *a = tu_speechlike(burst, RATE, 7, 0.8);
  float *x = calloc(2 * burst + gap, sizeof *x);
  memcpy(x, a, burst * sizeof *a);
  memcpy(x + burst + gap, a, burst * sizeof *a);
  float *y1 = tu_run(loa_phase_new(RATE, 400.0, 0.7, 4), a, burst, 500, &m1);
  float *y2 = tu_run(loa_phase_new(RATE, 400.0, 0.7, 4), x, 2 * burst + gap, 333, &m2);
  assert_int_equal(m2, 2 * burst + gap);
  assert_memory_equal(y1, y2 + burst + gap, burst * sizeof *y1);
  free(a), free(x), free(y1), free(y2);
}

static void test_bad_arguments(void **state)
{
  assert_null(loa_phase_new(RATE, 400.0, 0.7, 0));
  assert_null(loa_phase_new(RATE, 400.0, 0.7, 9));
  assert_null(loa_phase_new(RATE, 20000.0, 0.7, 4));
  assert_null(loa_phase_new(RATE, 400.0, 0.0, 4));
  loa_effect *e = loa_phase_new(RATE, 400.0, 0.7, 3);
  assert_non_null(e);
  e->destroy(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_magnitude_is_flat),
      cmocka_unit_test(test_speech_peaks_come_down),
      cmocka_unit_test(test_neutral_after_silence),
      cmocka_unit_test(test_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

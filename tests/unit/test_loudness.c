/* test_loudness.c: integrated loudness and true peak of reference signals (EBU R128 / BS.1770),
 * and the exported gating blocks: gating them gives libebur128's figure, and the blocks of parts
 * measured separately give the loudness of the whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"
#include "pipeline/loudness.h"

static double integrated(const float *x, size_t n, double rate)
{
  loa_meter *m = loa_meter_new(rate, 1);
  assert_non_null(m);
  assert_int_equal(loa_meter_add(m, x, n), 0);
  double l = loa_meter_integrated(m);
  loa_meter_free(m);
  return l;
}

/* EBU Tech 3341: a 997 Hz sine at 0 dBFS in one channel reads -3.01 LUFS. A mono sine of peak
 * -20 dBFS reads -23.01 LUFS; one at -20 dBFS RMS (AES17: a sine's level is its RMS + 3.01 dB,
 * as a stereo meter would count it) reads -20 LUFS. */
static void test_reference_sines(void **state)
{
  const double rates[] = {22050.0, 44100.0, 48000.0};
  for (size_t r = 0; r < 3; r++) {
    size_t n = (size_t)(20 * rates[r]);
    float *x = tu_sine(n, rates[r], 997.0, 1.0, 0.0);
    double full = integrated(x, n, rates[r]);
    free(x);
    x = tu_sine(n, rates[r], 1000.0, 0.1, 0.0);
    double peak20 = integrated(x, n, rates[r]);
    free(x);
    x = tu_sine(n, rates[r], 1000.0, 0.1 * sqrt(2.0), 0.0);
    double rms20 = integrated(x, n, rates[r]);
    free(x);
    printf("  %5.0f Hz: 997 Hz 0 dBFS %.3f LUFS; 1 kHz -20 dBFS peak %.3f, -20 dBFS RMS %.3f\n",
           rates[r], full, peak20, rms20);
    assert_true(fabs(full + 3.01) < 0.1);
    assert_true(fabs(peak20 + 23.01) < 0.1);
    assert_true(fabs(rms20 + 20.0) < 0.1);
  }
}

static void test_true_peak(void **state)
{
  double rate = 22050.0;
  size_t n = (size_t)rate;
  /* fs/4 at 45 degrees: samples at +-0.707, the wave between them reaches 1.0 */
  float *x = tu_sine(n, rate, rate / 4.0, 1.0, M_PI / 4.0);
  loa_meter *tp = loa_meter_new(rate, 1), *sp = loa_meter_new(rate, 0);
  loa_meter_add(tp, x, n);
  loa_meter_add(sp, x, n);
  printf("  fs/4 at 45 deg: true peak %+.3f dBTP, sample peak %+.3f dBFS\n",
         loa_meter_true_peak_db(tp), loa_meter_true_peak_db(sp));
  assert_true(fabs(loa_meter_true_peak_db(tp)) < 0.2);
  assert_true(fabs(loa_meter_true_peak_db(sp) + 3.01) < 0.01);
  loa_meter_free(tp);
  loa_meter_free(sp);
  free(x);
  x = tu_sine(n, rate, 1000.0, 0.5, 0.2);
  tp = loa_meter_new(rate, 1);
  loa_meter_add(tp, x, n);
  assert_true(fabs(loa_meter_true_peak_db(tp) + 6.02) < 0.05);
  loa_meter_free(tp);
  free(x);
}

static void test_silence(void **state)
{
  size_t n = 100000, nb;
  float *x = calloc(n, sizeof *x);
  loa_meter *m = loa_meter_new(22050.0, 1);
  loa_meter_add(m, x, n);
  assert_true(loa_meter_integrated(m) == -HUGE_VAL);
  assert_true(loa_meter_true_peak_db(m) == -HUGE_VAL);
  double *b;
  assert_int_equal(loa_meter_export(m, &b, &nb), 0);
  assert_int_equal(nb, (n - 4 * 2205) / 2205 + 1);
  assert_true(loa_loudness_from_blocks(b, nb) == -HUGE_VAL);
  assert_true(loa_loudness_from_blocks(NULL, 0) == -HUGE_VAL);
  free(b);
  loa_meter_free(m);
  free(x);
  assert_null(loa_meter_new(22050.5, 1));
}

/* Speech-like passages at levels 25 dB apart, with pauses: both gates matter. */
static float *programme(size_t n, double rate, uint64_t seed)
{
  float *x = tu_speechlike(n, rate, seed, 0.4);
  for (size_t i = 0; i < n; i++) {
    size_t sec = (size_t)((double)i / rate);
    if (sec % 7 == 3)
      x[i] *= 0.056f;    /* -25 dB: under the relative gate */
    else if (sec % 7 == 5)
      x[i] = 0.0f;       /* silence: under the absolute gate */
    else if (sec % 7 == 6)
      x[i] *= 0.5f;
  }
  return x;
}

static void test_blocks_match_libebur128(void **state)
{
  const double rates[] = {22050.0, 44100.0};
  for (size_t r = 0; r < 2; r++) {
    double rate = rates[r];
    size_t n = (size_t)(60 * rate) + 1234, nb;
    float *x = programme(n, rate, 17);
    loa_meter *m = loa_meter_new(rate, 0);
    for (size_t i = 0; i < n; i += 1001)
      loa_meter_add(m, x + i, n - i < 1001 ? n - i : 1001);
    double *b;
    assert_int_equal(loa_meter_export(m, &b, &nb), 0);
    double lib = loa_meter_integrated(m), ours = loa_loudness_from_blocks(b, nb);
    printf("  %5.0f Hz: libebur128 %.4f LUFS, gated blocks %.4f LUFS (%zu blocks)\n", rate, lib, ours, nb);
    assert_true(fabs(lib - ours) < 0.01);
    double sum = 0.0;    /* the gates matter here: the plain mean of the sounding blocks is lower */
    size_t count = 0;
    for (size_t i = 0; i < nb; i++)
      if (b[i] > 0.0) {
        sum += b[i];
        count++;
      }
    assert_true(ours - (10.0 * log10(sum / count) - 0.691) > 0.3);
    assert_int_equal(nb, (n - 4 * (size_t)(rate / 10)) / (size_t)(rate / 10) + 1);
    free(b);
    loa_meter_free(m);
    free(x);
  }
}

/* Parts cut on the 100 ms grid inside pauses, measured by separate meters (as worker processes
 * would), give the loudness of the whole signal. */
static void test_parts_combine_to_the_whole(void **state)
{
  double rate = 22050.0;
  size_t hop = 2205, n = 70 * 10 * hop;    /* 70 s */
  float *x = programme(n, rate, 23);
  /* cut in the middle of the silent seconds (5, 12, 19, ... s): on the grid, 0.5 s of pause each side */
  size_t cuts[] = {0, 55 * hop, 265 * hop, 475 * hop, n};
  double *all = NULL;
  size_t nall = 0;
  for (size_t k = 0; k + 1 < sizeof cuts / sizeof cuts[0]; k++) {
    loa_meter *m = loa_meter_new(rate, 1);
    loa_meter_add(m, x + cuts[k], cuts[k + 1] - cuts[k]);
    double *b;
    size_t nb;
    assert_int_equal(loa_meter_export(m, &b, &nb), 0);
    all = realloc(all, (nall + nb) * sizeof *all);
    memcpy(all + nall, b, nb * sizeof *b);
    nall += nb;
    free(b);
    loa_meter_free(m);
  }
  double whole = integrated(x, n, rate), parts = loa_loudness_from_blocks(all, nall);
  printf("  whole %.4f LUFS, from the parts' blocks %.4f LUFS\n", whole, parts);
  assert_true(fabs(whole - parts) < 0.01);
  free(all);
  free(x);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_sines),
      cmocka_unit_test(test_true_peak),
      cmocka_unit_test(test_silence),
      cmocka_unit_test(test_blocks_match_libebur128),
      cmocka_unit_test(test_parts_combine_to_the_whole),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

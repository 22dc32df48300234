/* test_dsp_master.c: the mastering chain (pipeline/master.h) is the stages it documents, in order,
 * sample for sample: a bulletin's (high-pass, preset, gain, limiter, tap, resampler, fades) and a
 * programme sound's (resampler first, no high-pass); and a bad preset stops it with the preset's
 * message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dsp_testutil.h"
#include "pipeline/loudness.h"
#include "pipeline/master.h"

#define SYNTH 22050.0
#define OUT 44100.0

/* X (N frames) through the chain M describes; the output's length in *NOUT. */
static float *through_master(const loa_master *m, const float *x, size_t n, size_t *nout)
{
  tu_buf out = {0};
  char err[256];
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_master_add(c, m, err, sizeof err), LOA_DSP_OK);
  assert_int_equal(loa_chain_push(c, x, n), LOA_DSP_OK);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  loa_chain_free(c);
  *nout = out.n;
  return out.pcm;
}

/* X through E, freeing X: one stage of the expected chain. */
static float *then(float *x, size_t *n, loa_effect *e)
{
  assert_non_null(e);
  float *y = tu_run(e, x, *n, 0, n);
  free(x);
  return y;
}

static void test_bulletin_chain(void **state)
{
  size_t n = (size_t)(2 * SYNTH), m, k = n;
  float *x = tu_speechlike(n, SYNTH, 11, 0.5);
  loa_meter *tap = loa_meter_new(SYNTH, 0);
  loa_master spec = {.preset = "loudspeaker", .highpass = 1, .in_rate = SYNTH, .rate = SYNTH,
                     .out_rate = OUT, .resample_quality = 2, .limit = 1, .gain_db = 12,
                     .ceiling_dbtp = -1.5, .tap = tap, .to_out_rate = 1, .fade = 1,
                     .fade_in_ms = 20, .fade_out_ms = 300, .out_frames = 2 * n};
  float *y = through_master(&spec, x, n, &m);

  float *want = malloc(n * sizeof *want);
  memcpy(want, x, n * sizeof *want);
  want = then(want, &k, loa_highpass_new(SYNTH, 70));
  want = then(want, &k, loa_bandpass_new(SYNTH, 180, 7000));
  want = then(want, &k, loa_compressor_new(SYNTH, -22, 3, 5, 120, 4));
  want = then(want, &k, loa_phase_new(SYNTH, 400, 0.7, 4));
  want = then(want, &k, loa_gain_new(SYNTH, 12));
  want = then(want, &k, loa_limiter_new(SYNTH, -1.5, 5, 80));
  loa_meter *ref = loa_meter_new(SYNTH, 0);
  assert_int_equal(loa_meter_add(ref, want, k), 0);
  want = then(want, &k, loa_resample_new(SYNTH, OUT, 2));
  want = then(want, &k, loa_fade_new(OUT, 20, 300, 2 * n));

  assert_int_equal(m, 2 * n);
  assert_int_equal(k, m);
  assert_memory_equal(want, y, m * sizeof *y);
  printf("  limited: %.2f LUFS at the tap\n", loa_meter_integrated(tap));
  assert_true(loa_meter_integrated(tap) == loa_meter_integrated(ref));
  assert_true(y[0] == 0.0f && y[m - 1] == 0.0f);
  loa_meter_free(tap);
  loa_meter_free(ref);
  free(x), free(y), free(want);
}

/* A jingle at 22,050 Hz for a 44,100 Hz programme: resampled first, then the
 * preset at the output rate, gain, limiter and fades; no high-pass. Without
 * LIMIT and FADE the chain is the shaping the gain is measured on. */
static void test_sound_chain(void **state)
{
  size_t n = (size_t)SYNTH, m, k = n;
  float *x = tu_speechlike(n, SYNTH, 12, 0.5);
  loa_master spec = {.preset = "stream", .in_rate = SYNTH, .rate = OUT, .out_rate = OUT,
                     .resample_quality = 1, .gain_db = -3, .ceiling_dbtp = -1.0,
                     .fade_in_ms = 10, .fade_out_ms = 150, .out_frames = 2 * n};
  float *shaped = through_master(&spec, x, n, &m);
  float *want = malloc(n * sizeof *want);
  memcpy(want, x, n * sizeof *want);
  want = then(want, &k, loa_resample_new(SYNTH, OUT, 1));
  want = then(want, &k, loa_phase_new(OUT, 400, 0.7, 4));
  assert_int_equal(m, k);
  assert_memory_equal(want, shaped, m * sizeof *want);

  spec.limit = spec.fade = 1;
  float *y = through_master(&spec, x, n, &m);
  want = then(want, &k, loa_gain_new(OUT, -3));
  want = then(want, &k, loa_limiter_new(OUT, -1.0, 5, 80));
  want = then(want, &k, loa_fade_new(OUT, 10, 150, 2 * n));
  assert_int_equal(m, k);
  assert_memory_equal(want, y, m * sizeof *y);
  free(x), free(y), free(want), free(shaped);
}

static void test_bad_preset_is_the_presets_error(void **state)
{
  tu_buf out = {0};
  char err[256];
  loa_master spec = {.preset = "radio", .highpass = 1, .in_rate = SYNTH, .rate = SYNTH,
                     .out_rate = SYNTH};
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_master_add(c, &spec, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  assert_non_null(strstr(err, "unknown preset 'radio'"));
  spec.preset = NULL;
  spec.limit = 1;
  spec.ceiling_dbtp = 3;     /* above 0 dBTP: the limiter refuses it */
  assert_int_equal(loa_master_add(c, &spec, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  assert_string_equal(err, "the true-peak limiter could not be set up");
  loa_chain_free(c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bulletin_chain),
      cmocka_unit_test(test_sound_chain),
      cmocka_unit_test(test_bad_preset_is_the_presets_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

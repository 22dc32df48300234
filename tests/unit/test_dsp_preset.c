/* test_dsp_preset.c: the shipped presets load from pipeline/presets.ini and build the chains they
 * describe; an unknown preset is an error naming the known ones; a malformed file names its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dsp_testutil.h"
#include "testutil.h"

#define RATE 22050.0

static void test_names(void **state)
{
  const char *const *names = loa_preset_names();
  int stream = 0, loudspeaker = 0;
  for (size_t i = 0; names[i]; i++) {
    stream |= strcmp(names[i], "stream") == 0;
    loudspeaker |= strcmp(names[i], "loudspeaker") == 0;
  }
  assert_true(stream && loudspeaker);
}

static float *through_preset(const char *name, const float *x, size_t n, size_t *m)
{
  tu_buf out = {0};
  char err[256];
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, name, RATE, err, sizeof err), LOA_DSP_OK);
  assert_int_equal(loa_chain_push(c, x, n), LOA_DSP_OK);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  loa_chain_free(c);
  *m = out.n;
  return out.pcm;
}

/* The stream preset is the phase rotator alone: flat in magnitude, the voice as synthesised. */
static void test_stream_is_flat(void **state)
{
  size_t n = 50000, m, k;
  float *x = tu_speechlike(n, RATE, 3, 0.5);
  float *y = through_preset("stream", x, n, &m);
  float *want = tu_run(loa_phase_new(RATE, 400.0, 0.7, 4), x, n, 0, &k);
  assert_int_equal(m, n);
  assert_memory_equal(want, y, n * sizeof *x);
  float *t = tu_sine(n, RATE, 3000.0, 0.3, 0.0);
  float *yt = through_preset("stream", t, n, &m);
  double g = tu_db(tu_rms(yt + n / 2, n / 2) / tu_rms(t + n / 2, n / 2));
  printf("  3 kHz through the stream preset: %+.4f dB\n", g);
  assert_true(fabs(g) < 0.005);
  free(x), free(y), free(want), free(t), free(yt);
}

/* The loudspeaker preset is the band-pass, compressor and phase rotator with the file's settings. */
static void test_loudspeaker_is_bandpass_and_compressor(void **state)
{
  size_t n = (size_t)(3 * RATE), m, k;
  float *x = tu_speechlike(n, RATE, 8, 0.5);
  float *y = through_preset("loudspeaker", x, n, &m);
  loa_effect *bp = loa_bandpass_new(RATE, 180.0, 7000.0);
  float *b = tu_run(bp, x, n, 0, &k);
  float *c = tu_run(loa_compressor_new(RATE, -22.0, 3.0, 5.0, 120.0, 4.0), b, n, 0, &k);
  float *want = tu_run(loa_phase_new(RATE, 400.0, 0.7, 4), c, n, 0, &k);
  assert_int_equal(m, n);
  assert_memory_equal(want, y, n * sizeof *y);
  /* and it does what a loudspeaker band limit should: 100 Hz is 20 dB down */
  float *lo = tu_sine(n, RATE, 100.0, 0.01, 0.0);
  float *ylo = through_preset("loudspeaker", lo, n, &m);
  double g = tu_db(tu_rms(ylo + n / 2, n / 2) / tu_rms(lo + n / 2, n / 2)) - 4.0;
  printf("  100 Hz through the loudspeaker preset: %+.1f dB (besides the 4 dB makeup)\n", g);
  assert_true(g < -19.0);
  free(x);
  free(y);
  free(b);
  free(c);
  free(want);
  free(lo);
  free(ylo);
}

static void test_unknown_preset_lists_known_ones(void **state)
{
  char err[256];
  tu_buf out = {0};
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "radio", RATE, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  assert_non_null(strstr(err, "unknown preset 'radio'"));
  assert_non_null(strstr(err, "stream"));
  assert_non_null(strstr(err, "loudspeaker"));
  loa_chain_free(c);
}

/* A station's own presets file: its presets work, and a bad line is named. */
static void test_presets_file_errors_name_the_line(void **state)
{
  char dir[256], path[512], err[512];
  assert_int_equal(tu_tmpdir(dir, sizeof dir, "presets"), 0);
  snprintf(path, sizeof path, "%s/pipeline", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof path, "%s/pipeline/presets.ini", dir);
  const char *old = getenv("LOA_DATA_DIR");
  char *saved = old ? strdup(old) : NULL;
  setenv("LOA_DATA_DIR", dir, 1);

  tu_write_text(path, "; a station's presets\n[quiet]\ndescription = test\ngain.gain_db = -6\n"
                      "[bad]\ndescription = test\ncompressor.ratio = 2\ncompressor.knee = 3\n");
  tu_buf out = {0};
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "quiet", RATE, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  assert_non_null(strstr(err, "presets.ini:8:"));
  assert_non_null(strstr(err, "compressor.knee"));
  loa_chain_free(c);

  tu_write_text(path, "[quiet]\ndescription = test\ngain.gain_db = -6\n[odd]\ndescription = x\nbandpass.low_hz = many\n");
  c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "quiet", RATE, err, sizeof err), LOA_DSP_EARG);
  assert_non_null(strstr(err, "presets.ini:6:"));
  loa_chain_free(c);

  tu_write_text(path, "[quiet]\ndescription = test\ngain.gain_db = -6\n[wide]\ndescription = x\nbandpass.low_hz = 20000\n");
  c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "wide", RATE, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  assert_int_equal(loa_preset_apply(c, "quiet", RATE, err, sizeof err), LOA_DSP_OK);
  float x[4] = {0.5f, -0.5f, 0.25f, 1.0f};
  assert_int_equal(loa_chain_push(c, x, 4), LOA_DSP_OK);
  assert_int_equal(loa_chain_finish(c), LOA_DSP_OK);
  assert_int_equal(out.n, 4);
  assert_true(fabsf(out.pcm[3] - 0.50118723f) < 1e-6f);
  loa_chain_free(c);
  free(out.pcm);

  unlink(path);
  assert_int_equal(loa_preset_apply(NULL, "quiet", RATE, err, sizeof err), LOA_DSP_EARG);
  c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "quiet", RATE, err, sizeof err), LOA_DSP_EARG);
  assert_non_null(strstr(err, "cannot open"));
  loa_chain_free(c);
  if (saved) {
    setenv("LOA_DATA_DIR", saved, 1);
    free(saved);
  } else {
    unsetenv("LOA_DATA_DIR");
  }
  assert_int_equal(tu_rmtree(dir), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_stream_is_flat),
      cmocka_unit_test(test_loudspeaker_is_bandpass_and_compressor),
      cmocka_unit_test(test_unknown_preset_lists_known_ones),
      cmocka_unit_test(test_presets_file_errors_name_the_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_dsp_preset.c: the shipped presets load from pipeline/presets.ini and build the chains they
 * describe; an unknown preset is an error naming the known ones; a malformed file names its line;
 * the effect registry is exactly what presets.ini documents and accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon/lexicon.h"

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

/* ---- the effect registry ---- */

/* The shipped presets.ini's comment "Effects and parameters (defaults):" as lines
 * "NAME PARAM=DEFAULT PARAM=DEFAULT ..." (one per effect) into OUT. */
static void documented_effects(char *out, size_t outlen)
{
  char path[4096], line[512];
  const char *src = getenv("LOA_SOURCE_DIR");
  snprintf(path, sizeof path, "%s/pipeline/presets.ini", src && *src ? src : loa_data_dir());
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  int in_list = 0;
  size_t used = 0;
  out[0] = 0;
  while (fgets(line, sizeof line, f)) {
    if (strstr(line, "Effects and parameters (defaults):")) {
      in_list = 1;
      continue;
    }
    if (!in_list)
      continue;
    if (line[0] != ';' || strspn(line + 1, " \n") == strlen(line + 1))
      break;                          /* the list ends at the first blank comment line */
    const char *p = line + 1 + strspn(line + 1, " ");
    if (strspn(line + 1, " ") == 3) { /* "   name   param (default), ..." starts an effect */
      size_t len = strcspn(p, " ");
      used += snprintf(out + used, outlen - used, "%s%.*s", used ? "\n" : "", (int)len, p);
      p += len;
    }
    char param[64];
    double def;
    int n;
    while (sscanf(p, " %63[a-z_] (%lf)%n", param, &def, &n) == 2) {
      used += snprintf(out + used, outlen - used, " %s=%g", param, def);
      p += n;
      p += strspn(p, " ,");
    }
  }
  fclose(f);
}

/* The registry in the same form. */
static void registered_effects(char *out, size_t outlen)
{
  size_t used = 0;
  out[0] = 0;
  const loa_effect_handler *const *all = loa_effect_handlers();
  for (size_t i = 0; all[i]; i++) {
    used += snprintf(out + used, outlen - used, "%s%s", i ? "\n" : "", all[i]->name);
    for (int j = 0; j < LOA_EFFECT_MAX_PARAMS && all[i]->params[j].name; j++)
      used += snprintf(out + used, outlen - used, " %s=%g", all[i]->params[j].name,
                       all[i]->params[j].def);
  }
}

static void test_registry_is_what_presets_ini_documents(void **state)
{
  char doc[2048], reg[2048];
  documented_effects(doc, sizeof doc);
  registered_effects(reg, sizeof reg);
  printf("%s\n", reg);
  assert_string_equal(doc, reg);
  assert_ptr_equal(loa_effect_find("phase", 5), loa_effect_find("phase.q", 5));
  assert_null(loa_effect_find("limiter", 7));     /* placed by the mastering chain, not presets */
}

/* Write TEXT as the presets file of a fresh data folder, which becomes LOA_DATA_DIR;
 * returns the folder (remove it with drop_presets). */
static char *use_presets(const char *text)
{
  static char dir[64];
  char path[128];
  snprintf(dir, sizeof dir, "/tmp/loa-registry-XXXXXX");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/pipeline", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof path, "%s/pipeline/presets.ini", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  setenv("LOA_DATA_DIR", dir, 1);
  return dir;
}

static void drop_presets(char *dir)
{
  char path[128];
  snprintf(path, sizeof path, "%s/pipeline/presets.ini", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/pipeline", dir);
  rmdir(path);
  rmdir(dir);
  unsetenv("LOA_DATA_DIR");
}

/* Every registered name and parameter is accepted in a preset, and the preset is
 * exactly the registered effects built from those values, in order. */
static void test_every_registered_effect_is_accepted(void **state)
{
  const loa_effect_handler *const *all = loa_effect_handlers();
  char text[4096];
  size_t used = snprintf(text, sizeof text, "[all]\ndescription = every effect\n");
  for (size_t i = 0; all[i]; i++)
    for (int j = 0; j < LOA_EFFECT_MAX_PARAMS && all[i]->params[j].name; j++)
      used += snprintf(text + used, sizeof text - used, "%s.%s = %.17g\n", all[i]->name,
                       all[i]->params[j].name, all[i]->params[j].def);
  char *dir = use_presets(text);
  size_t n = 30000, m, k;
  float *x = tu_speechlike(n, RATE, 5, 0.5);
  float *y = through_preset("all", x, n, &m);
  float *want = malloc(n * sizeof *want);
  memcpy(want, x, n * sizeof *want);
  for (size_t i = 0; all[i]; i++) {
    double v[LOA_EFFECT_MAX_PARAMS];
    for (int j = 0; j < LOA_EFFECT_MAX_PARAMS; j++)
      v[j] = all[i]->params[j].def;
    float *next = tu_run(all[i]->create(RATE, v), want, n, 0, &k);
    assert_int_equal(k, n);
    free(want);
    want = next;
  }
  assert_int_equal(m, n);
  assert_memory_equal(want, y, n * sizeof *y);
  free(x), free(y), free(want);
  drop_presets(dir);
}

/* A name not in the registry stops the file at its line, listing the registry's names. */
static void test_unknown_effect_lists_the_registry(void **state)
{
  char *dir = use_presets("[quiet]\ndescription = test\ngain.gain_db = -6\n"
                          "reverb.room = 0.5\n");
  char err[512], want[512];
  tu_buf out = {0};
  loa_chain *c = loa_chain_new(tu_sink, &out);
  assert_int_equal(loa_preset_apply(c, "quiet", RATE, err, sizeof err), LOA_DSP_EARG);
  printf("  %s\n", err);
  const loa_effect_handler *const *all = loa_effect_handlers();
  size_t used = snprintf(want, sizeof want, "presets.ini:4: unknown effect 'reverb.room' in [quiet] (known: ");
  for (size_t i = 0; all[i]; i++)
    used += snprintf(want + used, sizeof want - used, "%s%s", i ? ", " : "", all[i]->name);
  snprintf(want + used, sizeof want - used, ")");
  assert_non_null(strstr(err, dir));
  assert_string_equal(strstr(err, "presets.ini:"), want);
  loa_chain_free(c);
  drop_presets(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_stream_is_flat),
      cmocka_unit_test(test_loudspeaker_is_bandpass_and_compressor),
      cmocka_unit_test(test_unknown_preset_lists_known_ones),
      cmocka_unit_test(test_presets_file_errors_name_the_line),
      cmocka_unit_test(test_registry_is_what_presets_ini_documents),
      cmocka_unit_test(test_every_registered_effect_is_accepted),
      cmocka_unit_test(test_unknown_effect_lists_the_registry),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

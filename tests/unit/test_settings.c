/* test_settings.c: the settings table (pipeline/settings.h): its defaults are the modules'
 * own, every range is enforced alike by loa_setting_set, loa_build_opts_check and loa.ini,
 * and `loa build --help` and the README's synopsis list every flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/settings.h"
#include "schedules/config.h"
#include "tts/normalize.h"
#include "testutil.h"

static char dir[256];

static int setup(void **state)
{
  return tu_tmpdir(dir, sizeof dir, "settings");
}

static int teardown(void **state)
{
  return tu_tmpdir_done(dir);
}

static const char *write_ini(const char *text)
{
  static char path[512];
  tu_write_text(tu_path(path, sizeof path, dir, "loa.ini"), text);
  return path;
}

static int is_number(const loa_setting *s)
{
  return s->type == LOA_SET_INT || s->type == LOA_SET_NUMBER;
}

/* The table's defaults are what the modules default to, and they pass the check. */
static void test_defaults_are_the_modules_and_pass(void **state)
{
  loa_build_opts o;
  char err[512] = "";
  loa_build_opts_default(&o);
  if (loa_build_opts_check(&o, err, sizeof err))
    fail_msg("defaults refused: %s", err);
  loa_mp3_settings mp3;
  loa_mp3_settings_default(&mp3);
  assert_memory_equal(&o.mp3, &mp3, sizeof mp3);
  loa_pauses pauses;
  loa_pauses_default(&pauses);
  assert_memory_equal(&o.pauses, &pauses, sizeof pauses);
  assert_string_equal(o.voice, "north");
  assert_int_equal(o.rate_wpm, 0);          /* the voice's own */
  assert_true(o.lufs == -16.0 && o.true_peak == -1.5);
  assert_int_equal(o.resample_quality, -1);
  assert_int_equal(o.jobs, 0);
  assert_null(o.title);
  assert_null(o.date);
  /* the dialect words are loa_dialect's, in the order of its values */
  const loa_setting *d = loa_setting_by_flag("dialect");
  for (int i = 0; d->words()[i]; i++)
    assert_int_equal(loa_dialect_parse(d->words()[i]), i);
  /* and the day prefix words loa_day_prefix's, auto by default */
  const loa_setting *dp = loa_setting_by_flag("day-prefix");
  assert_ptr_equal(dp, loa_setting_by_key("voice", "day_prefix"));
  for (int i = 0; dp->words()[i]; i++)
    assert_int_equal(loa_day_prefix_parse(dp->words()[i]), i);
  assert_int_equal(loa_day_prefix_parse(o.day_prefix), LOA_DAY_PREFIX_AUTO);
}

/* Every row: found by its flag and key, its default is its own value as text, and the
 * ends of its range are taken while one step past them is refused, by loa_setting_set
 * and by loa_build_opts_check, with the same message. */
static void test_every_range_is_checked_once_alike(void **state)
{
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    if (s->flag)
      assert_ptr_equal(loa_setting_by_flag(s->flag), s);
    if (s->section)
      assert_ptr_equal(loa_setting_by_key(s->section, s->key), s);
    assert_non_null(s->help);
    loa_build_opts o;
    loa_build_opts_default(&o);
    char text[64], err[512] = "", err2[512] = "", want[600];
    if (s->def) {
      loa_setting_format(s, &o, text, sizeof text);
      if (strcmp(text, s->def))
        fail_msg("%s: default '%s' reads back as '%s'", s->name, s->def, text);
    }
    if (!is_number(s))
      continue;
    const double ends[2] = {s->min, s->max};
    for (int e = 0; e < 2; e++) {
      snprintf(text, sizeof text, "%g", ends[e]);
      if (loa_setting_set(s, text, &o, err, sizeof err))
        fail_msg("%s: %s refused: %s", s->name, text, err);
      double past = ends[e] + (e ? 1 : -1) * (s->type == LOA_SET_INT ? 1 : 0.5);
      snprintf(text, sizeof text, "%g", past);
      loa_build_opts before = o;
      assert_int_equal(loa_setting_set(s, text, &o, err, sizeof err), -1);
      assert_memory_equal(&o, &before, sizeof o);        /* refused: O unchanged */
      if (s->type == LOA_SET_INT)
        *(int *)((char *)&o + s->offset) = (int)past;
      else
        *(double *)((char *)&o + s->offset) = past;
      assert_int_equal(loa_build_opts_check(&o, err2, sizeof err2), -1);
      snprintf(want, sizeof want, "%s: %s", s->name, err);
      assert_string_equal(err2, want);
      o = before;
    }
  }
}

/* The drift issue 14 names: --lufs bounded like loa.ini, -1 an automatic resampler
 * everywhere, --vbr=N with its loa.ini key, --jobs checked once. */
static void test_the_settings_that_drifted(void **state)
{
  loa_build_opts o;
  char err[512];
  loa_build_opts_default(&o);
  const loa_setting *lufs = loa_setting_by_flag("lufs");
  assert_ptr_equal(lufs, loa_setting_by_key("audio", "lufs"));
  assert_int_equal(loa_setting_set(lufs, "3", &o, err, sizeof err), -1);
  assert_string_equal(err, "'3' must be a number from -40 to -5");

  const loa_setting *rq = loa_setting_by_flag("resample-quality");
  assert_ptr_equal(rq, loa_setting_by_key("audio", "resample_quality"));
  assert_int_equal(loa_setting_set(rq, "-1", &o, err, sizeof err), 0);
  assert_int_equal(o.resample_quality, -1);

  const loa_setting *vbr = loa_setting_by_flag("vbr");
  assert_ptr_equal(vbr, loa_setting_by_key("audio", "vbr_quality"));
  assert_int_equal(o.mp3.vbr, 0);
  assert_int_equal(loa_setting_set_flag(vbr, NULL, &o, err, sizeof err), 0);   /* --vbr */
  assert_int_equal(o.mp3.vbr, 1);
  assert_int_equal(o.mp3.vbr_quality, 4);
  assert_int_equal(loa_setting_set_flag(vbr, "2", &o, err, sizeof err), 0);    /* --vbr=2 */
  assert_int_equal(o.mp3.vbr_quality, 2);
  assert_int_equal(loa_setting_set_flag(vbr, "10", &o, err, sizeof err), -1);

  const loa_setting *jobs = loa_setting_by_flag("jobs");
  assert_ptr_equal(jobs, loa_setting_by_key("audio", "jobs"));
  assert_true(jobs->max == LOA_BUILD_MAX_JOBS);
  o.jobs = LOA_BUILD_MAX_JOBS + 1;
  assert_int_equal(loa_build_opts_check(&o, err, sizeof err), -1);
  assert_string_equal(err, "jobs: '65' must be a whole number from 0 to 64");
}

/* --read-annex alone reads the annex, --read-annex=0 does not (the flag turns on its own
 * setting only when it comes without a value); loa.ini has it as [voice] read_annex, and
 * it changes the sound (what is read). */
static void test_read_annex_flag(void **state)
{
  loa_build_opts o;
  char err[512];
  loa_build_opts_default(&o);
  const loa_setting *s = loa_setting_by_flag("read-annex");
  assert_non_null(s);
  assert_ptr_equal(s, loa_setting_by_key("voice", "read_annex"));
  assert_true(s->flags & LOA_SET_SOUND);
  assert_int_equal(o.read_annex, 0);
  assert_int_equal(loa_setting_set_flag(s, NULL, &o, err, sizeof err), 0);
  assert_int_equal(o.read_annex, 1);
  assert_int_equal(loa_setting_set_flag(s, "0", &o, err, sizeof err), 0);
  assert_int_equal(o.read_annex, 0);
  assert_int_equal(loa_setting_set_flag(s, "1", &o, err, sizeof err), 0);
  assert_int_equal(o.read_annex, 1);
  assert_int_equal(loa_setting_set_flag(s, "2", &o, err, sizeof err), -1);
  assert_string_equal(err, "'2' must be a whole number from 0 to 1");
  assert_int_equal(o.read_annex, 1);
}

/* loa.ini reads every key of the table with the table: a value out of range is refused
 * with FILE:LINE and the table's message; vbr_quality and resample_quality = -1 are read. */
static void test_config_reads_the_table(void **state)
{
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    if (!s->section || !is_number(s))
      continue;
    char ini[256], err[512] = "", want[1024], text[32];
    snprintf(text, sizeof text, "%g", s->max + 1);
    snprintf(ini, sizeof ini, "; test\n[%s]\n%s = %s\n", s->section, s->key, text);
    const char *path = write_ini(ini);
    loa_config c;
    loa_config_default(&c);
    assert_int_equal(loa_config_load(&c, path, err, sizeof err), -1);
    loa_build_opts o;
    loa_build_opts_default(&o);
    char why[400];
    assert_int_equal(loa_setting_set(s, text, &o, why, sizeof why), -1);
    snprintf(want, sizeof want, "%s:3: %s", path, why);
    assert_string_equal(err, want);
  }
  const char *path = write_ini("[voice]\nvoice = central\ndialect = nam\n"
                               "[audio]\nvbr = 1\nvbr_quality = 2\nresample_quality = -1\n"
                               "preset = loudspeaker\njobs = 3\n");
  loa_config c;
  char err[512] = "";
  loa_config_default(&c);
  if (loa_config_load(&c, path, err, sizeof err))
    fail_msg("%s", err);
  assert_string_equal(c.build.voice, "central");
  assert_int_equal(c.build.dialect, LOA_DIALECT_SOUTH);
  assert_int_equal(c.build.mp3.vbr, 1);
  assert_int_equal(c.build.mp3.vbr_quality, 2);
  assert_int_equal(c.build.resample_quality, -1);
  assert_string_equal(c.build.preset, "loudspeaker");
  assert_int_equal(c.build.jobs, 3);
  assert_int_equal(loa_build_opts_check(&c.build, err, sizeof err), 0);

  path = write_ini("[audio]\nlufs = -18\npreset = disco\n");
  loa_config_default(&c);
  assert_int_equal(loa_config_load(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, "loa.ini:3: unknown preset 'disco' (stream or loudspeaker)"));
}

/* The help lists every flag with its range and default, in lines of at most 80
 * columns, and every loa.ini key. */
static void test_help_comes_from_the_table(void **state)
{
  char *help = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&help, &len);
  loa_settings_help(f);
  loa_settings_ini_help(f);
  fclose(f);
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    char want[96];
    if (s->flag) {
      snprintf(want, sizeof want, "  --%s", s->flag);
      if (!strstr(help, want))
        fail_msg("--help lacks %s", want);
    }
    if (s->section) {
      snprintf(want, sizeof want, " %s", s->key);
      assert_non_null(strstr(help, want));
    }
  }
  assert_non_null(strstr(help, "true-peak ceiling, dBTP (-12 to 0, default -1.5)"));
  assert_non_null(strstr(help, "--vbr[=Q]"));
  assert_non_null(strstr(help, "--preset stream|loudspeaker"));
  for (char *line = help, *nl; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    assert_non_null(nl);
    size_t chars = 0;
    for (char *p = line; p < nl; p++)
      chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars > 80)
      fail_msg("help line of %zu columns: %.*s", chars, (int)(nl - line), line);
  }
  free(help);
}

/* README's `loa build` synopsis names exactly the table's flags and the command's own. */
static void test_readme_synopsis_agrees(void **state)
{
  char path[4096];
  FILE *f = fopen(tu_source_path(path, sizeof path, "README.md"), "r");
  assert_non_null(f);
  char line[1024], synopsis[4096] = "";
  int in = 0;
  while (fgets(line, sizeof line, f)) {
    if (!strncmp(line, "    loa build INPUT", 19))
      in = 1;
    else if (in && line[0] == '\n')
      break;
    if (in)
      strncat(synopsis, line, sizeof synopsis - strlen(synopsis) - 1);
  }
  fclose(f);
  assert_true(in);
  for (size_t i = 0; i < loa_nsettings; i++)
    if (loa_settings[i].flag) {
      char want[64];
      snprintf(want, sizeof want, "[--%s", loa_settings[i].flag);
      if (!strstr(synopsis, want))
        fail_msg("README's synopsis lacks %s", want);
    }
  static const char *const own[] = {"config", "quiet", "verbose", NULL};
  for (char *p = synopsis; (p = strstr(p, "[--")); p += 3) {
    char flag[64];
    sscanf(p + 3, "%63[a-z-]", flag);
    int known = loa_setting_by_flag(flag) != NULL;
    for (int k = 0; own[k]; k++)
      known |= !strcmp(own[k], flag);
    if (!known)
      fail_msg("README's synopsis has --%s, which loa build does not take", flag);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_defaults_are_the_modules_and_pass),
    cmocka_unit_test(test_every_range_is_checked_once_alike),
    cmocka_unit_test(test_the_settings_that_drifted),
    cmocka_unit_test(test_read_annex_flag),
    cmocka_unit_test(test_config_reads_the_table),
    cmocka_unit_test(test_help_comes_from_the_table),
    cmocka_unit_test(test_readme_synopsis_agrees),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

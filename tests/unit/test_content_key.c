/* test_content_key.c: the content key of cached audio (pipeline/build.h) changes when
 * anything that changes the sound is edited, in a copy of the data folder (LOA_DATA_DIR)
 * and of eSpeak NG's files for the voices (ESPEAK_DATA_PATH): every setting the table
 * marks as sound, presets.ini, clean.tsv, voice.tsv, each lexicon table, syllables.txt,
 * the local lexicon, the tables of the voice and its prosody (voices.tsv, tones.tsv,
 * phrasing.tsv, also when the lexicon folder is another), and for every voice of
 * voices.tsv its language file, its variant's file (vi+f1), dictionary and phoneme
 * tables; and it stays the same for everything else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/build.h"
#include "pipeline/settings.h"
#include "tts/synth.h"
#include "tts/voices.h"
#include "testutil.h"

static char dir[256];
static char data[512], espeak[512], local[512];
static const char text[] = "Thông báo: ngày 25/11/2026 họp dân lúc 7 giờ 30.\n";

static void copy_file(const char *from, const char *to)
{
  size_t n;
  char *bytes = tu_read_file(from, &n);
  assert_non_null(bytes);
  tu_make_parents(to);
  tu_write_file(to, bytes, n);
  free(bytes);
}

static void copy_data(const char *src, const char *rel)
{
  char from[4096], to[4096];
  snprintf(from, sizeof from, "%s/%s", src, rel);
  snprintf(to, sizeof to, "%s/%s", data, rel);
  copy_file(from, to);
}

/* eSpeak NG's files for the voice, copied under ESPEAK (same layout below its folder). */
static void copy_voice_file(const char *path, void *user)
{
  const char *home = user;
  size_t n = strlen(home);
  assert_memory_equal(path, home, n);
  char to[4096];
  snprintf(to, sizeof to, "%s/espeak-ng-data%s", espeak, path + n);
  copy_file(path, to);
}

static void home_of(const char *path, void *user)
{
  char *home = user;
  if (!strcmp(strrchr(path, '/'), "/phontab"))
    snprintf(home, 4096, "%.*s", (int)(strrchr(path, '/') - path), path);
}

static int setup(void **state)
{
  if (tu_tmpdir(dir, sizeof dir, "key"))
    return -1;
  const char *src = tu_source_dir();
  unsetenv("ESPEAK_DATA_PATH");
  snprintf(data, sizeof data, "%s/data", dir);
  char sub[512];
  copy_data(src, "pipeline/presets.ini");
  copy_data(src, "tts/clean.tsv");
  char lex[4096];
  snprintf(lex, sizeof lex, "%s/lexicon", src);
  DIR *d = opendir(lex);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if ((n > 4 && !strcmp(e->d_name + n - 4, ".tsv")) || !strcmp(e->d_name, "syllables.txt")) {
      snprintf(sub, sizeof sub, "lexicon/%s", e->d_name);
      copy_data(src, sub);
    }
  }
  if (d)
    closedir(d);
  snprintf(local, sizeof local, "%s/local.tsv", dir);
  tu_write_text(local, "abbr\tHTX\thợp tác xã\n");
  /* eSpeak NG's files for every voice, where the system has them, into a copy */
  char home[4096] = "", err[512];
  snprintf(espeak, sizeof espeak, "%s/espeak", dir);
  loa_voices vs;
  if (loa_voices_load(&vs, NULL, err, sizeof err) != LOA_VOICES_OK)
    return -1;
  int rc = loa_synth_voice_files("north", home_of, home) != LOA_SYNTH_OK || !home[0];
  for (size_t i = 0; i < vs.n && !rc; i++)
    rc = loa_synth_voice_files(vs.v[i].name, copy_voice_file, home) != LOA_SYNTH_OK;
  loa_voices_free(&vs);
  if (rc)
    return -1;
  setenv("LOA_DATA_DIR", data, 1);
  setenv("ESPEAK_DATA_PATH", espeak, 1);
  return 0;
}

static int teardown(void **state)
{
  return tu_tmpdir_done(dir);
}

static void opts_of(loa_build_opts *o)
{
  loa_build_opts_default(o);
  o->lexicon_override = local;
}

static void key_of(const loa_build_opts *o, char key[65])
{
  assert_int_equal(loa_build_key_text(text, strlen(text), o, key), 0);
  assert_int_equal(strlen(key), 64);
}

#define MAX_INPUTS 48

typedef struct {
  char what[MAX_INPUTS][64];
  char path[MAX_INPUTS][4096];
  int n;
} inputs;

static void note_input(const char *what, const char *path, void *user)
{
  inputs *in = user;
  if (!path)
    return;
  assert_true(in->n < MAX_INPUTS);
  snprintf(in->what[in->n], sizeof in->what[0], "%s", what);
  snprintf(in->path[in->n], sizeof in->path[0], "%s", path);
  in->n++;
}

static int has_file_with(const inputs *in, const char *tail, int (*cmp)(const char *, const char *))
{
  for (int i = 0; i < in->n; i++) {
    size_t a = strlen(in->path[i]), b = strlen(tail);
    if (a >= b && !cmp(in->path[i] + a - b, tail))
      return 1;
  }
  return 0;
}

static int has_file(const inputs *in, const char *tail) { return has_file_with(in, tail, strcmp); }

static int has_file_any_case(const inputs *in, const char *tail)
{
  return has_file_with(in, tail, strcasecmp);
}

/* The declared list names every input issue 14 asks for, all read from the copies. */
static void test_the_list_is_complete_and_read_from_the_copies(void **state)
{
  loa_build_opts o;
  opts_of(&o);
  inputs in = {0};
  loa_build_key_inputs(&o, note_input, &in);
  static const char *const want[] = {
    "/data/pipeline/presets.ini", "/data/tts/clean.tsv", "/data/lexicon/voice.tsv",
    "/data/lexicon/abbreviations.tsv", "/data/lexicon/units.tsv", "/data/lexicon/loanwords.tsv",
    "/data/lexicon/letters.tsv", "/data/lexicon/wordlists.tsv", "/data/lexicon/syllables.txt",
    "/data/lexicon/voices.tsv", "/data/lexicon/tones.tsv", "/data/lexicon/phrasing.tsv",
    "/local.tsv", "/espeak-ng-data/vi_dict", "/espeak-ng-data/phontab",
    "/espeak-ng-data/phonindex", "/espeak-ng-data/phondata", "/espeak-ng-data/intonations",
    "/espeak-ng-data/lang/aav/vi"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!has_file(&in, want[i]))
      fail_msg("the content key does not read %s", want[i]);
  for (int i = 0; i < in.n; i++)
    if (strncmp(in.path[i], dir, strlen(dir)))
      fail_msg("%s is read from outside the copies: %s", in.what[i], in.path[i]);
}

/* Every file of the list: an edit gives a new key (each edit its own), the original
 * back gives the old key again. The files of eSpeak NG count by size and time. */
static void test_editing_each_file_changes_the_key(void **state)
{
  loa_build_opts o;
  opts_of(&o);
  char k0[65], k[65], seen[MAX_INPUTS][65];
  int nseen = 0;
  key_of(&o, k0);
  key_of(&o, k);
  assert_string_equal(k, k0);               /* stable */
  inputs in = {0};
  loa_build_key_inputs(&o, note_input, &in);
  for (int i = 0; i < in.n; i++) {
    const char *p = in.path[i];
    int again = 0;                          /* voice.tsv: a data file and a lexicon table */
    for (int j = 0; j < i; j++)
      again |= !strcmp(in.path[j], p);
    if (again)
      continue;
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    char saved[4200];
    snprintf(saved, sizeof saved, "%s.saved", p);
    copy_file(p, saved);
    FILE *f = fopen(p, "ab");
    fputs("\n", f);
    fclose(f);
    key_of(&o, k);
    if (!strcmp(k, k0))
      fail_msg("editing %s (%s) leaves the key as it was", p, in.what[i]);
    for (int j = 0; j < nseen; j++)
      assert_string_not_equal(k, seen[j]);
    snprintf(seen[nseen++], 65, "%s", k);
    rename(saved, p);                       /* the original back, with its time */
    struct timespec t[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, p, t, 0), 0);
    key_of(&o, k);
    assert_string_equal(k, k0);
  }
  assert_true(nseen >= 16);
}

/* Append a line to PATH, take the key for O, and put the file back with its time; the
 * key with the edit. */
static void key_with_edit(const loa_build_opts *o, const char *path, char key[65])
{
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  char saved[4200];
  snprintf(saved, sizeof saved, "%s.saved", path);
  copy_file(path, saved);
  FILE *f = fopen(path, "ab");
  assert_non_null(f);
  fputs("\n", f);
  fclose(f);
  key_of(o, key);
  rename(saved, path);
  struct timespec t[2] = {st.st_atim, st.st_mtim};
  assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* tts/ reads the voices, the tones and the phrasing from the data folder, whichever
 * lexicon folder the normaliser is given: an edit to each changes the key then too. */
static void test_prosody_tables_count_with_another_lexicon_folder(void **state)
{
  char lex[600], path[4200];
  snprintf(lex, sizeof lex, "%s/other-lexicon", dir);
  static const char *const normaliser[] = {"abbreviations.tsv", "letters.tsv", "loanwords.tsv",
                                           "symbols.tsv", "units.tsv", "wordlists.tsv",
                                           "syllables.txt"};
  for (size_t i = 0; i < sizeof normaliser / sizeof *normaliser; i++) {
    char from[4200];
    snprintf(from, sizeof from, "%s/lexicon/%s", data, normaliser[i]);
    snprintf(path, sizeof path, "%s/%s", lex, normaliser[i]);
    copy_file(from, path);
  }
  loa_build_opts o;
  opts_of(&o);
  o.lexicon_dir = lex;
  char k0[65], k[65];
  key_of(&o, k0);
  static const char *const tts_tables[] = {"voices.tsv", "tones.tsv", "phrasing.tsv", "voice.tsv"};
  for (size_t i = 0; i < sizeof tts_tables / sizeof *tts_tables; i++) {
    snprintf(path, sizeof path, "%s/lexicon/%s", data, tts_tables[i]);
    key_with_edit(&o, path, k);
    if (!strcmp(k, k0))
      fail_msg("with another lexicon folder, editing %s leaves the key as it was", path);
    key_of(&o, k);
    assert_string_equal(k, k0);
  }
}

/* Every voice of voices.tsv: its own key, its eSpeak NG language file and variant file
 * in the list, and an edit to each of its eSpeak NG files changes its key. */
static void test_every_voice_keys_its_own_files(void **state)
{
  loa_voices vs;
  char err[512], keys[16][65];
  assert_int_equal(loa_voices_load(&vs, NULL, err, sizeof err), LOA_VOICES_OK);
  assert_true(vs.n >= 5 && vs.n <= 16);
  for (size_t v = 0; v < vs.n; v++) {
    loa_build_opts o;
    opts_of(&o);
    o.voice = vs.v[v].name;
    key_of(&o, keys[v]);
    for (size_t w = 0; w < v; w++)
      if (!strcmp(keys[w], keys[v]))
        fail_msg("%s and %s have the same key", vs.v[w].name, vs.v[v].name);
    inputs in = {0};
    loa_build_key_inputs(&o, note_input, &in);
    const char *espeak_voice = vs.v[v].espeak, *plus = strchr(espeak_voice, '+');
    char lang[128], variant[160];
    snprintf(lang, sizeof lang, "/%.*s", (int)(plus ? (size_t)(plus - espeak_voice) : strlen(espeak_voice)),
             espeak_voice);
    if (!has_file_any_case(&in, lang))            /* vi-vn-x-south is lang/aav/vi-VN-x-south */
      fail_msg("%s: its eSpeak NG language file (%s) is not in the key", vs.v[v].name, lang);
    if (plus) {
      snprintf(variant, sizeof variant, "/espeak-ng-data/voices/!v/%s", plus + 1);
      if (!has_file(&in, variant))
        fail_msg("%s: its variant's file (%s) is not in the key", vs.v[v].name, variant);
    }
    for (int i = 0; i < in.n; i++) {
      if (!strstr(in.path[i], "/espeak-ng-data/"))
        continue;
      char k[65];
      key_with_edit(&o, in.path[i], k);
      if (!strcmp(k, keys[v]))
        fail_msg("%s: editing %s leaves the key as it was", vs.v[v].name, in.path[i]);
    }
  }
  loa_voices_free(&vs);
}

/* A file the key reads by its contents is the same key with a new time. */
static void test_a_touched_data_file_keeps_the_key(void **state)
{
  loa_build_opts o;
  opts_of(&o);
  char k0[65], k[65], path[4096];
  key_of(&o, k0);
  snprintf(path, sizeof path, "%s/pipeline/presets.ini", data);
  struct timespec t[2] = {{1000000000, 0}, {1000000000, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
  key_of(&o, k);
  assert_string_equal(k, k0);
  /* the same local lexicon under another name is the same key */
  char other[4200];
  snprintf(other, sizeof other, "%s/other.tsv", dir);
  copy_file(local, other);
  o.lexicon_override = other;
  key_of(&o, k);
  assert_string_equal(k, k0);
}

/* Every setting the table marks as sound changes the key; the others do not. */
static void test_sound_settings_change_the_key_others_do_not(void **state)
{
  loa_build_opts o;
  char k0[65], k[65], err[400];
  opts_of(&o);
  key_of(&o, k0);
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    opts_of(&o);
    char v[600] = "";
    switch (s->type) {
    case LOA_SET_INT:
    case LOA_SET_NUMBER: {
      char def[64];
      loa_setting_format(s, &o, def, sizeof def);
      snprintf(v, sizeof v, "%g", atof(def) == s->min ? s->max : s->min);
      break;
    }
    case LOA_SET_WORD:
    case LOA_SET_DIALECT: {
      const char *const *w = s->words();
      char cur[64];
      loa_setting_format(s, &o, cur, sizeof cur);
      snprintf(v, sizeof v, "%s", strcmp(w[0], cur) ? w[0] : w[1]);
      break;
    }
    case LOA_SET_PAUSES: snprintf(v, sizeof v, "100,200,300,400"); break;
    case LOA_SET_DATE: snprintf(v, sizeof v, "2026-11-25"); break;
    case LOA_SET_TEXT: snprintf(v, sizeof v, "khác"); break;
    case LOA_SET_PATH: snprintf(v, sizeof v, "%s", local); break;   /* the same file */
    }
    if (loa_setting_set(s, v, &o, err, sizeof err))
      fail_msg("%s = %s: %s", s->name, v, err);
    key_of(&o, k);
    if ((s->flags & LOA_SET_SOUND) && !strcmp(k, k0))
      fail_msg("%s = %s changes the sound but not the key", s->name, v);
    if (!(s->flags & LOA_SET_SOUND) && strcmp(k, k0))
      fail_msg("%s = %s does not change the sound but changes the key", s->name, v);
  }
  /* and the text itself */
  opts_of(&o);
  char other[65];
  assert_int_equal(loa_build_key_text(text, strlen(text) - 2, &o, other), 0);
  assert_string_not_equal(other, k0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_list_is_complete_and_read_from_the_copies),
    cmocka_unit_test(test_editing_each_file_changes_the_key),
    cmocka_unit_test(test_prosody_tables_count_with_another_lexicon_folder),
    cmocka_unit_test(test_every_voice_keys_its_own_files),
    cmocka_unit_test(test_a_touched_data_file_keeps_the_key),
    cmocka_unit_test(test_sound_settings_change_the_key_others_do_not),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

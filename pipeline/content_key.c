/* content_key.c: the content key of cached audio (see build.h): the text, and the one
 * declared list of everything else that changes the sound of a build.
 *
 * The programme cache (programme_cache.c), the watch daemon's cache (schedules/
 * watch_cache.c) and the library's duplicate detection all key their entries with
 * loa_build_key_text, so an edit to any input below makes a new key and the audio is
 * rendered again; nothing else that a build reads may change the sound.
 */
#include "pipeline/build.h"

#include <dirent.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline/settings.h"
#include "tts/synth.h"

typedef enum {
  IN_VERSION,         /* loa's version: the code that makes the sound */
  IN_SETTINGS,        /* every row of the settings table marked LOA_SET_SOUND */
  IN_DATA,            /* a file of the data folder (loa_data_dir), by its contents */
  IN_LEXICON_TABLES,  /* every *.tsv of the lexicon folder, in name order, by contents */
  IN_LEXICON,         /* a file of the lexicon folder, by its contents */
  IN_OVERRIDE,        /* the local lexicon (--lexicon, [voice] lexicon), by its contents */
  IN_VOICE            /* the files eSpeak NG reads for the build's voice (its language,
                       * its variant for a woman's voice, vi+f1, the dictionary and
                       * phoneme tables: loa_synth_voice_files), by size and modification
                       * time: they are installed by the package manager, whose updates
                       * change both, and reading 700 kB for every key would cost more
                       * than the key saves on a short item */
} input_kind;

/* Everything besides the text that changes the sound, in the order it is hashed. A data
 * file a build starts to read goes here; test_content_key edits each of them. The tables
 * tts/ reads from the data folder are listed as data files even though they sit in the
 * lexicon folder: a build given another lexicon folder (lexicon_dir) still reads them
 * from the data folder. */
static const struct {
  input_kind kind;
  const char *name;
} sound_inputs[] = {
  {IN_VERSION, "loa " LOA_VERSION},
  {IN_SETTINGS, "settings"},
  {IN_DATA, "pipeline/presets.ini"},
  {IN_DATA, "tts/clean.tsv"},
  {IN_DATA, "lexicon/voice.tsv"},      /* tts/synth: words eSpeak NG is given instead */
  {IN_DATA, "lexicon/voices.tsv"},     /* tts/synth: the voice, its pitch, range and rate */
  {IN_DATA, "lexicon/tones.tsv"},      /* tts/prosody: the tones of the voice's region */
  {IN_DATA, "lexicon/phrasing.tsv"},   /* tts/phrase: where a long clause takes a breath */
  {IN_LEXICON_TABLES, "*.tsv"},
  {IN_LEXICON, "syllables.txt"},
  {IN_OVERRIDE, "local lexicon"},
  {IN_VOICE, "voice"},
};

/* Called for each input: WHAT names it in the key, PATH is its file (NULL: none). */
typedef void (*input_fn)(input_kind kind, const char *what, const char *path, void *user);

static void lexicon_dir(const loa_build_opts *o, char *dir, size_t n)
{
  if (o->lexicon_dir)
    snprintf(dir, n, "%s", o->lexicon_dir);
  else
    snprintf(dir, n, "%s/lexicon", loa_data_dir());
}

static void each_table(const char *dir, input_fn fn, void *user)
{
  struct dirent **names = NULL;
  int n = scandir(dir, &names, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *d = names[i]->d_name;
    size_t l = strlen(d);
    if (l > 4 && !strcmp(d + l - 4, ".tsv")) {
      char path[4400];
      snprintf(path, sizeof path, "%s/%s", dir, d);
      fn(IN_LEXICON_TABLES, d, path, user);
    }
    free(names[i]);
  }
  free(names);
}

struct voice_visit {
  input_fn fn;
  void *user;
};

static void voice_file(const char *path, void *user)
{
  struct voice_visit *v = user;
  v->fn(IN_VOICE, "voice file", path, v->user);
}

/* Calls FN on every input of sound_inputs, for the settings O. */
static void each_input(const loa_build_opts *o, input_fn fn, void *user)
{
  char dir[4096], path[8400];
  lexicon_dir(o, dir, sizeof dir);
  for (size_t i = 0; i < sizeof sound_inputs / sizeof sound_inputs[0]; i++) {
    const char *name = sound_inputs[i].name;
    switch (sound_inputs[i].kind) {
    case IN_VERSION:
    case IN_SETTINGS: fn(sound_inputs[i].kind, name, NULL, user); break;
    case IN_DATA:
      snprintf(path, sizeof path, "%s/%s", loa_data_dir(), name);
      fn(IN_DATA, name, path, user);
      break;
    case IN_LEXICON_TABLES: each_table(dir, fn, user); break;
    case IN_LEXICON:
      snprintf(path, sizeof path, "%s/%s", dir, name);
      fn(IN_LEXICON, name, path, user);
      break;
    case IN_OVERRIDE: fn(IN_OVERRIDE, name, o->lexicon_override, user); break;
    case IN_VOICE: {
      struct voice_visit v = {fn, user};
      if (loa_synth_voice_files(o->voice, voice_file, &v) != LOA_SYNTH_OK)
        fn(IN_VOICE, "no voice files", NULL, user);
      break;
    }
    }
  }
}

/* ---- hashing ------------------------------------------------------------ */

static void add_text(GChecksum *c, const char *s)
{
  g_checksum_update(c, (const guchar *)s, (gssize)strlen(s) + 1);   /* NUL: a separator */
}

static void add_contents(GChecksum *c, const char *path)
{
  gchar *data = NULL;
  gsize n = 0;
  char size[32];
  if (!path || !g_file_get_contents(path, &data, &n, NULL)) {
    add_text(c, "absent");
    return;
  }
  snprintf(size, sizeof size, "%zu", (size_t)n);
  add_text(c, size);
  g_checksum_update(c, (const guchar *)data, (gssize)n);
  g_free(data);
}

static void add_size_and_time(GChecksum *c, const char *path)
{
  struct stat st;
  char s[4200];
  if (!path || stat(path, &st))
    snprintf(s, sizeof s, "%s absent", path ? path : "");
  else
    snprintf(s, sizeof s, "%s %lld %lld.%09ld", path, (long long)st.st_size,
             (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  add_text(c, s);
}

struct hash_ctx {
  GChecksum *sum;
  const loa_build_opts *o;
};

static void hash_input(input_kind kind, const char *what, const char *path, void *user)
{
  struct hash_ctx *h = user;
  char value[256];
  add_text(h->sum, what);
  switch (kind) {
  case IN_VERSION: break;
  case IN_SETTINGS:
    for (size_t i = 0; i < loa_nsettings; i++)
      if (loa_settings[i].flags & LOA_SET_SOUND) {
        loa_setting_format(&loa_settings[i], h->o, value, sizeof value);
        add_text(h->sum, loa_settings[i].name);
        add_text(h->sum, value);
      }
    break;
  case IN_VOICE: add_size_and_time(h->sum, path); break;
  case IN_OVERRIDE:
    if (!path) {
      add_text(h->sum, "none");
      break;
    }
    /* fall through */
  case IN_DATA:
  case IN_LEXICON_TABLES:
  case IN_LEXICON: add_contents(h->sum, path); break;
  }
}

int loa_build_key_text(const char *utf8, size_t len, const loa_build_opts *o, char key[65])
{
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
  if (!c)
    return LOA_BUILD_EINTERNAL;
  struct hash_ctx h = {c, o};
  each_input(o, hash_input, &h);
  add_text(c, "text");
  g_checksum_update(c, (const guchar *)utf8, (gssize)len);
  snprintf(key, 65, "%s", g_checksum_get_string(c));
  g_checksum_free(c);
  return 0;
}

/* ---- the list, for tests ------------------------------------------------ */

struct list_ctx {
  void (*fn)(const char *what, const char *path, void *user);
  void *user;
};

static void list_input(input_kind kind, const char *what, const char *path, void *user)
{
  struct list_ctx *l = user;
  l->fn(what, path, l->user);
}

void loa_build_key_inputs(const loa_build_opts *o,
                          void (*fn)(const char *what, const char *path, void *user), void *user)
{
  struct list_ctx l = {fn, user};
  each_input(o, list_input, &l);
}

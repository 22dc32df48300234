/* settings.c: the table of a build's settings and the one place their values are read,
 * checked, defaulted and described (see settings.h). */
#include "pipeline/settings.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/lexicon.h"
#include "pipeline/dsp.h"
#include "tts/normalize.h"
#include "tts/synth.h"

/* The words of loa_dialect, in the order of its values (loa_dialect_parse also reads
 * bắc/nam; the test checks the two agree). */
static const char *const *dialect_words(void)
{
  static const char *const words[] = {"north", "south", NULL};
  return words;
}

#define AT(member) offsetof(loa_build_opts, member)
#define TURNS_ON(member) (AT(member) + 1)

const loa_setting loa_settings[] = {
  /* voice and reading */
  {.name = "voice", .flag = "voice", .section = "voice", .key = "voice", .type = LOA_SET_WORD,
   .words = loa_synth_voices, .def = "north", .arg = "NAME",
   .words_help = "`loa voices` lists them", .group = "voice and reading",
   .help = "one of the voices `loa voices` lists, by its name or another name it "
           "answers to (lexicon/voices.tsv)",
   .flags = LOA_SET_SOUND, .offset = AT(voice)},
  {.name = "rate", .flag = "rate", .section = "voice", .key = "rate", .type = LOA_SET_INT,
   .min = 80, .max = 450, .def = "0", .def_help = "0, the voice's own in lexicon/voices.tsv",
   .arg = "WPM", .group = "voice and reading", .help = "speaking rate, words per minute",
   .flags = LOA_SET_SOUND | LOA_SET_ZERO_AUTO, .offset = AT(rate_wpm)},
  {.name = "dialect", .flag = "dialect", .section = "voice", .key = "dialect",
   .type = LOA_SET_DIALECT, .words = dialect_words, .def = "north", .group = "voice and reading",
   .help = "number words: linh/nghìn or lẻ/ngàn", .flags = LOA_SET_SOUND, .offset = AT(dialect)},
  {.name = "day_prefix", .flag = "day-prefix", .section = "voice", .key = "day_prefix",
   .type = LOA_SET_WORD, .words = loa_day_prefix_words, .def = "auto", .group = "voice and reading",
   .help = "mùng before the days 1-10 of a date: auto (every date in the North, lunar dates "
           "in the South), mung, lunar or none", .flags = LOA_SET_SOUND, .offset = AT(day_prefix)},
  {.name = "pauses", .flag = "pauses", .type = LOA_SET_PAUSES, .min = 0, .max = 10000,
   .def = "250,550,900,1200", .arg = "C,S,P,H", .group = "voice and reading",
   .help = "pauses in ms after a comma, sentence, paragraph, heading",
   .flags = LOA_SET_SOUND, .offset = AT(pauses)},
  {.name = "lexicon", .flag = "lexicon", .section = "voice", .key = "lexicon", .type = LOA_SET_PATH,
   .arg = "FILE", .group = "voice and reading",
   .help = "local words (TSV override: abbr/loan/unit rows)", .offset = AT(lexicon_override)},
  {.name = "read_annex", .flag = "read-annex", .section = "voice", .key = "read_annex",
   .type = LOA_SET_INT, .min = 0, .max = 1, .def = "0", .arg = "0|1", .group = "voice and reading",
   .help = "1 (the flag alone): also read an annex after the signature (Phụ lục, Biểu, a "
           "table of figures), which is left out and listed by preview --show-dropped",
   .flags = LOA_SET_SOUND | LOA_SET_ARG_OPTIONAL, .offset = AT(read_annex),
   .flag_turns_on = TURNS_ON(read_annex)},
  {.name = "encoding", .flag = "encoding", .type = LOA_SET_TEXT, .arg = "NAME",
   .group = "voice and reading",
   .help = "input encoding instead of detecting it: utf-8, utf-16le, utf-16be, windows-1258, "
           "tcvn3, vni", .offset = AT(encoding)},
  /* sound */
  {.name = "lufs", .flag = "lufs", .section = "audio", .key = "lufs", .type = LOA_SET_NUMBER,
   .min = -40, .max = -5, .def = "-16", .arg = "L", .group = "sound",
   .help = "integrated loudness target, LUFS", .flags = LOA_SET_SOUND, .offset = AT(lufs)},
  {.name = "true_peak", .flag = "true-peak", .section = "audio", .key = "true_peak",
   .type = LOA_SET_NUMBER, .min = -12, .max = 0, .def = "-1.5", .arg = "DB", .group = "sound",
   .help = "true-peak ceiling, dBTP", .flags = LOA_SET_SOUND, .offset = AT(true_peak)},
  {.name = "preset", .flag = "preset", .section = "audio", .key = "preset", .type = LOA_SET_WORD,
   .words = loa_preset_names, .def = "stream", .group = "sound",
   .help = "flat, or band-limited and compressed for horn speakers",
   .flags = LOA_SET_SOUND, .offset = AT(preset)},
  {.name = "samplerate", .flag = "samplerate", .section = "audio", .key = "samplerate",
   .type = LOA_SET_INT, .min = 8000, .max = 48000, .def = "44100", .arg = "HZ", .group = "sound",
   .help = "output sample rate, Hz", .flags = LOA_SET_SOUND,
   .offset = AT(mp3.samplerate)},
  {.name = "bitrate", .flag = "bitrate", .section = "audio", .key = "bitrate", .type = LOA_SET_INT,
   .min = 8, .max = 320, .def = "96", .arg = "KBPS", .group = "sound",
   .help = "MP3 bit rate, kbps, constant", .flags = LOA_SET_SOUND,
   .offset = AT(mp3.bitrate_kbps)},
  {.name = "vbr", .section = "audio", .key = "vbr", .type = LOA_SET_INT, .min = 0, .max = 1,
   .def = "0", .group = "sound", .help = "1: variable bit rate (--vbr)", .flags = LOA_SET_SOUND,
   .offset = AT(mp3.vbr)},
  {.name = "vbr_quality", .flag = "vbr", .section = "audio", .key = "vbr_quality",
   .type = LOA_SET_INT, .min = 0, .max = 9, .def = "4", .arg = "Q", .group = "sound",
   .help = "variable bit rate at quality Q, 0 best",
   .flags = LOA_SET_SOUND | LOA_SET_ARG_OPTIONAL, .offset = AT(mp3.vbr_quality),
   .flag_turns_on = TURNS_ON(mp3.vbr)},
  {.name = "quality", .flag = "quality", .section = "audio", .key = "quality", .type = LOA_SET_INT,
   .min = 0, .max = 9, .def = "7", .arg = "Q", .group = "sound",
   .help = "LAME algorithm quality, 0 best", .flags = LOA_SET_SOUND,
   .offset = AT(mp3.quality)},
  {.name = "resample_quality", .flag = "resample-quality", .section = "audio",
   .key = "resample_quality", .type = LOA_SET_INT, .min = -1, .max = 4, .def = "-1",
   .def_help = "-1, automatic: 4 for MP3, whose low-pass removes what linear "
               "interpolation mirrors; 2 for a WAV",
   .arg = "Q", .group = "sound", .help = "libsamplerate converter, 0 best, 4 fastest",
   .flags = LOA_SET_SOUND, .offset = AT(resample_quality)},
  {.name = "jobs", .flag = "jobs", .section = "audio", .key = "jobs", .type = LOA_SET_INT,
   .min = 0, .max = LOA_BUILD_MAX_JOBS, .def = "0", .def_help = "0, one per core", .arg = "N",
   .group = "sound", .help = "worker processes; the output is the same for any number",
   .offset = AT(jobs)},
  /* limits */
  {.name = "max_minutes", .flag = "max-minutes", .section = "watch", .key = "max_minutes",
   .type = LOA_SET_INT, .min = 0, .max = 1440, .def = "60", .arg = "MIN", .group = "limits",
   .help = "refuse a bulletin whose reading, estimated from its text before any synthesis, "
           "would last longer; 0: no limit", .offset = AT(max_minutes)},
  /* tags */
  {.name = "title", .flag = "title", .type = LOA_SET_TEXT, .arg = "T", .group = "tags",
   .def_help = "the header's or the first heading", .help = "ID3 title", .offset = AT(title)},
  {.name = "station", .flag = "station", .type = LOA_SET_TEXT, .arg = "S", .group = "tags",
   .def = "Đài truyền thanh xã", .def_help = "[station] name of --config, else \"Đài truyền thanh xã\"",
   .help = "ID3 artist", .offset = AT(station)},
  {.name = "date", .flag = "date", .type = LOA_SET_DATE, .arg = "YYYY-MM-DD", .group = "tags",
   .def_help = "today in Việt Nam", .help = "ID3 date", .offset = AT(date)},
};

const size_t loa_nsettings = sizeof loa_settings / sizeof loa_settings[0];

const loa_setting *loa_setting_by_flag(const char *flag)
{
  for (size_t i = 0; flag && i < loa_nsettings; i++)
    if (loa_settings[i].flag && !strcmp(loa_settings[i].flag, flag))
      return &loa_settings[i];
  return NULL;
}

const loa_setting *loa_setting_by_key(const char *section, const char *key)
{
  for (size_t i = 0; section && key && i < loa_nsettings; i++)
    if (loa_settings[i].section && !strcmp(loa_settings[i].section, section) &&
        !strcmp(loa_settings[i].key, key))
      return &loa_settings[i];
  return NULL;
}

/* ---- where a value lives ------------------------------------------------ */

static void *member(const loa_setting *s, loa_build_opts *o) { return (char *)o + s->offset; }

static const void *cmember(const loa_setting *s, const loa_build_opts *o)
{
  return (const char *)o + s->offset;
}

/* ---- form: text -> value ------------------------------------------------ */

static int in_words(const char *v, const char *const *w)
{
  for (; v && w && *w; w++)
    if (!strcmp(v, *w))
      return 1;
  return 0;
}

/* "stream or loudspeaker" */
static void join_words(const char *const *w, char *out, size_t n)
{
  size_t k = 0, count = 0;
  out[0] = 0;
  while (w && w[count])
    count++;
  for (size_t i = 0; i < count && k < n; i++)
    k += (size_t)snprintf(out + k, n - k, "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ", w[i]);
  if (!count)
    snprintf(out, n, "none is defined");
}

static int range_message(const loa_setting *s, const char *text, char *err, size_t errlen)
{
  if (s->type == LOA_SET_NUMBER)
    snprintf(err, errlen, "'%s' must be a number from %g to %g", text, s->min, s->max);
  else if (s->type == LOA_SET_PAUSES)
    snprintf(err, errlen, "'%s' must be four whole numbers of milliseconds from %g to %g, "
             "e.g. %s", text, s->min, s->max, s->def);
  else if (s->flags & LOA_SET_ZERO_AUTO)
    snprintf(err, errlen, "'%s' must be 0 (automatic) or a whole number from %g to %g", text,
             s->min, s->max);
  else
    snprintf(err, errlen, "'%s' must be a whole number from %g to %g", text, s->min, s->max);
  return -1;
}

static int valid_date(const char *s)
{
  int y, m, d;
  char tail;
  return sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen(s) == 10 && m >= 1 &&
         m <= 12 && d >= 1 && d <= 31;
}

/* The range (or the known words) of S, for the value in O. */
static int check_value(const loa_setting *s, const loa_build_opts *o, char *err, size_t errlen)
{
  const void *p = cmember(s, o);
  char text[256];
  switch (s->type) {
  case LOA_SET_INT: {
    int v = *(const int *)p;
    if ((v >= s->min && v <= s->max) || (v == 0 && (s->flags & LOA_SET_ZERO_AUTO)))
      return 0;
    break;
  }
  case LOA_SET_NUMBER: {
    double v = *(const double *)p;
    if (v >= s->min && v <= s->max)   /* also refuses NaN */
      return 0;
    break;
  }
  case LOA_SET_PAUSES: {
    const loa_pauses *v = p;
    int ok = 1;
    for (int i = 0; i < LOA_PAUSE_COUNT; i++)
      ok &= v->ms[i] >= s->min && v->ms[i] <= s->max;
    if (ok)
      return 0;
    break;
  }
  case LOA_SET_WORD: {
    const char *v = *(const char *const *)p;
    if (in_words(v, s->words()))
      return 0;
    if (!s->words()[0]) {   /* a list read from the data folder, which could not be read */
      snprintf(err, errlen, "no %s could be read from loa's data folder %s", s->name,
               loa_data_dir());
      return -1;
    }
    char known[256];
    if (s->words_help)
      snprintf(known, sizeof known, "%s", s->words_help);
    else
      join_words(s->words(), known, sizeof known);
    snprintf(err, errlen, "unknown %s '%s' (%s)", s->name, v ? v : "", known);
    return -1;
  }
  case LOA_SET_DIALECT: {
    int v = (int)*(const loa_dialect *)p;
    if (v == LOA_DIALECT_NORTH || v == LOA_DIALECT_SOUTH)
      return 0;
    snprintf(err, errlen, "unknown dialect %d (north or south)", v);
    return -1;
  }
  case LOA_SET_DATE: {
    const char *v = *(const char *const *)p;
    if (!v || valid_date(v))
      return 0;
    snprintf(err, errlen, "'%s' is not a date YYYY-MM-DD", v);
    return -1;
  }
  case LOA_SET_TEXT:
  case LOA_SET_PATH: return 0;
  }
  loa_setting_format(s, o, text, sizeof text);
  return range_message(s, text, err, errlen);
}

/* Read TEXT into O without checking the range; -1 with ERR when its form is wrong. */
static int parse_value(const loa_setting *s, const char *text, loa_build_opts *o, char *err,
                       size_t errlen)
{
  void *p = member(s, o);
  char *end;
  switch (s->type) {
  case LOA_SET_INT: {
    long v = strtol(text, &end, 10);
    if (end == text || *end || v < INT32_MIN || v > INT32_MAX)
      return range_message(s, text, err, errlen);
    *(int *)p = (int)v;
    return 0;
  }
  case LOA_SET_NUMBER: {
    double v = strtod(text, &end);
    if (end == text || *end)
      return range_message(s, text, err, errlen);
    *(double *)p = v;
    return 0;
  }
  case LOA_SET_PAUSES: {
    int v[LOA_PAUSE_COUNT];
    char tail;
    if (sscanf(text, "%d,%d,%d,%d%c", &v[0], &v[1], &v[2], &v[3], &tail) != LOA_PAUSE_COUNT)
      return range_message(s, text, err, errlen);
    memcpy(((loa_pauses *)p)->ms, v, sizeof v);
    return 0;
  }
  case LOA_SET_DIALECT: {
    int d = loa_dialect_parse(text);
    if (d < 0) {
      snprintf(err, errlen, "unknown dialect '%s' (north or south)", text);
      return -1;
    }
    *(loa_dialect *)p = (loa_dialect)d;
    return 0;
  }
  case LOA_SET_WORD:
  case LOA_SET_DATE:
  case LOA_SET_TEXT:
  case LOA_SET_PATH: *(const char **)p = text; return 0;
  }
  return -1;
}

int loa_setting_set(const loa_setting *s, const char *text, loa_build_opts *o, char *err,
                    size_t errlen)
{
  loa_build_opts before = *o;
  if (!text || parse_value(s, text, o, err, errlen) || check_value(s, o, err, errlen)) {
    if (!text)
      snprintf(err, errlen, "a value is missing");
    *o = before;            /* a refused value leaves O as it was */
    return -1;
  }
  return 0;
}

int loa_setting_set_flag(const loa_setting *s, const char *arg, loa_build_opts *o, char *err,
                         size_t errlen)
{
  if (!arg && (s->flags & LOA_SET_ARG_OPTIONAL)) {
    if (s->flag_turns_on)
      *(int *)((char *)o + s->flag_turns_on - 1) = 1;
    return 0;
  }
  if (loa_setting_set(s, arg, o, err, errlen))
    return -1;
  if (s->flag_turns_on && s->flag_turns_on - 1 != s->offset)   /* --read-annex=0 stays 0 */
    *(int *)((char *)o + s->flag_turns_on - 1) = 1;
  return 0;
}

void loa_setting_format(const loa_setting *s, const loa_build_opts *o, char *out, size_t n)
{
  const void *p = cmember(s, o);
  switch (s->type) {
  case LOA_SET_INT: snprintf(out, n, "%d", *(const int *)p); return;
  case LOA_SET_NUMBER: snprintf(out, n, "%g", *(const double *)p); return;
  case LOA_SET_PAUSES: {
    const int *ms = ((const loa_pauses *)p)->ms;
    snprintf(out, n, "%d,%d,%d,%d", ms[0], ms[1], ms[2], ms[3]);
    return;
  }
  case LOA_SET_DIALECT: {
    int d = (int)*(const loa_dialect *)p;
    snprintf(out, n, "%s", d == LOA_DIALECT_SOUTH ? "south" : d == LOA_DIALECT_NORTH ? "north" : "?");
    return;
  }
  case LOA_SET_WORD:
  case LOA_SET_DATE:
  case LOA_SET_TEXT:
  case LOA_SET_PATH: {
    const char *v = *(const char *const *)p;
    snprintf(out, n, "%s", v ? v : "");
    return;
  }
  }
}

/* ---- the options as a whole --------------------------------------------- */

void loa_build_opts_default(loa_build_opts *o)
{
  memset(o, 0, sizeof *o);
  loa_mp3_settings_default(&o->mp3);      /* what the table does not set: the low-pass, */
  o->max_input_bytes = LOA_BUILD_MAX_INPUT_BYTES;   /* and the size cap ([watch] max_bytes) */
  char err[256];
  for (size_t i = 0; i < loa_nsettings; i++)
    if (loa_settings[i].def)
      parse_value(&loa_settings[i], loa_settings[i].def, o, err, sizeof err);
  o->progress = 0;
}

int loa_build_opts_check(const loa_build_opts *o, char *err, size_t errlen)
{
  char why[320];
  for (size_t i = 0; i < loa_nsettings; i++)
    if (check_value(&loa_settings[i], o, why, sizeof why)) {
      snprintf(err, errlen, "%s: %s", loa_settings[i].name, why);
      return -1;
    }
  /* what the encoder adds: a rate MPEG audio has, a bit rate Layer III has at it */
  return loa_mp3_settings_check(&o->mp3, err, errlen) == LOA_MP3_OK ? 0 : -1;
}

/* ---- help --------------------------------------------------------------- */

enum { HELP_COLUMN = 32, HELP_WIDTH = 80 };

/* Characters (not bytes) of UTF-8 S. */
static size_t width(const char *s, size_t n)
{
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

/* TEXT from column HELP_COLUMN, cut at spaces to fit HELP_WIDTH. */
static void print_wrapped(FILE *out, const char *text, size_t at)
{
  while (*text) {
    size_t room = HELP_WIDTH - HELP_COLUMN, n = strlen(text), cut = n;
    if (width(text, n) > room) {
      cut = 0;
      for (size_t i = 0; text[i] && width(text, i) <= room; i++)
        if (text[i] == ' ')
          cut = i;
      if (!cut)
        cut = strcspn(text, " ");
    }
    fprintf(out, "%*s%.*s\n", (int)(HELP_COLUMN > at ? HELP_COLUMN - at : 0), "", (int)cut, text);
    text += cut;
    while (*text == ' ')
      text++;
    at = 0;
  }
}

static void print_option(FILE *out, const loa_setting *s)
{
  char left[256], known[160] = "", text[640];
  if (s->arg)
    snprintf(known, sizeof known, "%s", s->arg);
  else
    for (const char *const *w = s->words(); *w; w++)
      snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", w == s->words() ? "" : "|", *w);
  if (s->flags & LOA_SET_ARG_OPTIONAL)
    snprintf(left, sizeof left, "  --%s[=%s]", s->flag, known);
  else
    snprintf(left, sizeof left, "  --%s %s", s->flag, known);
  char range[64] = "", dflt[320] = "";
  if (s->type == LOA_SET_INT || s->type == LOA_SET_NUMBER)
    snprintf(range, sizeof range, "%s%g to %g", s->flags & LOA_SET_ZERO_AUTO ? "0 or " : "",
             s->min, s->max);
  else if (s->type == LOA_SET_PAUSES)
    snprintf(range, sizeof range, "each %g to %g", s->min, s->max);
  if (s->def_help)
    snprintf(dflt, sizeof dflt, "default: %s", s->def_help);
  else if (s->def)
    snprintf(dflt, sizeof dflt, "default %s", s->def);
  if (range[0] || dflt[0])
    snprintf(text, sizeof text, "%s (%s%s%s)", s->help, range, range[0] && dflt[0] ? ", " : "", dflt);
  else
    snprintf(text, sizeof text, "%s", s->help);
  size_t at = width(left, strlen(left));
  fputs(left, out);
  if (at + 1 >= HELP_COLUMN) {
    fputc('\n', out);
    at = 0;
  }
  print_wrapped(out, text, at);
}

void loa_settings_help(FILE *out)
{
  const char *group = NULL;
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    if (!s->flag)
      continue;
    if (!group || strcmp(group, s->group))
      fprintf(out, "%s:\n", group = s->group);
    print_option(out, s);
  }
}

void loa_settings_ini_help(FILE *out)
{
  fprintf(out, "the same settings in loa.ini (--config):\n");
  for (size_t i = 0; i < loa_nsettings; i++) {
    const loa_setting *s = &loa_settings[i];
    size_t first = 0;         /* the section's first row */
    while (s->section && !(loa_settings[first].section &&
                           !strcmp(loa_settings[first].section, s->section)))
      first++;
    if (!s->section || first != i)
      continue;
    size_t at = (size_t)fprintf(out, "  [%s]", s->section), indent = at;
    for (size_t j = i; j < loa_nsettings; j++) {
      const loa_setting *k = &loa_settings[j];
      if (!k->section || strcmp(k->section, s->section))
        continue;
      if (at + 1 + strlen(k->key) > HELP_WIDTH)
        at = (size_t)fprintf(out, "\n%*s", (int)indent, "") - 1;
      at += (size_t)fprintf(out, " %s", k->key);
    }
    fputc('\n', out);
  }
}

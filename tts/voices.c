/* voices.c: lexicon/voices.tsv, the voices loa speaks with (see voices.h), read by the
 * one strict reader (lexicon/tsv.h): a malformed row stops it with FILE:LINE. */
#include "tts/voices.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS 10

typedef struct {
  loa_voices *out;
  size_t cap;
} reading;

static int copy_field(char *dst, size_t cap, const char *src)
{
  size_t n = strlen(src);
  if (n >= cap)
    return -1;
  memcpy(dst, src, n + 1);
  return 0;
}

/* "north,bac" or "-" */
static const char *parse_aliases(char *s, loa_voice *v)
{
  v->naliases = 0;
  if (!strcmp(s, "-"))
    return NULL;
  for (char *a = s; a;) {
    char *comma = strchr(a, ',');
    if (comma)
      *comma = 0;
    if (!*a)
      return "an empty alias";
    if (v->naliases == LOA_VOICE_ALIASES)
      return "more than 4 aliases";
    if (copy_field(v->alias[v->naliases++], sizeof v->alias[0], a))
      return "an alias longer than 31 bytes";
    a = comma ? comma + 1 : NULL;
  }
  return NULL;
}

static int whole(const char *s, int lo, int hi, int *v)
{
  char *end;
  long x = strtol(s, &end, 10);
  *v = (int)x;
  return end != s && !*end && x >= lo && x <= hi;
}

static int number(const char *s, double lo, double hi, double *v)
{
  char *end;
  *v = strtod(s, &end);
  return end != s && !*end && *v >= lo && *v <= hi;
}

/* The columns F of a row into V, or the problem with them. */
static const char *parse_row(char **f, loa_voice *v)
{
  memset(v, 0, sizeof *v);
  if (!f[0][0] || copy_field(v->name, sizeof v->name, f[0]))
    return "a voice's name is 1 to 31 bytes";
  const char *why = parse_aliases(f[1], v);
  if (why)
    return why;
  if (strcmp(f[2], "north") && strcmp(f[2], "central") && strcmp(f[2], "south"))
    return "tones must be north, central or south (a region of lexicon/tones.tsv)";
  strcpy(v->tones, f[2]);
  if (!f[3][0] || copy_field(v->espeak, sizeof v->espeak, f[3]))
    return "eSpeak NG's voice name is 1 to 47 bytes";
  if (!whole(f[4], 0, 100, &v->espeak_pitch))
    return "espeak pitch must be a whole number from 0 to 100";
  if (!number(f[5], 50, 400, &v->f0))
    return "F0 must be a number of Hz from 50 to 400";
  if (!number(f[6], 0, 3, &v->range) || v->range <= 0)
    return "range must be a number over 0, at most 3";
  if (!whole(f[7], 80, 450, &v->rate))
    return "rate must be a whole number of words a minute from 80 to 450";
  if (!f[8][0] || copy_field(v->vi, sizeof v->vi, f[8]))
    return "the Vietnamese name is 1 to 95 bytes";
  if (!f[9][0] || copy_field(v->en, sizeof v->en, f[9]))
    return "the English name is 1 to 127 bytes";
  return NULL;
}

/* Is NAME already a name or alias of a voice read before? */
static int taken(const loa_voices *vs, const char *name)
{
  return loa_voices_find(vs, name) != NULL;
}

static const char *voice_row(char *line, size_t len, void *user)
{
  reading *r = user;
  char *f[COLUMNS];
  loa_voice v;
  if (loa_tsv_cut(line, len, f, COLUMNS) != COLUMNS)
    return "a voice has 10 tab-separated columns: name, aliases, tones, espeak, espeak "
           "pitch, F0, range, rate, Vietnamese, English";
  const char *why = parse_row(f, &v);
  if (why)
    return why;
  if (taken(r->out, v.name))
    return "the voice's name is an earlier voice's name or alias";
  for (int a = 0; a < v.naliases; a++)
    if (taken(r->out, v.alias[a]) || !strcmp(v.alias[a], v.name))
      return "an alias is already a name or alias";
  loa_voice *grown = loa_grow(r->out->v, &r->cap, r->out->n + 1, sizeof *grown);
  if (!grown)
    return LOA_TSV_NOMEM;
  r->out->v = grown;
  r->out->v[r->out->n++] = v;
  return NULL;
}

int loa_voices_load(loa_voices *out, const char *path, char *err, size_t errlen)
{
  char def[4096];
  memset(out, 0, sizeof *out);
  if (!path) {
    snprintf(def, sizeof def, "%s/lexicon/voices.tsv", loa_data_dir());
    path = def;
  }
  reading r = {out, 0};
  int rc = loa_tsv_read(path, voice_row, &r, err, errlen);
  if (rc == LOA_TSV_OK && !out->n) {
    loa_errf(err, errlen, "%s: no voice in the file", path);
    rc = LOA_TSV_EROW;
  }
  if (rc == LOA_TSV_OK)
    return LOA_VOICES_OK;
  loa_voices_free(out);
  return rc == LOA_TSV_EOPEN ? LOA_VOICES_EIO : rc == LOA_TSV_ENOMEM ? LOA_VOICES_ENOMEM
                                                                      : LOA_VOICES_EFORMAT;
}

void loa_voices_free(loa_voices *vs)
{
  free(vs->v);
  memset(vs, 0, sizeof *vs);
}

const loa_voice *loa_voices_find(const loa_voices *vs, const char *name)
{
  for (size_t i = 0; name && i < vs->n; i++) {
    if (!strcmp(vs->v[i].name, name))
      return &vs->v[i];
    for (int k = 0; k < vs->v[i].naliases; k++)
      if (!strcmp(vs->v[i].alias[k], name))
        return &vs->v[i];
  }
  return NULL;
}

/* voices.c: lexicon/voices.tsv, the voices loa speaks with (see voices.h). */
#include "tts/voices.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS 10

static int copy_field(char *dst, size_t cap, const char *src)
{
  size_t n = strlen(src);
  if (n >= cap)
    return -1;
  memcpy(dst, src, n + 1);
  return 0;
}

/* Split LINE at tabs into at most COLUMNS fields; returns how many. */
static int split_tabs(char *line, char **f)
{
  int n = 0;
  line[strcspn(line, "\r\n")] = 0;
  for (char *p = line; n < COLUMNS;) {
    f[n++] = p;
    char *t = strchr(p, '\t');
    if (!t)
      break;
    *t = 0;
    p = t + 1;
  }
  return n;
}

/* "north,bac" or "-" */
static int parse_aliases(char *s, loa_voice *v)
{
  v->naliases = 0;
  if (!strcmp(s, "-"))
    return 0;
  for (char *a = strtok(s, ","); a; a = strtok(NULL, ","))
    if (v->naliases == LOA_VOICE_ALIASES || copy_field(v->alias[v->naliases++], sizeof v->alias[0], a))
      return -1;
  return 0;
}

static int parse_row(char **f, loa_voice *v)
{
  char *end;
  memset(v, 0, sizeof *v);
  if (copy_field(v->name, sizeof v->name, f[0]) || !v->name[0] ||
      parse_aliases(f[1], v) ||
      copy_field(v->tones, sizeof v->tones, f[2]) ||
      copy_field(v->espeak, sizeof v->espeak, f[3]) ||
      copy_field(v->vi, sizeof v->vi, f[8]) || copy_field(v->en, sizeof v->en, f[9]))
    return -1;
  v->espeak_pitch = (int)strtol(f[4], &end, 10);
  if (*end || v->espeak_pitch < 0 || v->espeak_pitch > 100)
    return -1;
  v->f0 = strtod(f[5], &end);
  if (*end || v->f0 < 50 || v->f0 > 400)
    return -1;
  v->range = strtod(f[6], &end);
  if (*end || v->range <= 0 || v->range > 3)
    return -1;
  v->rate = (int)strtol(f[7], &end, 10);
  if (*end || v->rate < 80 || v->rate > 450)
    return -1;
  return strcmp(v->tones, "north") && strcmp(v->tones, "central") && strcmp(v->tones, "south")
             ? -1 : 0;
}

int loa_voices_load(loa_voices *out, const char *path, char *err, size_t errlen)
{
  char def[4096], line[1024];
  memset(out, 0, sizeof *out);
  if (!path) {
    snprintf(def, sizeof def, "%s/lexicon/voices.tsv", loa_data_dir());
    path = def;
  }
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read the voices", path);
    return LOA_VOICES_EIO;
  }
  size_t cap = 0;
  int lineno = 0, rc = LOA_VOICES_OK;
  while (!rc && fgets(line, sizeof line, f)) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
      continue;
    char *field[COLUMNS];
    loa_voice v;
    if (split_tabs(line, field) != COLUMNS || parse_row(field, &v)) {
      snprintf(err, errlen, "%s:%d: a voice needs %d tab-separated columns (see the file's header)",
               path, lineno, COLUMNS);
      rc = LOA_VOICES_EFORMAT;
      break;
    }
    loa_voice *grown = loa_grow(out->v, &cap, out->n + 1, sizeof *grown);
    if (!grown) {
      rc = LOA_VOICES_ENOMEM;
      break;
    }
    out->v = grown;
    out->v[out->n++] = v;
  }
  fclose(f);
  if (!rc && !out->n) {
    snprintf(err, errlen, "%s: no voice in the file", path);
    rc = LOA_VOICES_EFORMAT;
  }
  if (rc)
    loa_voices_free(out);
  return rc;
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

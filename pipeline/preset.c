/* preset.c: the sound presets ("stream", "loudspeaker", and any a station adds), read from presets.ini.
 *
 * loa_data_dir()/pipeline/presets.ini has one [section] per preset. Keys are
 * EFFECT.PARAMETER = number; the effects run in the order they first appear;
 * a parameter not given takes the default below. Known effects: highpass
 * (cutoff_hz), bandpass (low_hz, high_hz), compressor (threshold_db, ratio,
 * attack_ms, release_ms, makeup_db), gain (gain_db), phase (freq_hz, q,
 * sections). "description" is free
 * text. A malformed file is an error naming the file and line.
 */
#include "pipeline/dsp.h"
#include "lexicon/lexicon.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 5
#define MAX_FX 8
#define MAX_PRESETS 32

typedef struct {
  const char *name;
  const char *params[MAX_PARAMS];
  double defaults[MAX_PARAMS];
} fx_kind;

static const fx_kind kinds[] = {
    {"highpass", {"cutoff_hz"}, {70}},
    {"bandpass", {"low_hz", "high_hz"}, {180, 7000}},
    {"compressor",
     {"threshold_db", "ratio", "attack_ms", "release_ms", "makeup_db"},
     {-24, 3, 5, 120, 0}},
    {"gain", {"gain_db"}, {0}},
    {"phase", {"freq_hz", "q", "sections"}, {400, 0.7, 4}},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

typedef struct {
  int kind;
  double p[MAX_PARAMS];
} preset_fx;

typedef struct {
  char name[64];
  preset_fx fx[MAX_FX];
  int nfx;
} preset;

typedef struct {
  preset presets[MAX_PRESETS];
  int n;
  char problem[160]; /* the first problem found, without its line */
  char path[4096];
} preset_file;

static preset *find_preset(preset_file *f, const char *name)
{
  for (int i = 0; i < f->n; i++)
    if (strcmp(f->presets[i].name, name) == 0)
      return &f->presets[i];
  return NULL;
}

static int problem(preset_file *f, const char *fmt, const char *a, const char *b)
{
  if (!f->problem[0])
    snprintf(f->problem, sizeof f->problem, fmt, a, b);
  return 0;
}

static preset_fx *find_fx(preset *p, int kind)
{
  for (int i = 0; i < p->nfx; i++)
    if (p->fx[i].kind == kind)
      return &p->fx[i];
  if (p->nfx == MAX_FX)
    return NULL;
  preset_fx *fx = &p->fx[p->nfx++];
  fx->kind = kind;
  memcpy(fx->p, kinds[kind].defaults, sizeof fx->p);
  return fx;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
  preset_file *f = user;
  preset *p = find_preset(f, section);
  if (!p) {
    if (f->n == MAX_PRESETS || strlen(section) >= sizeof p->name || !section[0])
      return problem(f, "too many presets or a bad name [%s]%s", section, "");
    p = &f->presets[f->n++];
    memset(p, 0, sizeof *p);
    strcpy(p->name, section);
  }
  if (!name)    /* a section with no keys yet (INI_CALL_HANDLER_ON_NEW_SECTION) */
    return 1;
  if (strcmp(name, "description") == 0)
    return 1;
  const char *dot = strchr(name, '.');
  size_t len = dot ? (size_t)(dot - name) : strlen(name);
  for (size_t k = 0; k < NKINDS; k++) {
    if (strlen(kinds[k].name) != len || strncmp(kinds[k].name, name, len) != 0)
      continue;
    for (int j = 0; dot && j < MAX_PARAMS && kinds[k].params[j]; j++) {
      if (strcmp(kinds[k].params[j], dot + 1) != 0)
        continue;
      char *end;
      double v = strtod(value, &end);
      if (end == value || *end)
        return problem(f, "'%s' is not a number (for %s)", value, name);
      preset_fx *fx = find_fx(p, (int)k);
      if (!fx)
        return problem(f, "too many effects in [%s]%s", section, "");
      fx->p[j] = v;
      return 1;
    }
    return problem(f, "unknown parameter '%s' in [%s]", name, section);
  }
  return problem(f, "unknown effect '%s' in [%s] (known: highpass, bandpass, compressor, gain, phase)",
                 name, section);
}

/* Read the presets file into F; 0, or -1 with ERR set. */
static int load(preset_file *f, char *err, size_t errlen)
{
  memset(f, 0, sizeof *f);
  snprintf(f->path, sizeof f->path, "%s/pipeline/presets.ini", loa_data_dir());
  const char *path = f->path;
  int rc = ini_parse(f->path, on_key, f);
  if (rc == -1) {
    snprintf(err, errlen, "%s: cannot open the presets file", path);
    return -1;
  }
  if (rc != 0) {
    snprintf(err, errlen, "%s:%d: %s", path, rc > 0 ? rc : 0,
             f->problem[0] ? f->problem : "malformed line");
    return -1;
  }
  return 0;
}

static loa_effect *make_effect(const preset_fx *fx, double rate)
{
  const double *p = fx->p;
  switch (fx->kind) {
  case 0: return loa_highpass_new(rate, p[0]);
  case 1: return loa_bandpass_new(rate, p[0], p[1]);
  case 2: return loa_compressor_new(rate, p[0], p[1], p[2], p[3], p[4]);
  case 3: return loa_gain_new(rate, p[0]);
  case 4: return p[2] == (int)p[2] ? loa_phase_new(rate, p[0], p[1], (int)p[2]) : NULL;
  }
  return NULL;
}

int loa_preset_apply(loa_chain *c, const char *name, double rate, char *err, size_t errlen)
{
  char dummy[1];
  if (!err || errlen == 0) {
    err = dummy;
    errlen = sizeof dummy;
  }
  err[0] = '\0';
  if (!c || !name)
    return LOA_DSP_EARG;
  preset_file *f = malloc(sizeof *f);
  if (!f) {
    snprintf(err, errlen, "out of memory");
    return LOA_DSP_ENOMEM;
  }
  int rc = LOA_DSP_OK;
  const preset *p = NULL;
  if (load(f, err, errlen) != 0) {
    rc = LOA_DSP_EARG;
  } else if (!(p = find_preset(f, name))) {
    int used = snprintf(err, errlen, "unknown preset '%s' (known:", name);
    for (int i = 0; i < f->n && used >= 0 && (size_t)used < errlen; i++)
      used += snprintf(err + used, errlen - used, "%s %s", i ? "," : "", f->presets[i].name);
    if (used >= 0 && (size_t)used < errlen)
      snprintf(err + used, errlen - used, ")");
    rc = LOA_DSP_EARG;
  }
  for (int i = 0; p && rc == LOA_DSP_OK && i < p->nfx; i++) {
    loa_effect *e = make_effect(&p->fx[i], rate);
    if (!e) {
      snprintf(err, errlen, "%s: preset '%s': %s settings out of range at %.0f Hz", f->path, name,
               kinds[p->fx[i].kind].name, rate);
      rc = LOA_DSP_EARG;
    } else if ((rc = loa_chain_add(c, e)) != LOA_DSP_OK) {
      snprintf(err, errlen, "preset '%s': cannot add %s to the chain", name,
               kinds[p->fx[i].kind].name);
    }
  }
  free(f);
  return rc;
}

const char *const *loa_preset_names(void)
{
  static char names[MAX_PRESETS][64];
  static const char *list[MAX_PRESETS + 1];
  static int loaded;
  if (!loaded) {
    preset_file *f = malloc(sizeof *f);
    char err[256];
    int n = 0;
    if (f && load(f, err, sizeof err) == 0)
      for (; n < f->n; n++) {
        memcpy(names[n], f->presets[n].name, sizeof names[n]);
        list[n] = names[n];
      }
    list[n] = NULL;
    free(f);
    loaded = 1;
  }
  return list;
}
